"""Backups: `manage.py backup DEST` copies the database and the uploaded files consistently while
the site writes, and `manage.py restore SRC` brings them back (SQLite and PostgreSQL alike)."""

import json
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from wagtail.documents.models import Document

from portal.backup import KEY_MODELS, count_rows, file_hashes
from portal.models import User
from resolutions.acknowledgements.services import acknowledge, revision_fingerprint
from resolutions.models import Acknowledgement, Comment
from tests import factories

# Real commits: the backup reads the database from outside the test's connection.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def content():
    """Members, an acknowledged and commented document, an image and an attachment."""
    member = factories.UserFactory(full_name="Lê Thị Sao Lưu")
    page = factories.document(audience="members", requires_acknowledgement=True)
    revision = page.live_revision
    acknowledge(page, member, revision_id=revision.pk, fingerprint=revision_fingerprint(revision))
    factories.comment(page, member, text="Góp ý trước khi sao lưu.")
    factories.image(title="Ảnh hội nghị")
    attachment = Document(title="Biên bản hội nghị")
    attachment.file.save("bien-ban-hoi-nghi.pdf", ContentFile(b"%PDF-1.4 bien ban"), save=True)
    return {"member": member, "page": page}


def current_counts():
    with connection.cursor() as cursor:
        return count_rows(cursor)


def media_hashes():
    return file_hashes(Path(settings.MEDIA_ROOT))


class Writer(threading.Thread):
    """The site at work: a comment and its reply, always written in one transaction."""

    def __init__(self, page, member):
        super().__init__()
        self.page, self.member = page, member
        self.stop = threading.Event()
        self.pairs = 0
        self.errors = []

    def run(self):
        try:
            while not self.stop.is_set() or self.pairs < 3:
                with transaction.atomic():
                    parent = Comment.objects.create(
                        page=self.page, author=self.member, text=f"Ý kiến {self.pairs}"
                    )
                    Comment.objects.create(
                        page=self.page, author=self.member, parent=parent, text="Trả lời"
                    )
                self.pairs += 1
        except Exception as error:  # any database error fails the test
            self.errors.append(repr(error))
        finally:
            connection.close()


def test_backup_while_writing_then_restore_brings_everything_back(content, tmp_path):
    dest = tmp_path / "sao-luu"
    writer = Writer(content["page"], content["member"])
    writer.start()
    try:
        while writer.pairs < 3 and writer.is_alive():
            time.sleep(0.01)  # let the site write a little before and during the backup
        call_command("backup", str(dest))
    finally:
        writer.stop.set()
        writer.join()
    assert writer.errors == []

    manifest = json.loads((dest / "manifest.json").read_text())
    assert manifest["engine"] == connection.vendor
    assert set(manifest["counts"]) == set(KEY_MODELS)
    backed_up = manifest["counts"]
    media_before = media_hashes()
    assert any(name.endswith(".pdf") for name in media_before)
    assert {f"media/{name}": digest for name, digest in media_before.items()}.items() <= (
        manifest["files"].items()
    )

    # Afterwards the site changes: more comments, a new member, a file lost, a file added.
    assert current_counts()["resolutions.Comment"] >= backed_up["resolutions.Comment"]
    factories.UserFactory(username="sau-sao-luu")
    Comment.objects.filter(parent__isnull=False).delete()
    lost = next(Path(settings.MEDIA_ROOT).rglob("*.pdf"))
    lost.unlink()
    (Path(settings.MEDIA_ROOT) / "them-sau.txt").write_text("không có trong bản sao lưu")

    call_command("restore", str(dest), "--yes-i-am-sure")

    assert current_counts() == backed_up
    assert media_hashes() == media_before
    assert not User.objects.filter(username="sau-sao-luu").exists()
    # The copy was consistent: every comment of the backup came with its reply.
    parents = Comment.objects.filter(parent__isnull=True, text__startswith="Ý kiến").count()
    replies = Comment.objects.filter(parent__isnull=False).count()
    assert parents == replies >= 3
    record = Acknowledgement.objects.get(member=content["member"])
    assert record.fingerprint == revision_fingerprint(record.revision)

    # A second backup of the restored site matches the first, file for file.
    again = tmp_path / "sao-luu-lai"
    call_command("backup", str(again))
    second = json.loads((again / "manifest.json").read_text())
    assert second["counts"] == backed_up
    media_files = {name: digest for name, digest in manifest["files"].items() if "media/" in name}
    assert {n: d for n, d in second["files"].items() if "media/" in n} == media_files


def test_restore_asks_first_and_changes_nothing_without_consent(content, tmp_path):
    dest = tmp_path / "sao-luu"
    call_command("backup", str(dest))
    factories.UserFactory(username="van-con-do")
    with pytest.raises(CommandError, match="--yes-i-am-sure"):
        call_command("restore", str(dest), "--no-input")
    assert User.objects.filter(username="van-con-do").exists()


def test_a_damaged_or_unfinished_backup_is_refused(content, tmp_path):
    dest = tmp_path / "sao-luu"
    call_command("backup", str(dest))
    factories.UserFactory(username="van-con-do")
    tampered = next((dest / "media").rglob("*.pdf"))
    tampered.write_bytes(b"%PDF-1.4 sua doi")
    with pytest.raises(CommandError, match="hỏng"):
        call_command("restore", str(dest), "--yes-i-am-sure")
    (dest / "manifest.json").unlink()
    with pytest.raises(CommandError, match="không phải là một bản sao lưu đầy đủ"):
        call_command("restore", str(dest), "--yes-i-am-sure")
    assert User.objects.filter(username="van-con-do").exists()


def test_backup_refuses_to_write_over_something(content, tmp_path):
    dest = tmp_path / "sao-luu"
    dest.mkdir()
    (dest / "cu.txt").write_text("dữ liệu cũ")
    with pytest.raises(CommandError, match="không trống"):
        call_command("backup", str(dest))
    assert (dest / "cu.txt").read_text() == "dữ liệu cũ"


def test_a_backup_is_its_owners_alone_and_holds_no_live_session(content, tmp_path):
    """Whoever can read the backup folder must not be able to log in as a member with it, nor
    compute a member's authenticator codes."""
    from django.test import Client

    Client().force_login(content["member"])
    secret = factories.two_factor(content["member"])
    dest = tmp_path / "rieng"
    call_command("backup", str(dest))
    modes = {path: path.stat().st_mode & 0o777 for path in [dest, *dest.rglob("*")]}
    assert {path for path, mode in modes.items() if mode & 0o077} == set()
    if connection.vendor == "sqlite":
        import sqlite3

        copy = sqlite3.connect(dest / "db.sqlite3")
        assert copy.execute("SELECT COUNT(*) FROM django_session").fetchone() == (0,)
    # Authenticator secrets are kept encrypted with a key derived from SECRET_KEY (portal.mfa):
    # neither the table nor the backup holds them (a PostgreSQL dump is compressed, so the
    # table is what tells).
    from allauth.mfa.models import Authenticator

    stored = Authenticator.objects.filter(user=content["member"]).values_list("data", flat=True)
    assert not [data for data in stored if secret in str(data)]
    database = next(path for path in dest.iterdir() if path.name.startswith("db."))
    assert secret.encode() not in database.read_bytes()

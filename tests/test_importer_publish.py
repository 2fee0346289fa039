"""Publishing imported documents: as Wagtail publishes a page, with the caches invalidated and
the front cache purged once a batch, and only by those who may publish.

The importer publishes a page it has just created without Wagtail's generic publish
(resolutions.importer.writing): the page it leaves must be the one Wagtail would.
"""

import os
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import PageLogEntry
from wagtail.signals import page_published, published

from resolutions.importer import ImportRefused
from resolutions.importer.originals import MAX_AGE, PENDING_FOLDER, stash
from resolutions.importer.parser import parse
from resolutions.importer.service import import_parsed
from resolutions.models import PartyDocumentPage
from tests import factories

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "importer"


@pytest.fixture
def signals():
    """The page_published and published signals sent: (signal, sender, page id, page live,
    revision id)."""
    sent = []

    def record(signal):
        def receiver(sender, instance, revision, **kwargs):
            sent.append((signal, sender, instance.pk, instance.live, revision.pk))

        return receiver

    receivers = {page_published: record("page_published"), published: record("published")}
    for signal, receiver in receivers.items():
        signal.connect(receiver)
    yield sent
    for signal, receiver in receivers.items():
        signal.disconnect(receiver)


def published_state(page, signals):
    """What publishing left of `page`: its columns, its audit log and the signals sent."""
    page = PartyDocumentPage.objects.get(pk=page.pk)
    revision = page.latest_revision
    entries = PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk")
    return {
        "live": page.live,
        "expired": page.expired,
        "has_unpublished_changes": page.has_unpublished_changes,
        "live_revision_is_latest": page.live_revision_id == revision.pk,
        "first_published_is_last": page.first_published_at == page.last_published_at,
        "published_after_saved": page.last_published_at >= revision.created_at,
        "revision_created_at": page.latest_revision_created_at == revision.created_at,
        "draft_title": page.draft_title == page.title,
        "approved_go_live_at": revision.approved_go_live_at,
        "log": [
            (e.action, e.revision_id, e.content_changed, e.data, e.user_id, e.label == page.title)
            for e in entries
        ],
        "signals": [
            (signal, sender, live, revision_id)
            for signal, sender, page_id, live, revision_id in signals
            if page_id == page.pk
        ],
    }


def normalised(state, page):
    """The state with the page's own revision id replaced, to compare two pages."""
    revision = PartyDocumentPage.objects.get(pk=page.pk).latest_revision_id
    swap = lambda value: "revision" if value == revision else value  # noqa: E731
    log = [(action, swap(rev), *rest) for action, rev, *rest in state["log"]]
    signals = [(*head, swap(rev)) for *head, rev in state["signals"]]
    return {**state, "log": log, "signals": signals}


def document(number):
    """The same regulation under another number (its title is rewritten by clean())."""
    return (FIXTURES / "quy_dinh.txt").read_text("utf-8").replace("04-QĐi/ĐU", f"{number}-QĐi/ĐU")


def test_an_imported_page_is_published_as_wagtail_publishes_it(signals):
    library, moderator = factories.library(), factories.moderator()
    imported = import_parsed(parse(document(4)), library, publish=True, user=moderator).page
    by_wagtail = import_parsed(parse(document(5)), library, publish=False, user=moderator).page
    by_wagtail.latest_revision.publish(user=moderator)

    expected = normalised(published_state(by_wagtail, signals), by_wagtail)
    assert expected["live"] and expected["log"][-1][0] == "wagtail.publish"
    assert normalised(published_state(imported, signals), imported) == expected


def test_a_batch_is_published_as_one_file_at_a_time_would_be(tmp_path, signals):
    for number in (4, 5, 6):
        (tmp_path / f"{number}.txt").write_text(document(number), "utf-8")
    call_command("import_document", str(tmp_path), "--publish", "--batch", "2")
    alone = import_parsed(parse(document(7)), factories.library(), publish=True).page
    expected = normalised(published_state(alone, signals), alone)
    pages = PartyDocumentPage.objects.exclude(pk=alone.pk)
    assert pages.count() == 3
    assert [normalised(published_state(page, signals), page) for page in pages] == [expected] * 3


def test_caches_are_invalidated_and_the_front_cache_purged_once_a_batch(
    tmp_path, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "nginx": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:9",
        }
    }
    purged = []
    monkeypatch.setattr(PurgeBatch, "purge", lambda batch, *args, **kw: purged.append(batch.urls))
    for number in (4, 5, 6):
        (tmp_path / f"{number}.txt").write_text(document(number), "utf-8")
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True) as after_commit,
    ):
        call_command("import_document", str(tmp_path), "--publish", "--batch", "3")
    bumps = [q["sql"] for q in queries if "portal_cacheversion" in q["sql"].split(" (")[0]]
    bumps = [sql for sql in bumps if not sql.startswith("SELECT")]
    assert len(bumps) == 2  # the content and the audience versions, once each
    assert "'content'" in " ".join(bumps) and "'audience'" in " ".join(bumps)
    assert len(purged) == 1
    assert len(after_commit) == 2  # the purge and the anonymous cache's version, once each
    pages = PartyDocumentPage.objects.all()
    assert len(pages) == 3 and {page.full_url for page in pages} <= purged[0]
    assert factories.library().full_url in purged[0]


def test_who_may_not_publish_is_told_so_and_nothing_is_written():
    parsed = parse(document(4))
    with pytest.raises(ImportRefused, match="không có quyền xuất bản"):
        import_parsed(parsed, factories.library(), publish=True, user=factories.editor())
    assert not PartyDocumentPage.objects.exists()
    draft = import_parsed(parsed, factories.library(), user=factories.editor()).page
    assert not draft.live  # a draft the editor may still save


def test_files_of_abandoned_reviews_are_deleted_when_a_review_starts(client, settings):
    client.force_login(factories.editor())
    old = Path(settings.MEDIA_ROOT) / PENDING_FOLDER
    stash("cu.docx", b"old review")
    abandoned = next(old.glob("*/cu.docx"))
    a_day_ago = time.time() - MAX_AGE - 60
    os.utime(abandoned, (a_day_ago, a_day_ago))
    stash("moi.docx", b"recent review")
    emptied = old / "emptied"
    emptied.mkdir()
    os.utime(emptied, (a_day_ago, a_day_ago))

    response = client.post(
        reverse("import_documents"),
        {
            "files": [_upload("nghi-quyet.txt", FIXTURES / "quy_dinh.txt")],
            "parent": factories.library().pk,
        },
    )
    assert response.status_code == 200
    assert not abandoned.exists() and not abandoned.parent.exists() and not emptied.exists()
    assert [path.name for path in old.glob("*/*")] == ["moi.docx"]


def _upload(name, path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, path.read_bytes())

"""The fingerprint of a published text is stored once per revision, so that a document page
opened with nothing cached shows its printed-check code without decoding the revision; and
the QR code of that check is drawn once per code and address."""

import importlib

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.caching import versions
from resolutions import printed
from resolutions.acknowledgements.services import (
    live_fingerprint,
    revision_fingerprint,
    revision_text,
    text_fingerprint,
)
from resolutions.models import RevisionFingerprint
from tests import factories

pytestmark = pytest.mark.django_db
REVISION_CONTENT = '"wagtailcore_revision"."content"'


@pytest.fixture
def reader():
    return factories.UserFactory(party_cell=factories.PartyCellFactory())


def forget_cached():
    cache.clear()
    versions.forget_kept()


def computed(revision):
    """The fingerprint as resolutions.acknowledgements.services computes it, from the revision."""
    return text_fingerprint(revision_text(revision))


def stored(revision):
    return RevisionFingerprint.objects.get(revision=revision).fingerprint


def test_publishing_stores_the_fingerprint_of_each_new_text():
    page = factories.document(body=[{"type": "paragraph", "value": "<p>Văn bản đầu.</p>"}])
    first = page.live_revision
    assert stored(first) == computed(first) == revision_fingerprint(first)
    page.body = [{"type": "paragraph", "value": "<p>Văn bản đã sửa.</p>"}]
    page.save_revision().publish()
    page.refresh_from_db()
    second = page.live_revision
    assert second.pk != first.pk
    assert stored(second) == computed(second) != stored(first)
    forget_cached()
    assert live_fingerprint(page) == computed(second)


def test_a_cold_page_shows_the_check_of_the_stored_fingerprint_without_decoding_the_revision(
    client, reader
):
    page = factories.document(audience="members")
    client.force_login(reader)
    forget_cached()
    with CaptureQueriesContext(connection) as queries:
        html = client.get(page.url).content.decode()
    assert not [query for query in queries if REVISION_CONTENT in query["sql"]]
    assert printed.code(page.pk, computed(page.live_revision)) in html


def test_a_revision_without_a_stored_fingerprint_gets_it_when_first_shown(client, reader):
    page = factories.document(audience="members")
    RevisionFingerprint.objects.all().delete()
    client.force_login(reader)
    forget_cached()
    html = client.get(page.url).content.decode()
    assert printed.code(page.pk, computed(page.live_revision)) in html
    assert stored(page.live_revision) == computed(page.live_revision)


def test_the_migration_fills_the_fingerprints_of_published_documents():
    pages = [factories.document(), factories.document(audience="members")]
    factories.document(publish=False)  # nothing published: nothing to store
    RevisionFingerprint.objects.all().delete()
    migration = importlib.import_module("resolutions.migrations.0013_revision_fingerprints")
    migration.fill(apps, None)
    assert {row.revision_id: row.fingerprint for row in RevisionFingerprint.objects.all()} == {
        page.live_revision_id: computed(page.live_revision) for page in pages
    }


def test_the_qr_code_is_drawn_once_per_code_and_address(monkeypatch):
    drawn = []
    real = printed._qr
    monkeypatch.setattr(printed, "_qr", lambda url: drawn.append(url) or real(url))
    forget_cached()
    check = printed.PrintedCheck("AAAA-BBBB", "https://portal.example.vn/van-ban/a/kiem-tra/x/")
    first = check.svg
    assert printed.PrintedCheck(check.code, check.url).svg == first
    versions.forget_kept()  # another process: from the shared cache
    assert printed.PrintedCheck(check.code, check.url).svg == first
    assert drawn == [check.url]
    other = printed.PrintedCheck(check.code, "https://portal.example.vn/van-ban/b/kiem-tra/x/")
    assert other.svg != first
    assert drawn == [check.url, other.url]

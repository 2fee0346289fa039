"""Honest reading signals: opened (the read receipt) and reached the end (reading.js's beacon),
recorded only for the reader's own session, never for previews; disclosed to the member."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from resolutions.acknowledgements.progress import document_progress
from resolutions.models import ReadReceipt
from tests import factories
from tests.test_acknowledgement import post_acknowledgement, required_document

pytestmark = pytest.mark.django_db


def beacon(client, html):
    """What reading.js sends: the hook's address with the CSRF token it carries."""
    hook = re.search(
        r'<form hidden method="post" action="([^"]+)" data-reading-end>'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">',
        html,
    )
    assert hook, "the page has no reading hook"
    return client.post(hook[1], {"csrfmiddlewaretoken": hook[2]})


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def test_reaching_the_end_is_recorded_once_for_the_reader_and_shown(csrf_client):
    page = required_document()
    reader = factories.UserFactory()
    other = factories.UserFactory(party_cell=reader.party_cell)
    other_client = Client()
    other_client.force_login(other)
    other_client.get(page.url)  # opened, never scrolled to the end
    csrf_client.force_login(reader)
    html = csrf_client.get(page.url).content.decode()
    assert 'src="/static/resolutions/js/reading.js"' in html
    assert beacon(csrf_client, html).status_code == 204
    receipt = ReadReceipt.objects.get(member=reader, page=page)
    assert receipt.reached_end_at is not None
    first = receipt.reached_end_at
    beacon(csrf_client, csrf_client.get(page.url).content.decode())
    receipt.refresh_from_db()
    assert receipt.reached_end_at == first  # once
    assert ReadReceipt.objects.get(member=other).reached_end_at is None
    tally = document_progress(page).cells[0]
    assert (tally.opened, tally.reached_end, tally.acknowledged) == (2, 1, 0)
    account = csrf_client.get(reverse("my_account")).content.decode()
    assert "Đã đọc đến cuối" in account and page.title in account


def test_no_signal_without_opening_without_a_session_or_across_sites(client, csrf_client):
    page = required_document()
    reader = factories.UserFactory()
    url = reverse("acknowledgement_reached_end", args=[page.pk])
    assert client.post(url).status_code == 302  # anonymous: to the log-in
    client.force_login(reader)
    assert client.post(url).status_code == 204  # never opened: nothing to note
    assert not ReadReceipt.objects.exists()
    csrf_client.force_login(reader)
    csrf_client.get(page.url)
    assert csrf_client.post(url).status_code == 403  # another site's forged beacon
    assert ReadReceipt.objects.get().reached_end_at is None
    outsider_page = required_document(audience=factories.PartyCellFactory().group)
    outsider_url = reverse("acknowledgement_reached_end", args=[outsider_page.pk])
    assert client.post(outsider_url).status_code == 404


def test_previews_record_nothing(client):
    page = required_document()
    editor = factories.editor()
    client.force_login(editor)
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert preview.status_code == 200
    assert "data-reading-end" not in preview.content.decode()
    assert not ReadReceipt.objects.filter(member=editor).exists()


def test_acknowledged_readers_are_not_tracked_further(client):
    page = required_document()
    reader = factories.UserFactory()
    client.force_login(reader)
    post_acknowledgement(client, page)
    assert "data-reading-end" not in client.get(page.url).content.decode()

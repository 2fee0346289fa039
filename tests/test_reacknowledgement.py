"""After a substantive change: who acknowledged before confirms only the changed sections (the
evidence holds both fingerprints); who never acknowledged reads the whole document."""

import pytest
from django.urls import reverse

from resolutions.acknowledgements.services import revision_fingerprint
from resolutions.models import Acknowledgement
from tests import factories
from tests.test_acknowledgement import form_values, post_acknowledgement, required_document

pytestmark = pytest.mark.django_db


def section(number, title, *paragraphs):
    heading = {"type": "heading", "value": {"number": number, "text": title, "level": "2"}}
    return [heading, *({"type": "paragraph", "value": f"<p>{p}</p>"} for p in paragraphs)]


BEFORE = [
    *section("1.", "Mục tiêu", "Tỷ lệ tốt nghiệp đạt 90%."),
    *section("2.", "Giải pháp", "Tăng cường sinh hoạt chuyên đề."),
    *section("3.", "Tổ chức thực hiện", "Các chi bộ triển khai trong quý I."),
]
AFTER = [
    *section("1.", "Mục tiêu", "Tỷ lệ tốt nghiệp đạt 95%."),
    *section("2.", "Giải pháp", "Tăng cường sinh hoạt chuyên đề."),
    *section("3.", "Tổ chức thực hiện", "Các chi bộ triển khai trong quý I."),
    *section("4.", "Kiểm tra, giám sát", "Ủy ban kiểm tra giám sát hằng quý."),
]


def change(page, body):
    page.body = body
    page.substantive_change = True
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_only_the_changed_sections_are_shown_and_confirmed(client):
    page = required_document(body=BEFORE)
    reader = factories.UserFactory()
    client.force_login(reader)
    post_acknowledgement(client, page)
    first = Acknowledgement.objects.get(member=reader)
    change(page, AFTER)

    document = client.get(page.url).content.decode()
    assert 'name="fingerprint"' not in document  # the box leads to the changes instead
    url = reverse("acknowledgement_changes", args=[page.pk])
    assert url in document
    html = client.get(url).content.decode()
    assert "<del>90%.</del>" in html and "<ins>95%.</ins>" in html
    assert "Kiểm tra, giám sát" in html and "phần mới" in html
    for unchanged in ("2. Giải pháp", "Tăng cường sinh hoạt", "3. Tổ chức", "Các chi bộ triển"):
        assert unchanged not in html  # unchanged sections are left out

    post_acknowledgement(client, page, url)
    second = Acknowledgement.objects.exclude(pk=first.pk).get(member=reader)
    assert second.previous_fingerprint == first.fingerprint
    assert second.fingerprint == revision_fingerprint(page.live_revision)
    assert second.fingerprint != first.fingerprint
    client.force_login(factories.editor())
    export = reverse("acknowledgement_export", args=[page.pk]) + "?export=csv"
    csv_text = b"".join(client.get(export).streaming_content).decode()
    assert f"{second.fingerprint},{first.fingerprint},Cổng thông tin" in csv_text


def test_confirming_changes_against_another_version_is_refused(client):
    page = required_document(body=BEFORE)
    reader = factories.UserFactory()
    client.force_login(reader)
    post_acknowledgement(client, page)
    change(page, AFTER)
    values = form_values(client, page, reverse("acknowledgement_changes", args=[page.pk]))
    values["previous_fingerprint"] = "0" * 64
    client.post(reverse("acknowledge_document", args=[page.pk]), values)
    assert Acknowledgement.objects.filter(member=reader).count() == 1


def test_members_who_never_acknowledged_read_the_whole_document(client):
    page = required_document(body=BEFORE)
    change(page, AFTER)
    newcomer = factories.UserFactory()
    client.force_login(newcomer)
    assert client.get(reverse("acknowledgement_changes", args=[page.pk])).status_code == 404
    values = form_values(client, page)
    assert "previous_fingerprint" not in values
    post_acknowledgement(client, page)
    assert Acknowledgement.objects.get(member=newcomer).previous_fingerprint == ""

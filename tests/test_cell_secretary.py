"""The chi bộ secretary's own view on the site: their chi bộ only, documents they may read only,
one rate-limited, logged reminder."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import PageLogEntry

from resolutions.acknowledgements.cell_views import REMIND_ACTION
from tests import factories
from tests.test_acknowledgement import post_acknowledgement, required_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell():
    return factories.PartyCellFactory(name="Chi bộ Khoa Cơ khí")


@pytest.fixture
def secretary(cell):
    secretary = factories.UserFactory(party_cell=cell, full_name="Trương Văn Bí")
    cell.secretary = secretary
    cell.save()
    return secretary


def test_secretary_sees_their_members_reading_and_acknowledging(client, cell, secretary):
    done = factories.UserFactory(party_cell=cell, full_name="Đỗ Thị Xong")
    late = factories.UserFactory(party_cell=cell, full_name="Mai Văn Chậm")
    elsewhere = factories.UserFactory(full_name="Hà Văn Khác")
    page = required_document()
    client.force_login(done)
    post_acknowledgement(client, page)
    client.force_login(secretary)
    html = client.get(reverse("acknowledgement_cell")).content.decode()
    assert page.title in html and "Đã mở: 1/3" in html and "Đã xác nhận: 1" in html
    assert "Xác nhận văn bản – Chi bộ Khoa Cơ khí" in html
    # The members, one document at a time on its own page.
    assert done.full_name not in html
    detail = reverse("acknowledgement_cell_document", args=[page.pk])
    assert f'href="{detail}"' in html
    html = client.get(detail).content.decode()
    assert page.title in html and done.full_name in html and late.full_name in html
    assert elsewhere.full_name not in html
    assert "Đã mở: 1/3" in html and "Đã xác nhận: 1" in html


def test_counts_follow_each_documents_audience_and_keep_who_acknowledged(client, cell, secretary):
    """A committee document counts only the chi bộ's committee members; a member who
    acknowledged and then left stays counted, as on the document's own page."""
    secretary.groups.add(factories.committee_group())
    in_committee = factories.UserFactory(party_cell=cell)
    in_committee.groups.add(factories.committee_group())
    factories.UserFactory(party_cell=cell, full_name="Lê Văn Ngoài")
    committee = required_document(audience=factories.committee_group(), title="Của Ban")
    for_all = required_document(title="Cho mọi đảng viên")
    client.force_login(in_committee)
    post_acknowledgement(client, for_all)
    in_committee.is_active = False
    in_committee.save()
    client.force_login(secretary)
    html = client.get(reverse("acknowledgement_cell")).content.decode()
    pattern = r'id="round-(\d+)">.*?Đã mở: (\d+/\d+).*?Đã xác nhận: (\d+)'
    counts = {int(pk): (opened, done) for pk, opened, done in re.findall(pattern, html, re.S)}
    assert counts == {committee.pk: ("0/1", "0"), for_all.pk: ("1/3", "1")}
    html = client.get(reverse("acknowledgement_cell_document", args=[committee.pk])).content
    assert "Lê Văn Ngoài" not in html.decode()


def test_the_summary_reads_a_few_queries_whatever_the_number_of_documents(
    client, cell, secretary, django_assert_max_num_queries
):
    """Counted for every document at once: 13 queries for one document as for eight."""
    factories.UserFactory.create_batch(3, party_cell=cell)
    for _ in range(8):
        required_document()
    client.force_login(secretary)
    url = reverse("acknowledgement_cell")
    client.get(url)
    with django_assert_max_num_queries(15):
        assert client.get(url).content.decode().count('<section class="cell-round') == 8


def test_only_documents_the_secretary_may_read(client, cell, secretary):
    factories.UserFactory(party_cell=cell)
    committee = required_document(audience=factories.committee_group(), title="Mật của Ban")
    committee_member = factories.UserFactory(party_cell=cell)
    committee_member.groups.add(factories.committee_group())
    client.force_login(secretary)
    assert "Mật của Ban" not in client.get(reverse("acknowledgement_cell")).content.decode()
    detail = reverse("acknowledgement_cell_document", args=[committee.pk])
    assert client.get(detail).status_code == 404
    remind = reverse("acknowledgement_cell_remind", args=[committee.pk])
    assert client.post(remind).status_code == 404
    assert mail.outbox == []


def test_members_who_are_not_secretaries_get_nothing(client, cell, secretary):
    page = required_document()
    client.force_login(factories.UserFactory(party_cell=cell))
    assert client.get(reverse("acknowledgement_cell")).status_code == 404
    detail = reverse("acknowledgement_cell_document", args=[page.pk])
    assert client.get(detail).status_code == 404


def test_one_reminder_to_the_late_of_the_chi_bo_then_a_pause(
    client, cell, secretary, django_capture_on_commit_callbacks
):
    late = factories.UserFactory(party_cell=cell)
    other_cell_member = factories.UserFactory()
    page = required_document()
    client.force_login(secretary)
    remind = reverse("acknowledgement_cell_remind", args=[page.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remind, follow=True)
    assert "Đã gửi nhắc nhở" in response.content.decode()
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([late.email, secretary.email])
    assert other_cell_member.email not in recipients
    entry = PageLogEntry.objects.get(page=page, action=REMIND_ACTION)
    assert entry.user == secretary and entry.data["reminded"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(remind, follow=True)
    assert "xin đợi vài giờ" in again.content.decode()
    assert len(mail.outbox) == 2
    assert PageLogEntry.objects.filter(action=REMIND_ACTION).count() == 1

"""Evidence is kept: acknowledgements, comments and the audit log survive deleting, moving and
archiving a document, and deactivating a member."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, PageLogEntry

from resolutions.acknowledgements.services import acknowledge, revision_fingerprint
from resolutions.models import Acknowledgement, Comment, DocumentIndexPage, PartyDocumentPage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary():
    return factories.moderator()


@pytest.fixture
def admin_client(secretary):
    client = Client()
    client.force_login(secretary)
    return client


def office_client():
    client = Client()
    client.force_login(factories.UserFactory(is_superuser=True))
    return client


def acknowledged_document(member):
    page = factories.document(audience="members", requires_acknowledgement=True)
    revision = page.live_revision
    acknowledge(page, member, revision_id=revision.pk, fingerprint=revision_fingerprint(revision))
    return page


def delete_url(page):
    return reverse("wagtailadmin_pages:delete", args=[page.pk])


def test_deleting_an_acknowledged_document_offers_to_archive_it(admin_client, secretary, member):
    page = acknowledged_document(member)
    response = admin_client.get(delete_url(page))
    assert response.status_code == 200
    html = response.content.decode()
    assert "không thể xóa" in html and "1 lượt xác nhận" in html
    assert "Ngừng xuất bản và lưu trữ" in html
    # Wagtail's own delete confirmation, posted anyway, deletes nothing.
    assert admin_client.post(delete_url(page)).status_code == 200
    assert PartyDocumentPage.objects.filter(pk=page.pk).exists()

    response = admin_client.post(delete_url(page), {"archive": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "wagtailadmin_explore", args=[page.get_parent().pk]
    )
    assert "đã được ngừng xuất bản và lưu trữ" in response.content.decode()
    page.refresh_from_db()
    assert not page.live
    assert Acknowledgement.objects.filter(page=page, member=member).count() == 1
    unpublished = PageLogEntry.objects.get(page=page, action="wagtail.unpublish")
    assert unpublished.user == secretary
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()
    # Readers lose it; the editors keep it, and the records still verify.
    reader = Client()
    reader.force_login(member)
    assert reader.get(page.get_url()).status_code == 404
    assert admin_client.get(reverse("acknowledgement_progress", args=[page.pk])).status_code == 200
    out = io.StringIO()
    call_command("verify_acknowledgements", stdout=out)
    assert "1 acknowledgements checked, 0 mismatched" in out.getvalue()


def test_a_commented_document_is_kept_too(admin_client, member):
    page = factories.document(audience="members")
    factories.comment(page, member)
    response = admin_client.get(delete_url(page), follow=True)
    assert "không thể xóa" in response.content.decode()
    for data in ({}, {"archive": "1"}):
        assert admin_client.post(delete_url(page), data).status_code < 500
    assert Comment.objects.filter(page=page).count() == 1
    assert PartyDocumentPage.objects.filter(pk=page.pk).exists()


def test_deleting_a_section_above_evidence_is_refused_the_same_way(member):
    admin_client = office_client()
    home = Page.objects.get(depth=2)
    section = DocumentIndexPage(title="Văn bản nhiệm kỳ trước", slug="van-ban-nhiem-ky-truoc")
    home.add_child(instance=section)
    section.save_revision().publish()
    page = acknowledged_document(member)
    page.move(section, pos="last-child")
    html = admin_client.get(delete_url(section)).content.decode()
    assert "các văn bản bên dưới" in html
    admin_client.post(delete_url(section), {"archive": "1"})
    assert Page.objects.filter(pk=section.pk, live=False).exists()
    assert PartyDocumentPage.objects.filter(pk=page.pk, live=False).exists()
    assert Acknowledgement.objects.filter(page=page).exists()


def test_a_document_without_records_is_deleted_as_usual(admin_client):
    page = factories.document()
    response = admin_client.get(delete_url(page))
    assert "không thể xóa" not in response.content.decode()
    admin_client.post(delete_url(page))
    assert not Page.objects.filter(pk=page.pk).exists()


def test_bulk_deletion_leaves_evidence_alone(admin_client, member):
    kept = acknowledged_document(member)
    plain = factories.document()
    parent = kept.get_parent()
    url = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
        + f"?id={kept.pk}&id={plain.pk}&childOf={parent.pk}"
    )
    response = admin_client.post(url, follow=True)
    assert response.status_code == 200
    assert "Không xóa" in response.content.decode()
    assert Page.objects.filter(pk=kept.pk).exists() and Page.objects.filter(pk=plain.pk).exists()
    assert Acknowledgement.objects.filter(page=kept).count() == 1


def test_moving_a_document_keeps_its_records(admin_client, member):
    home = Page.objects.get(depth=2)
    archive = DocumentIndexPage(title="Lưu trữ", slug="luu-tru")
    home.add_child(instance=archive)
    archive.save_revision().publish()
    page = acknowledged_document(member)
    factories.comment(page, member)
    response = admin_client.post(
        reverse("wagtailadmin_pages:move_confirm", args=[page.pk, archive.pk])
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.get_parent().pk == archive.pk and page.url.startswith("/luu-tru/")
    assert Acknowledgement.objects.filter(page=page, member=member).count() == 1
    assert Comment.objects.filter(page=page).count() == 1
    assert PageLogEntry.objects.filter(page=page, action="wagtail.move").exists()
    reader = Client()
    reader.force_login(member)
    assert "Đã xác nhận lúc" in reader.get(page.url).content.decode()


def test_deactivating_a_member_keeps_their_history(member):
    page = acknowledged_document(member)
    factories.comment(page, member)
    response = office_client().post(
        reverse("wagtail_bulk_action", args=["portal", "user", "set_active_state"])
        + f"?id={member.pk}",
        {"mark_as_active": "False"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    assert Acknowledgement.objects.filter(member=member).count() == 1
    assert Comment.objects.filter(author=member).count() == 1
    # Back again, the member finds their history as it was.
    member.is_active = True
    member.save()
    reader = Client()
    reader.force_login(member)
    assert page.title in reader.get(reverse("acknowledgement_history")).content.decode()


def test_a_deactivated_members_acknowledgement_stays_in_the_export(member):
    page = acknowledged_document(member)
    member.is_active = False
    member.save()
    export = office_client().get(reverse("acknowledgement_export", args=[page.pk]) + "?export=csv")
    assert member.get_full_name() in b"".join(export.streaming_content).decode()


def test_deleting_a_member_with_records_is_refused_cleanly(member):
    acknowledged_document(member)
    office = office_client()
    response = office.post(reverse("wagtailusers_users:delete", args=[member.pk]), follow=True)
    assert response.status_code == 200
    assert "không thể xóa tài khoản" in response.content.decode()
    assert type(member).objects.filter(pk=member.pk).exists()
    bulk = office.post(
        reverse("wagtail_bulk_action", args=["portal", "user", "delete"]) + f"?id={member.pk}",
        follow=True,
    )
    assert "Không xóa" in bulk.content.decode()
    assert type(member).objects.filter(pk=member.pk).exists()


def test_a_member_without_records_can_still_be_deleted(member):
    office_client().post(reverse("wagtailusers_users:delete", args=[member.pk]))
    assert not type(member).objects.filter(pk=member.pk).exists()

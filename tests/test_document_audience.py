"""Who may read a document is chosen on purpose: in the document form, the import screen and
`import_document`, kept as Wagtail's view restrictions, shown when it is approved, confirmed
again before a public document is published, and recorded in the audit log."""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import PageLogEntry, PageViewRestriction, Workflow

from portal.models import PartyCell
from resolutions.models import PartyDocumentPage
from tests import factories
from tests.test_importer import FIXTURES, fixture_text, review_data, upload


def form_data(response, form_id="page-edit-form"):
    """The admin form as a browser would send it, unchanged."""
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.find("form", id=form_id)
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        kind = field.get("type", "")
        if not name or kind in ("submit", "button", "file"):
            continue
        if kind in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        elif field.name == "select":
            chosen = field.find_all("option", selected=True)
            data[name] = [option.get("value", "") for option in chosen] or [""]
        elif field.name == "textarea":
            # A browser drops the newline Django writes right after <textarea>.
            data[name] = field.text.removeprefix("\n")
        else:
            data[name] = field.get("value", "")
    data.setdefault("body-count", "0")  # the body's blocks are drawn by JavaScript
    return data


def paper_fields(**values):
    """What the editor types from the paper document: no slug."""
    return {
        "doc_type": "nghi-quyet",
        "issuing_body": "ĐẢNG BỘ TRƯỜNG THỬ NGHIỆM",
        "number": "07-NQ/ĐU",
        "title": "Nghị quyết về công tác đảng viên đợt Đại hội",
        **values,
    }


def create(client, **values):
    add_url = reverse(
        "wagtailadmin_pages:add",
        args=["resolutions", "partydocumentpage", factories.library().pk],
    )
    data = form_data(client.get(add_url))
    data.update(paper_fields(**values))
    return client.post(add_url, data)


@pytest.fixture
def office(client, db):
    client.force_login(factories.editor())
    return client


def restriction_of(page):
    return [
        (restriction.restriction_type, sorted(group.name for group in restriction.groups.all()))
        for restriction in PageViewRestriction.objects.filter(page=page)
    ]


def test_a_new_document_is_for_all_members_and_saves_without_a_slug(office):
    response = create(office, **{"action-submit": "1"})
    assert response.status_code == 302, response.context["form"].errors
    page = PartyDocumentPage.objects.get()
    assert page.slug == "nghi-quyet-ve-cong-tac-dang-vien-dot-dai-hoi"
    assert restriction_of(page) == [("login", [])]
    assert page.current_workflow_state is not None
    entry = PageLogEntry.objects.get(page=page, action="resolutions.audience")
    assert entry.data == {"audience": "Tất cả đảng viên"}


def test_the_editor_addresses_one_chi_bo_and_the_secretary_sees_it(office, client):
    cell = PartyCell.objects.create(name="Chi bộ Khoa Điện", short_name="Điện")
    response = create(office, audience="groups", audience_groups=[cell.group.pk])
    assert response.status_code == 302
    page = PartyDocumentPage.objects.get()
    assert restriction_of(page) == [("groups", ["Chi bộ Khoa Điện"])]
    listing = office.get(reverse("party_documents:index")).content.decode()
    assert "Chi bộ Khoa Điện" in listing
    Workflow.objects.get(active=True).start(page, factories.editor())

    client.force_login(factories.moderator())
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Duyệt và xuất bản cho: Chi bộ Khoa Điện" in edit
    task_state = page.current_workflow_task_state
    modal = client.get(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    ).json()["html"]
    assert "Chi bộ Khoa Điện" in modal and "confirm_public" not in modal


def test_publishing_to_visitors_asks_for_a_second_confirmation(client, db):
    client.force_login(factories.moderator())
    page = factories.document(audience="members", publish=False)
    Workflow.objects.get(active=True).start(page, factories.editor())
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    ajax = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}

    # Made public in the form: approving needs the tick in the form.
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = form_data(client.get(edit_url))
    data.update(
        {"audience": "public", "action-workflow-action": "1", "workflow-action-name": "approve"}
    )
    refused = client.post(edit_url, data)
    assert refused.status_code == 200
    assert "Đánh dấu ô xác nhận" in refused.content.decode()
    page.refresh_from_db()
    assert not page.live and restriction_of(page) == [("login", [])]

    PageViewRestriction.objects.filter(page=page).delete()
    modal = client.get(url).json()["html"]
    assert "Công khai: mọi người, kể cả khách" in modal and "confirm_public" in modal
    unconfirmed = client.post(url, {"audience_is_public": "on"}, **ajax).json()
    assert unconfirmed["step"] == "action"
    page.refresh_from_db()
    assert not page.live
    client.post(url, {"audience_is_public": "on", "confirm_public": "on"}, **ajax)
    page.refresh_from_db()
    assert page.live


def test_imported_documents_are_for_all_members_unless_chosen(db):
    call_command("import_document", str(FIXTURES / "quy_dinh.txt"))
    page = PartyDocumentPage.objects.get()
    assert restriction_of(page) == [("login", [])]


def test_the_import_screen_applies_the_editors_choice(office):
    cell = PartyCell.objects.create(name="Chi bộ Khoa Cơ khí", short_name="CK")
    url = reverse("import_documents")
    response = office.post(
        url,
        {
            "files": [upload("qd.txt", fixture_text("quy_dinh.txt").encode())],
            "parent": factories.library().pk,
            "audience": f"group:{cell.group.name}",
        },
    )
    assert response.status_code == 200
    data = review_data(response)
    data["create"] = "1"
    assert office.post(url, data).status_code == 302
    assert restriction_of(PartyDocumentPage.objects.get()) == [("groups", ["Chi bộ Khoa Cơ khí"])]

"""The editor's screens say what happened: a page is saved when the editor saves it (no
autosave), creating a document says so and for whom, Wagtail's explorer shows who may read
each page, and permission names are Vietnamese on the group screens."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse

from portal.models import PartyCell
from resolutions.models import PartyDocumentPage
from tests import factories
from tests.test_document_audience import create
from tests.test_office_flow import add_form


@pytest.fixture
def office(client, db):
    client.force_login(factories.editor())
    return client


def form_controllers(response):
    form = BeautifulSoup(response.content, "html.parser").find("form", id="page-edit-form")
    return form["data-controller"].split()


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_neither_the_new_page_form_nor_the_edit_form_autosaves(office):
    """Autosave created pages behind the editor and posted workflow actions twice
    (WAGTAIL_AUTOSAVE_INTERVAL in portal.settings)."""
    assert "w-autosave" not in form_controllers(add_form(office))
    page = factories.document(publish=False)
    edit = office.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert "w-autosave" not in form_controllers(edit)


def test_creating_a_document_says_it_was_created_and_for_whom(office):
    cell = PartyCell.objects.create(name="Chi bộ Khoa Điện", short_name="Điện")
    sent = create(
        office, audience="groups", audience_groups=[cell.group.pk], **{"action-submit": "1"}
    )
    title = "Nghị quyết về công tác đảng viên đợt Đại hội"
    [message] = messages_of(sent)
    assert (
        f"Đã tạo văn bản “{title}” và gửi duyệt; khi được duyệt, văn bản dành cho: "
        "Chi bộ Khoa Điện." in message
    )
    assert "Sửa" in message  # Wagtail's buttons beside it are kept

    draft = create(office, title="Kế hoạch sinh hoạt chuyên đề", number="08-KH/ĐU")
    [message] = messages_of(draft)
    assert "Đã tạo văn bản “Kế hoạch sinh hoạt chuyên đề” và lưu bản nháp" in message
    assert "Đã cập nhật" not in message and "Đã tạo trang" not in message


def test_the_explorer_shows_who_may_read_each_document(office):
    cell = PartyCell.objects.create(name="Chi bộ Khoa Điện", short_name="Điện")
    create(office, audience="groups", audience_groups=[cell.group.pk])
    page = PartyDocumentPage.objects.get()
    html = office.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk])).content
    table = BeautifulSoup(html, "html.parser").find("table", class_="listing")
    headers = [th.get_text(" ", strip=True) for th in table.find_all("th")]
    assert "Ai được đọc" in headers
    [row] = [row for row in table.find_all("tr") if page.title in row.get_text(" ")]
    assert "Chi bộ Khoa Điện" in row.get_text(" ")


def test_permission_names_are_vietnamese(db):
    names = dict(Permission.objects.values_list("codename", "name"))
    assert names["add_partycell"] == "Được thêm chi bộ"
    assert names["publish_page"] == "Xuất bản mọi trang"
    assert not [name for name in names.values() if name.startswith("Can ")]

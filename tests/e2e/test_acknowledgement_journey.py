"""A member acknowledges a document in the browser; the editor sees the count go up."""

import datetime

import pytest
from django.utils import timezone

from tests import factories
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_member_acknowledges_and_the_editor_sees_it(page, context):
    cell = factories.PartyCellFactory(name="Chi bộ Trình duyệt")
    member = factories.UserFactory(party_cell=cell, username="dangvien_e2e")
    factories.UserFactory(party_cell=cell, username="dangvien_khac")
    editor = factories.editor(username="bientap_e2e")
    document = factories.document(
        audience=cell.group,
        title="Nghị quyết chờ xác nhận trên trình duyệt",
        requires_acknowledgement=True,
        acknowledgement_deadline=timezone.localdate() + datetime.timedelta(days=3),
    )
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    log_in(page, member.username, factories.PASSWORD)
    page.goto("/xac-nhan/")
    assert page.locator(".pending-item", has_text=document.title).count() == 1
    page.click(f"text={document.title}")
    page.wait_for_load_state("networkidle")
    page.click("button.ack__button")
    page.wait_for_load_state("networkidle")
    assert "Đã xác nhận lúc" in page.locator("#xac-nhan").inner_text()
    page.goto("/xac-nhan/")
    assert page.locator(".pending-item", has_text=document.title).count() == 0

    editor_page = context.browser.new_context(base_url=page.url.split("/xac-nhan")[0]).new_page()
    log_in(editor_page, editor.username, factories.PASSWORD)
    editor_page.goto(f"/admin/xac-nhan/{document.pk}/")
    totals = editor_page.locator(".ack-totals").inner_text()
    assert "1 (50%)" in totals  # one of the two members has acknowledged
    assert errors == []

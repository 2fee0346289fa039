"""From the reminder e-mail to "đã nắm" on a 390 px phone, no password typed; the chi bộ
secretary's view and the editor's progress move. Screenshots go to test-results/."""

import datetime
import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from resolutions.acknowledgements.reminders import remind_document
from resolutions.models import Acknowledgement, Channel, ReadReceipt
from tests import factories
from tests.e2e.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OUTPUT = Path(__file__).resolve().parents[2] / "test-results"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
PARAGRAPH = (
    "Mỗi chi bộ tổ chức sinh hoạt chuyên đề ít nhất một lần mỗi quý, gắn với nhiệm vụ chính "
    "trị của đơn vị; đảng viên chuẩn bị ý kiến trước, phát biểu ngắn gọn và có đề xuất cụ thể."
)


def long_body():
    body = []
    for n, title in enumerate(["Mục tiêu", "Nhiệm vụ", "Giải pháp", "Tổ chức thực hiện"], 1):
        body.append({"type": "heading", "value": {"number": f"{n}.", "text": title, "level": "2"}})
        body += [{"type": "paragraph", "value": f"<p>{PARAGRAPH}</p>"}] * 4
    return body


def shot(page, name):
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"ack-email-{name}.png"), full_page=False)


def tap_height(locator):
    return locator.bounding_box()["height"]


def test_from_the_reminder_to_acknowledged_on_a_phone(new_page, live_server, settings):
    settings.PUBLIC_SITE_URL = live_server.url
    cell = factories.PartyCellFactory(name="Chi bộ Khoa Kinh tế")
    member = factories.UserFactory(party_cell=cell, full_name="Phan Thị Ánh")
    secretary = factories.UserFactory(party_cell=cell, full_name="Trần Văn Bí")
    cell.secretary = secretary
    cell.save()
    document = factories.document(
        audience=cell.group,
        title="Về nâng cao chất lượng sinh hoạt chi bộ",
        summary="Sinh hoạt chuyên đề mỗi quý, có chuẩn bị và đề xuất cụ thể.",
        requires_acknowledgement=True,
        acknowledgement_deadline=timezone.localdate() + datetime.timedelta(days=3),
        body=long_body(),
    )
    editor = factories.editor()

    # The editor's progress and the secretary's view, before.
    office = new_page()
    log_in(office, editor.username, factories.PASSWORD)
    office.goto(reverse("acknowledgement_progress", args=[document.pk]))
    totals = office.locator(".ack-totals")
    expect(totals.locator("div", has_text="Đã xác nhận").locator("dd")).to_have_text("0 (0%)")
    secretary_phone = new_page(**PHONE)
    log_in(secretary_phone, secretary.username, factories.PASSWORD)
    secretary_phone.goto(reverse("acknowledgement_cell"))
    expect(secretary_phone.locator("[data-count=acknowledged]")).to_contain_text("0")
    shot(secretary_phone, "1-secretary-before")

    # The reminder e-mail, opened on the member's phone.
    mail.outbox.clear()
    remind_document(document)
    [reminder] = [m for m in mail.outbox if m.to == [member.email]]
    assert "còn 3 ngày" in reminder.body
    phone = new_page(**PHONE)
    phone.set_content(reminder.alternatives[0][0])
    shot(phone, "2-email")
    button = phone.get_by_role("link", name="Đọc và xác nhận")
    assert tap_height(button) >= 44
    button.click()

    # A phone where the member never logged in: a code to their own mailbox, no password.
    expect(phone.get_by_role("heading", level=1)).to_have_text("Mở văn bản từ thư điện tử")
    assert_accessible(phone)
    mail.outbox.clear()
    phone.get_by_role("button", name="Gửi mã cho tôi").click()
    [code_mail] = mail.outbox
    assert code_mail.to == [member.email]
    code = re.search(r"\b(\d{6})\b", code_mail.body)[1]
    phone.get_by_label("Mã trong thư").fill(code)
    shot(phone, "3-code")
    phone.get_by_role("button", name="Mở văn bản").click()

    # The document, from its start: what is asked and by when, the count in the header.
    expect(phone.locator(".ask-banner")).to_contain_text("Cần xác nhận trước")
    expect(phone.locator(".ask-banner")).to_contain_text("còn 3 ngày")
    badge = phone.locator(".pending-badge")
    expect(badge).to_be_visible()
    expect(badge).to_contain_text("1")
    expect(phone.locator(".site-nav__list")).to_be_hidden()  # the menu stays closed
    assert phone.evaluate("window.scrollY") == 0
    assert tap_height(badge) >= 44 and tap_height(phone.locator(".ask-banner a")) >= 44
    assert_accessible(phone)
    shot(phone, "4-document-top")
    receipt = ReadReceipt.objects.get(member=member, page=document)
    assert receipt.reached_end_at is None

    # Reading to the end: the beacon records it, once.
    phone.locator(".od-footer").scroll_into_view_if_needed()
    for _attempt in range(50):
        receipt.refresh_from_db()
        if receipt.reached_end_at:
            break
        phone.wait_for_timeout(100)
    assert receipt.reached_end_at is not None

    # The acknowledgement box right after the last section, within reach.
    acknowledge = phone.get_by_role("button", name="Tôi đã đọc và nắm nội dung")
    acknowledge.scroll_into_view_if_needed()
    assert tap_height(acknowledge) >= 44
    shot(phone, "5-acknowledgement-box")
    acknowledge.click()
    expect(phone.locator("#xac-nhan")).to_contain_text("Đã xác nhận lúc")
    expect(phone.locator(".pending-badge")).to_have_count(0)
    shot(phone, "6-acknowledged")
    assert Acknowledgement.objects.get(member=member).channel == Channel.EMAIL

    # The secretary's view and the editor's progress have moved.
    secretary_phone.reload()
    expect(secretary_phone.locator("[data-count=acknowledged]")).to_contain_text("1")
    expect(secretary_phone.locator("[data-count=reached-end]")).to_contain_text("1")
    assert_accessible(secretary_phone)
    shot(secretary_phone, "7-secretary-after")
    office.reload()
    expect(totals.locator("div", has_text="Đã xác nhận").locator("dd")).to_have_text("1 (50%)")
    expect(totals.locator("div", has_text="Đã đọc đến cuối").locator("dd")).to_have_text("1")
    office.screenshot(path=str(OUTPUT / "ack-email-8-editor-progress.png"))

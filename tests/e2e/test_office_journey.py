"""The office publishes safely: an editor writes a document by typing only what is on the paper,
addresses it to one chi bộ and sends it for approval; the secretary sees that chi bộ on the
approval screen and publishes; a visitor gets the answer of a missing page, a member of that chi
bộ reads it. Each step is photographed at 1280 and 390 px under test-results/office-journey/."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from resolutions.models import PartyDocumentPage
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_journeys import log_in_from_home

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parent.parent.parent / "test-results" / "office-journey"
TITLE = "Nghị quyết về đẩy mạnh chuyển đổi số trong Đảng bộ"


def shoot(page, name):
    """The page as shown on a desktop and on a phone."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_office_publishes_a_document_for_one_chi_bo(page, new_page, page_errors):
    cell = factories.PartyCellFactory(name="Chi bộ Khoa Điện")
    reader = factories.UserFactory(party_cell=cell, full_name="Lê Văn Cường")
    editor = factories.editor(party_cell=None, full_name="Lâm Thị Thu Hà")
    secretary = factories.moderator(party_cell=None, full_name="Nguyễn Văn Khánh")
    library = factories.library()

    # The editor types what is on the paper: no slug, no tab but the first.
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in_from_home(page, editor)
    page.goto(
        reverse("wagtailadmin_pages:add", args=["resolutions", "partydocumentpage", library.pk])
    )
    page.get_by_label("Số và ký hiệu").fill("07-NQ/ĐU")
    page.get_by_label("Cơ quan ban hành").fill("ĐẢNG BỘ TRƯỜNG KINH TẾ - KỸ THUẬT")
    page.get_by_label("Loại văn bản").select_option("nghi-quyet")
    title = page.get_by_role("textbox", name="Tiêu đề (trích yếu)")
    title.fill(TITLE)
    title.blur()
    # Wagtail's slug field follows the title, folded as the server folds it (đ → d).
    expect(page.locator("#id_slug")).to_have_value(
        "nghi-quyet-ve-day-manh-chuyen-doi-so-trong-dang-bo"
    )
    expect(page.get_by_label("Tất cả đảng viên")).to_be_checked()  # the default: never public
    page.get_by_label("Chỉ các chi bộ hoặc ban được đánh dấu dưới đây").check()
    page.get_by_label("Chi bộ Khoa Điện").check()
    assert_accessible(page)
    shoot(page, "01-editor-writes")
    page.get_by_role("button", name="Thêm thao tác").click()
    page.get_by_role("button", name="Gửi duyệt: Soạn thảo → Duyệt → Ban hành").click()
    expect(page.locator(".messages")).to_contain_text(TITLE)
    shoot(page, "02-editor-submitted")
    document = PartyDocumentPage.objects.get()
    assert document.slug == "nghi-quyet-ve-day-manh-chuyen-doi-so-trong-dang-bo"
    assert not document.live

    # The secretary finds it on the dashboard with its audience, and approves it.
    office = new_page()
    office.set_viewport_size({"width": 1280, "height": 900})
    log_in_from_home(office, secretary)
    office.goto("/admin/")
    today = office.locator(".office-today")
    expect(today).to_contain_text("Chi bộ Khoa Điện")
    shoot(office, "03-secretary-dashboard")
    today.get_by_role("link", name=TITLE).click()
    office.get_by_role("button", name="Thêm thao tác").click()
    office.get_by_role("button", name="Duyệt và xuất bản cho: Chi bộ Khoa Điện").click()
    dialog = office.get_by_role("dialog")
    expect(dialog).to_contain_text("Ai sẽ được đọc: Chi bộ Khoa Điện")
    shoot(office, "04-secretary-approves")
    dialog.get_by_role("button", name="Duyệt và xuất bản").click()
    expect(office.locator(".messages")).to_contain_text(
        f"“{TITLE}” đã được duyệt và xuất bản cho: Chi bộ Khoa Điện."
    )
    expect(office.locator(".messages")).not_to_contain_text("Đã cập nhật trang")
    document.refresh_from_db()
    assert document.live

    # A visitor gets exactly what a missing page gives; a member of the chi bộ reads it.
    visitor = new_page()
    missing = visitor.goto(document.url.rstrip("/") + "-khong-co/")
    missing_answer = (missing.status, urlsplit(visitor.url).path, visitor.title())
    shown = visitor.goto(document.url)
    assert (shown.status, urlsplit(visitor.url).path, visitor.title()) == missing_answer
    assert TITLE not in visitor.content()
    shoot(visitor, "05-visitor-as-missing")
    member = new_page()
    log_in_from_home(member, reader)
    member.goto(document.url)
    # Printed as on paper: the type name in capitals, the trích yếu below it.
    expect(member.get_by_role("heading", level=1)).to_contain_text(
        "NGHỊ QUYẾT về đẩy mạnh chuyển đổi số trong Đảng bộ"
    )
    shoot(member, "06-member-reads")
    assert page_errors == []

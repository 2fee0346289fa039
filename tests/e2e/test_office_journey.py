"""The office publishes safely: an editor writes a document by typing only what is on the paper,
addresses it to one chi bộ and sends it for approval; the secretary sees that chi bộ on the
approval screen and publishes; a visitor gets the answer of a missing page, a member of that chi
bộ reads it. Each step is photographed at 1280 and 390 px under test-results/office-journey/."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from resolutions.models import PartyDocumentPage
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_journeys import log_in_from_home
from tests.test_vietnamese import english_words

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
    expect(page.locator(".messages")).to_contain_text(
        f"Đã tạo văn bản “{TITLE}” và gửi duyệt; khi được duyệt, văn bản dành cho: "
        "Chi bộ Khoa Điện."
    )
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


# What Wagtail's scripts write after the page is shown: text, and the labels read out.
SHOWN_TEXT = """() => [document.body.innerText, ...[...document.querySelectorAll(
    "[aria-label], [title], [placeholder]")].flatMap(element =>
    ["aria-label", "title", "placeholder"].map(name => element.getAttribute(name) || ""))
].join(" ")"""


def assert_vietnamese(page):
    assert english_words(page.evaluate(SHOWN_TEXT)) == set(), page.url


def test_the_editor_screens_stay_vietnamese_once_their_scripts_run(page, page_errors):
    """Wagtail's admin scripts (side panels, comments, relative dates) speak Vietnamese; the
    new-page form does not autosave (nor warn that autosave is paused); a side panel opened on
    one page is not reopened on the next, where it would squeeze the form."""
    editor = factories.editor(party_cell=None)
    document = factories.document(title="Kế hoạch sinh hoạt chuyên đề quý I", publish=False)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.on("dialog", lambda dialog: dialog.accept())  # leaving the unsaved form on purpose
    log_in_from_home(page, editor)

    page.goto(
        reverse("wagtailadmin_pages:add", args=["resolutions", "partydocumentpage", library_pk()])
    )
    page.get_by_label("Loại văn bản").select_option("nghi-quyet")
    page.get_by_role("textbox", name="Tiêu đề (trích yếu)").fill("Nghị quyết chưa lưu")
    form = page.locator("#page-edit-form")
    expect(form).not_to_have_attribute("data-controller", re.compile("w-autosave"))
    expect(page.locator(".footer__save-warning")).not_to_contain_text("Tự động lưu")
    assert_vietnamese(page)

    page.goto(reverse("wagtailadmin_pages:edit", args=[document.pk]))
    assert PartyDocumentPage.objects.count() == 1  # nothing was created behind the editor
    page.locator("#id_summary").fill("Chủ đề và phân công chuẩn bị.")
    assert_vietnamese(page)
    page.locator("[data-side-panel-toggle=comments]").click()
    page.locator(".w-field__comment-button").first.click(force=True)
    expect(page.get_by_placeholder("Nhập bình luận của đồng chí...")).to_be_visible()
    assert_vietnamese(page)
    page.locator("[data-side-panel-toggle=status]").click()
    status = page.locator("[data-side-panel=status]")
    expect(status).to_be_visible()
    assert_vietnamese(page)
    shoot(page, "07-editor-status-panel")

    page.goto(reverse("wagtailadmin_pages:edit", args=[document.pk]))
    page.wait_for_load_state("networkidle")
    expect(status).to_be_hidden()
    page.goto(reverse("wagtailadmin_explore", args=[library_pk()]))
    expect(page.locator("table.listing")).to_contain_text("Ai được đọc")
    assert_vietnamese(page)
    shoot(page, "08-editor-explorer")
    # Wagtail's side panels hand focus to the focus-trap library, which throws when a panel is
    # hidden (here: the status panel taking the comment's place) before its trap lets go; it
    # depends on timing and on nothing of the portal's. Every other script error fails the test.
    assert [error for error in page_errors if not error.startswith("Your focus-trap")] == []


def library_pk():
    return factories.library().pk

"""Three stories told through the real screens, every page checked with axe-core on the way:
a visitor reads the news on a phone; a member reads, acknowledges and discusses a document; an
editor imports a document, the secretary approves and publishes it, a member acknowledges it and
the editor watches the progress move."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from resolutions.comments import services as comment_services
from resolutions.models import PartyDocumentPage
from tests import factories
from tests.e2e.conftest import assert_accessible, submit_log_in
from tests.test_comments import SECTIONS_BODY

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

IMPORT_FIXTURE = Path(__file__).parent.parent / "fixtures" / "importer" / "split_columns.txt"
ACKNOWLEDGE = "Tôi đã đọc và nắm nội dung"


def nav(page):
    return page.get_by_role("navigation", name="Điều hướng chính")


def log_in_from_home(page, user, check=False):
    """From the home page, through the header's log-in link and the form."""
    page.goto("/")
    nav(page).get_by_role("link", name="Đăng nhập").click()
    if check:
        assert_accessible(page)
    submit_log_in(page, user.username, factories.PASSWORD)
    expect(nav(page).get_by_role("link", name=user.get_full_name())).to_be_visible()


def test_visitor_reads_the_news_on_a_phone(new_page, article):
    page = new_page(viewport={"width": 390, "height": 844})
    page.goto("/")
    assert_accessible(page)
    feed = page.locator("head link[rel=alternate][type='application/rss+xml']")
    expect(feed).to_have_attribute("href", "/tin-tuc/rss/")

    nav(page).get_by_text("Danh mục", exact=True).click()
    nav(page).get_by_role("link", name="Tin tức").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tin tức")
    assert_accessible(page)
    rss = page.locator(".feed-links").get_by_role("link", name="RSS")
    assert article.title in page.request.get(rss.get_attribute("href")).text()

    categories = page.get_by_role("navigation", name="Chuyên mục")
    categories.get_by_role("link", name="Hoạt động Đảng bộ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoạt động Đảng bộ")
    assert_accessible(page)
    page.locator(".tag-cloud").get_by_role("link", name="năm học 2026-2027").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thẻ: năm học 2026-2027")
    assert_accessible(page)
    tag_url = page.url

    page.get_by_role("link", name=article.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    expect(page.get_by_role("img", name="Quang cảnh hội nghị")).to_be_visible()
    body_image = page.get_by_role("img", name="Toàn cảnh hội nghị")
    body_image.scroll_into_view_if_needed()
    expect(body_image).to_have_js_property("complete", True)
    assert body_image.evaluate("image => image.naturalWidth") > 0
    expect(page.locator("figcaption")).to_contain_text("Các đại biểu biểu quyết")
    assert_accessible(page)

    page.go_back()
    assert page.url == tag_url
    expect(page.get_by_role("link", name=article.title)).to_be_visible()


def test_member_reads_acknowledges_and_discusses(page, page_errors, monkeypatch):
    # The reply comes a while after the comment: the 20 seconds members must leave between two
    # comments are tested in tests/test_comments.py, not waited for here.
    monkeypatch.setattr(comment_services, "MIN_INTERVAL", 0)
    cell = factories.PartyCellFactory(name="Chi bộ Khoa Kinh tế")
    member = factories.UserFactory(party_cell=cell, full_name="Phan Thị Ánh")
    colleague = factories.UserFactory(party_cell=cell, full_name="Huỳnh Quốc Bảo")
    deadline = timezone.localdate() + datetime.timedelta(days=5)
    document = factories.document(
        audience=cell.group,
        title="Nghị quyết về chuyển đổi số trong công tác Đảng",
        body=SECTIONS_BODY,
        requires_acknowledgement=True,
        acknowledgement_deadline=deadline,
    )
    later = factories.document(
        audience="members",
        title="Kế hoạch sinh hoạt chuyên đề quý III",
        doc_type="ke-hoach",
        number="07-KH/ĐU",
        requires_acknowledgement=True,
        acknowledgement_deadline=deadline + datetime.timedelta(days=10),
    )
    factories.comment(document, colleague, "Nên nêu rõ lộ trình từng năm.", section="muc-1")

    log_in_from_home(page, member, check=True)
    assert_accessible(page)
    to_acknowledge = page.get_by_role("region", name="Văn bản cần xác nhận")
    expect(to_acknowledge.locator(".pending-item").first).to_contain_text(document.title)
    nav(page).get_by_role("link", name="Cần xác nhận (2)").click()
    assert_accessible(page)
    page.locator(".pending-item").get_by_role("link", name=document.title).click()
    # On paper the type name is the first line and the trích yếu the second (36-HD/VPTW).
    expect(page.get_by_role("heading", level=1)).to_contain_text(document.heading.excerpt)
    assert_accessible(page)

    page.get_by_role("navigation", name="Mục lục").get_by_role("link", name="2. Mục tiêu").click()
    assert page.url.endswith("#muc-2")
    expect(page.get_by_role("heading", name="2. Mục tiêu")).to_be_in_viewport()
    page.get_by_role("button", name=ACKNOWLEDGE).click()
    expect(page.locator("#xac-nhan")).to_contain_text("Đã xác nhận lúc")
    assert_accessible(page)
    nav(page).get_by_role("link", name="Cần xác nhận (1)").click()
    expect(page.locator(".pending-item")).to_have_count(1)
    expect(page.locator(".pending-item")).to_contain_text(later.title)

    nav(page).get_by_role("link", name="Văn bản").click()
    assert_accessible(page)
    page.get_by_role("link", name=document.title).click()
    beside_section_2 = page.locator("#muc-2 + .section-comments")  # right under its heading
    beside_section_2.get_by_role("link", name="Góp ý mục này").click()
    page.get_by_label("Nội dung góp ý").fill("Đề nghị bổ sung chỉ tiêu số hóa năm 2027.")
    page.get_by_role("button", name="Gửi góp ý").click()
    own = page.locator("li.comment", has_text="Đề nghị bổ sung chỉ tiêu")
    expect(own).to_contain_text("Về mục 2. Mục tiêu")
    expect(own).to_contain_text("Phan Thị Ánh")
    page.locator("li.comment", has_text="Nên nêu rõ lộ trình").get_by_role(
        "link", name="Trả lời"
    ).click()
    page.get_by_label("Nội dung trả lời").fill("Tôi đồng ý, mỗi năm một mốc.")
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(page.locator("li.comment--reply")).to_contain_text("Tôi đồng ý, mỗi năm một mốc.")

    page.reload()  # what stays, not only what the script put in place
    comments = page.get_by_role("region", name="Thảo luận, góp ý (3)")
    expect(comments.locator("li.comment", has_text="Đề nghị bổ sung chỉ tiêu")).to_be_visible()
    reply = comments.locator("li.comment--reply")
    expect(reply).to_contain_text("Tôi đồng ý, mỗi năm một mốc.")
    expect(reply).to_contain_text("Phan Thị Ánh")
    assert_accessible(page)
    assert page_errors == []


def test_editor_imports_secretary_publishes_member_acknowledges(page, new_page, page_errors):
    cell = factories.PartyCellFactory(name="Chi bộ Khoa Kỹ thuật")
    member = factories.UserFactory(party_cell=cell, full_name="Lê Văn Cường")
    factories.UserFactory(party_cell=cell, full_name="Trương Thị Dung")
    # The office and the secretary here belong to no chi bộ: the audience is the two members.
    editor = factories.editor(party_cell=None, full_name="Văn phòng Đảng ủy")
    secretary = factories.moderator(party_cell=None, full_name="Trần Công Chánh")
    title = "Kế hoạch học tập Nghị quyết Đại hội XIII"

    # The editor imports the old plan and checks what was found.
    log_in_from_home(page, editor)
    nav(page).get_by_role("link", name="Quản trị").click()
    assert_accessible(page)
    page.get_by_role("link", name="Nhập văn bản").click()
    assert_accessible(page)
    page.get_by_label("Tệp").set_input_files(IMPORT_FIXTURE)
    page.get_by_role("button", name="Đọc các tệp").click()
    expect(page.get_by_label("Số, ký hiệu")).to_have_value("12-KH/ĐU")
    expect(page.get_by_label("Địa danh")).to_have_value("TP. Hồ Chí Minh")
    expect(page.get_by_label("Loại văn bản")).to_have_value("ke-hoach")
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in page.input_value("#id_doc-0-text")
    expect(page.locator(".importer__structure")).to_contain_text("MỤC ĐÍCH, YÊU CẦU")
    assert_accessible(page)
    page.get_by_label("Tiêu đề (trích yếu)").fill(title)
    page.get_by_role("button", name="Tạo các bản nháp").click()
    expect(page.locator(".messages")).to_contain_text(f"Đã tạo bản nháp “{title}”")
    assert_accessible(page)

    # In the editor it asks for acknowledgement, is saved as a draft and goes for approval.
    page.get_by_role("link", name=title).first.click()  # the edit screen: checked as the secretary
    page.get_by_role("tab", name="Xác nhận đã đọc").click()
    page.get_by_role("checkbox", name="Yêu cầu xác nhận đã đọc").check()
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.locator(".messages")).to_contain_text(f"Đã cập nhật trang '{title}'")
    page.get_by_role("button", name="Thêm thao tác").click()
    page.get_by_role("button", name="Gửi duyệt: Soạn thảo → Duyệt → Ban hành").click()
    expect(page.locator(".messages")).to_contain_text(title)
    document = PartyDocumentPage.objects.get()
    assert (document.number, document.live, document.requires_acknowledgement) == (
        "12-KH/ĐU",
        False,
        True,
    )

    # The secretary finds it on the dashboard and approves it, which publishes it.
    office = new_page()
    log_in_from_home(office, secretary)
    nav(office).get_by_role("link", name="Quản trị").click()
    awaiting = office.locator("section", has_text="Đang chờ đồng chí duyệt")
    assert_accessible(office)
    awaiting.get_by_role("link", name=title).first.click()
    assert_accessible(office)  # the editor's edit screen, with the workflow's actions
    office.get_by_role("button", name="Thêm thao tác").click()
    office.get_by_role("button", name="Duyệt và xuất bản cho: Tất cả đảng viên").click()
    dialog = office.get_by_role("dialog")
    expect(dialog).to_contain_text("Ai sẽ được đọc: Tất cả đảng viên")
    dialog.get_by_role("button", name="Duyệt và xuất bản").click()
    expect(office.locator(".messages")).to_contain_text(title)
    document.refresh_from_db()
    assert document.live

    # The editor opens the progress; a member acknowledges; the editor sees the figure move.
    page.get_by_role("link", name="Tiến độ xác nhận").first.click()
    assert_accessible(page)
    page.get_by_role("link", name=title).click()
    acknowledged = page.locator(".ack-totals div", has_text="Đã xác nhận").locator("dd")
    expect(acknowledged).to_have_text("0 (0%)")
    assert_accessible(page)

    reader = new_page()
    log_in_from_home(reader, member)
    nav(reader).get_by_role("link", name="Cần xác nhận (1)").click()
    reader.get_by_role("link", name=title).click()
    # The type name once, then the trích yếu (36-HD/VPTW): "KẾ HOẠCH học tập…".
    expect(reader.get_by_role("heading", level=1)).to_have_text(
        "KẾ HOẠCH " + title.removeprefix("Kế hoạch ")
    )
    assert_accessible(reader)
    reader.get_by_role("button", name=ACKNOWLEDGE).click()
    expect(reader.locator("#xac-nhan")).to_contain_text("Đã xác nhận lúc")

    page.reload()
    expect(acknowledged).to_have_text("1 (50%)")
    assert page_errors == []

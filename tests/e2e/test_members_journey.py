"""A member logs in and finds their account page; an editor imports members from a file."""

import pytest

from portal.models import User
from tests import factories
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_member_logs_in_by_email_and_is_remembered(page, context):
    cell = factories.PartyCellFactory(name="Chi bộ Trình duyệt")
    member = factories.UserFactory(party_cell=cell, full_name="Mai Thị Yến")
    page.goto("/accounts/login/")
    page.fill("#id_login", member.email.upper())
    page.fill("#id_password", factories.PASSWORD)
    page.check("#id_remember")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state("networkidle")
    session = next(c for c in context.cookies() if c["name"] == "sessionid")
    assert session["expires"] > 0  # a persistent cookie, not one that ends with the browser
    page.click("text=Mai Thị Yến")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Tài khoản của tôi"
    assert "Chi bộ Trình duyệt" in page.locator("main").inner_text()


def test_editor_imports_members_from_a_file(page, page_errors, tmp_path):
    factories.PartyCellFactory(name="Chi bộ Khoa Kinh tế", short_name="CB Kinh tế")
    editor = factories.editor(username="bientap_e2e")
    upload = tmp_path / "dang-vien.csv"
    upload.write_text(
        "Họ và tên,Email,Chi bộ,Chức vụ,Trạng thái\n"
        "Nguyễn Văn Một,mot@example.vn,CB Kinh tế,Bí thư,Chính thức\n"
        "Trần Thị Hai,hai@example.vn,cb kinh te,dang vien,du bi\n",
        encoding="utf-8",
    )
    log_in(page, editor.username, factories.PASSWORD)
    page.goto("/admin/users/")
    page.click("text=Nhập từ tệp")
    page.set_input_files("input[type=file]", str(upload))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Đã lưu kết quả nhập." in page.locator("main").inner_text()
    assert User.objects.get(email="hai@example.vn").party_status == "du-bi"
    page.goto("/admin/users/?q=tran thi hai")
    assert page.locator("text=Trần Thị Hai").count() == 1
    assert page_errors == []

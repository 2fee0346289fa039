"""An editor imports an old document through the admin's "Nhập văn bản" screen."""

from pathlib import Path

import pytest

from resolutions.models import PartyDocumentPage
from tests import factories
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FIXTURES = Path(__file__).parent.parent / "fixtures" / "importer"


def test_editor_uploads_checks_corrects_and_creates_a_draft(page):
    editor = factories.editor(username="bientap_nhap")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, editor.username, factories.PASSWORD)
    page.goto("/admin/")
    page.click("text=Nhập văn bản")
    page.set_input_files("input[type=file]", str(FIXTURES / "split_columns.txt"))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_load_state("networkidle")
    main = page.locator("main")
    # The fields found, beside the original text and the structure of the body.
    assert page.input_value("#id_doc-0-number") == "12-KH/ĐU"
    assert page.input_value("#id_doc-0-place") == "TP. Hồ Chí Minh"
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in page.input_value("#id_doc-0-text")
    assert "MỤC ĐÍCH, YÊU CẦU" in main.locator(".importer__structure").inner_text()
    page.fill("#id_doc-0-title", "Kế hoạch học tập Nghị quyết Đại hội XIII")
    page.click("button[name=create]")
    page.wait_for_load_state("networkidle")
    assert "Đã tạo bản nháp “Kế hoạch học tập Nghị quyết Đại hội XIII”" in main.inner_text()
    document = PartyDocumentPage.objects.get()
    assert (document.number, document.live) == ("12-KH/ĐU", False)
    assert errors == []

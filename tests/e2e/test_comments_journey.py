"""In the browser: a member comments on section 2 of a draft, another replies, the editor hides
the reply, and each of them sees what they should."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from tests import factories
from tests.e2e.conftest import log_in
from tests.test_comments import SECTIONS_BODY

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_comment_reply_and_moderation_on_a_draft(new_page, page_errors):
    cell = factories.PartyCellFactory(name="Chi bộ Trình duyệt")
    author = factories.UserFactory(party_cell=cell, username="gopy_anh", full_name="Phan Thị Ánh")
    replier = factories.UserFactory(party_cell=cell, username="gopy_bao", full_name="Huỳnh Bảo")
    editor = factories.editor(username="bientap_gopy")
    now = timezone.now()
    draft = factories.document(
        audience=[cell.group, Group.objects.get(name="Biên tập viên")],
        body=SECTIONS_BODY,
        status="du-thao",
        title="Dự thảo lấy ý kiến trên trình duyệt",
        comments_mode="period",
        consultation_opens_at=now - datetime.timedelta(hours=1),
        consultation_closes_at=now + datetime.timedelta(days=7),
    )

    # The first member comments on section 2 from the button beside it.
    first = new_page()
    log_in(first, author.username, factories.PASSWORD)
    first.goto(draft.url)
    assert "Đang lấy ý kiến góp ý đến" in first.locator("#binh-luan").inner_text()
    first.locator(
        ".section-comments", has=first.locator('[data-comment-section="muc-2"]')
    ).get_by_text("Góp ý mục này").click()
    assert first.locator("#comment-section-new").input_value() == "muc-2"
    first.fill("#comment-text-new", "Đề nghị nêu rõ chỉ tiêu <b>năm 2027</b>.")
    first.get_by_role("button", name="Gửi góp ý").click()
    first.wait_for_load_state("networkidle")
    comment = first.locator("li.comment", has_text="Đề nghị nêu rõ chỉ tiêu")
    assert "Về mục 2. Mục tiêu" in comment.inner_text()
    assert "<b>năm 2027</b>" in comment.inner_text()  # shown as text, not bold
    assert first.locator("#muc-2 + .section-comments").inner_text().startswith("1 góp ý")

    # Another member replies in place.
    second = new_page()
    log_in(second, replier.username, factories.PASSWORD)
    second.goto(draft.url)
    second.locator("li.comment", has_text="Đề nghị nêu rõ chỉ tiêu").get_by_role(
        "link", name="Trả lời"
    ).click()
    second.locator(".comment-reply-box textarea").fill("Tôi đồng ý, nên thêm số liệu.")
    second.get_by_role("button", name="Gửi trả lời").click()
    second.wait_for_load_state("networkidle")
    reply = second.locator("li.comment--reply", has_text="Tôi đồng ý, nên thêm số liệu.")
    assert "Huỳnh Bảo" in reply.inner_text()

    # The editor hides the reply in the admin, with a reason.
    office = new_page()
    log_in(office, editor.username, factories.PASSWORD)
    office.goto(f"/admin/gop-y/?page={draft.pk}")
    office.locator("tr", has_text="Tôi đồng ý").get_by_role("link", name="Ẩn").click()
    office.fill("#id_reason", "Trùng ý, đề nghị gộp vào góp ý chung.")
    office.locator("form#w-editor-form button[type=submit]").click()
    office.wait_for_load_state("networkidle")
    assert "Bị người kiểm duyệt ẩn" in office.locator("tr", has_text="Tôi đồng ý").inner_text()

    # Each sees what they should.
    first.reload()
    assert "Đề nghị nêu rõ chỉ tiêu" in first.locator("#binh-luan").inner_text()
    assert "Tôi đồng ý" not in first.locator("#binh-luan").inner_text()
    second.reload()
    own = second.locator("li.comment--reply").inner_text()
    assert "Tôi đồng ý, nên thêm số liệu." in own
    assert "chỉ đồng chí nhìn thấy" in own and "Trùng ý, đề nghị gộp" in own
    office.goto(draft.url)
    assert "Tôi đồng ý" not in office.locator("#binh-luan").inner_text()
    assert page_errors == []

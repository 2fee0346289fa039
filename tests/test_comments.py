"""Comments on documents and consultation on drafts: audience, safety, moderation, synthesis."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.models import ProtectedError
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from resolutions.comments import services
from resolutions.models import Comment, CommentPreferences, PartyDocumentPage
from tests import factories

pytestmark = pytest.mark.django_db

State = Comment.State
SECTIONS_BODY = [
    {"type": "heading", "value": {"number": "1.", "text": "Sự cần thiết", "level": "2"}},
    {"type": "paragraph", "value": "<p>Quản lý văn bản bằng giấy tốn thời gian.</p>"},
    {"type": "heading", "value": {"number": "2.", "text": "Mục tiêu", "level": "2"}},
    {"type": "paragraph", "value": "<p>Số hóa toàn bộ văn bản.</p>"},
    {"type": "heading", "value": {"number": "3.", "text": "Giải pháp", "level": "2"}},
    {"type": "paragraph", "value": "<p>Tập huấn kỹ năng số.</p>"},
]


@pytest.fixture
def cell():
    return factories.PartyCellFactory(name="Chi bộ Khoa Kinh tế thử nghiệm")


@pytest.fixture
def reader(cell):
    return factories.UserFactory(party_cell=cell, full_name="Phan Thị Ánh")


@pytest.fixture
def colleague(cell):
    return factories.UserFactory(party_cell=cell, full_name="Huỳnh Quốc Bảo")


@pytest.fixture
def outsider():
    return factories.UserFactory(party_cell=factories.PartyCellFactory(name="Chi bộ Khác"))


@pytest.fixture
def office():
    return factories.editor(full_name="Lâm Thị Thu Hà")


@pytest.fixture
def draft(cell, office):
    """A draft for comment addressed to one chi bộ and the editors."""
    page = factories.document(
        audience=[cell.group, Group.objects.get(name="Biên tập viên")],
        body=SECTIONS_BODY,
        status="du-thao",
        title="Dự thảo Nghị quyết về chuyển đổi số",
    )
    page.owner = office
    page.save(update_fields=["owner"])
    return page


def login(user):
    client = Client()
    client.force_login(user)
    return client


def post(client, page, text, **data):
    return client.post(reverse("comment_post", args=[page.pk]), {"text": text, **data})


def page_html(client, page, **params):
    response = client.get(page.url, params)
    assert response.status_code == 200
    return response.content.decode()


def wait_out_rate_limit(user):
    """As if the 20 seconds between two comments had passed."""
    from django.core.cache import cache

    cache.delete(f"comments:last:{user.pk}")


# -- who may comment ----------------------------------------------------------------------


def test_a_member_of_the_audience_comments_as_themselves(draft, reader, colleague):
    response = post(login(reader), draft, "Đề nghị bổ sung chỉ tiêu.", author=colleague.pk)
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{draft.url}#binh-luan-{comment.pk}"
    assert comment.author == reader and comment.state == State.VISIBLE
    assert "Đề nghị bổ sung chỉ tiêu." in page_html(login(colleague), draft)


def test_anonymous_posts_are_refused_without_saying_whether_the_document_exists(draft):
    anonymous = Client()
    on_document = post(anonymous, draft, "Ẩn danh")
    on_nothing = anonymous.post(reverse("comment_post", args=[987654]), {"text": "Ẩn danh"})
    assert on_document.status_code == on_nothing.status_code == 403
    assert on_document.content.decode().replace(str(draft.pk), "987654") == (
        on_nothing.content.decode()
    )
    assert not Comment.objects.exists()
    more = anonymous.get(reverse("comment_more", args=[draft.pk]))
    assert more.status_code == 302 and "/accounts/login/" in more["Location"]


def test_anonymous_readers_of_a_public_document_see_no_comments(reader):
    public = factories.document(audience="public", body=SECTIONS_BODY)
    factories.comment(public, reader, text="Ý kiến nội bộ của chi bộ")
    html = Client().get(public.url).content.decode()
    assert "Ý kiến nội bộ của chi bộ" not in html and reader.full_name not in html
    assert "/accounts/login/" in html


def test_outsiders_get_the_same_404_as_for_a_missing_document(draft, reader, outsider):
    comment = factories.comment(draft, reader)
    client = login(outsider)
    assert post(client, draft, "Tôi không thuộc chi bộ").status_code == 404
    assert client.post(reverse("comment_post", args=[987654]), {"text": "x"}).status_code == 404
    assert client.get(reverse("comment_more", args=[draft.pk])).status_code == 404
    assert client.post(reverse("comment_delete", args=[comment.pk])).status_code == 404
    assert client.post(reverse("comment_edit", args=[comment.pk]), {"text": "x"}).status_code == 404
    assert Comment.objects.count() == 1 and Comment.objects.get().text == comment.text


def test_editors_comment_where_they_are_in_the_audience_only(draft, office, cell):
    assert post(login(office), draft, "Văn phòng tiếp thu ý kiến.").status_code == 302
    cell_only = factories.document(audience=cell.group, body=SECTIONS_BODY)
    assert post(login(office), cell_only, "Không thấy văn bản").status_code == 404
    assert Comment.objects.get().author == office


def test_forged_cross_site_posts_are_refused(draft, reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    assert post(client, draft, "Giả mạo").status_code == 403
    assert not Comment.objects.exists()


# -- text is text ---------------------------------------------------------------------------


def test_script_and_html_in_a_comment_are_shown_as_text(draft, reader):
    text = '<script>alert("x")</script><b>đậm</b>\nXem https://example.vn/tai-lieu?a=1&b=2'
    post(login(reader), draft, text)
    html = page_html(login(reader), draft)
    assert '<script>alert("x")' not in html and "<b>đậm</b>" not in html
    assert '&lt;script&gt;alert("x")&lt;/script&gt;&lt;b&gt;đậm&lt;/b&gt;<br>' in html
    assert '<a href="https://example.vn/tai-lieu?a=1&amp;b=2" rel="nofollow noopener ugc">' in html


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("Xem HTTP://VI.WIKIPEDIA.ORG nhé", '<a href="http://VI.WIKIPEDIA.ORG"'),
        ("Trang www.dangcongsan.vn có bài này", '<a href="http://www.dangcongsan.vn"'),
        ("Tham khảo chinhphu.gov/tin nhé", '<a href="http://chinhphu.gov/tin"'),
        ("Gửi về banbientap@dang.vn giúp tôi", '<a href="mailto:banbientap@dang.vn"'),
        ("Tỷ lệ 3.5% tăng 1:2 so với năm 2024 & <năm> trước.", None),
    ],
)
def test_only_what_urlize_would_link_is_linked_and_the_rest_is_escaped(draft, reader, text, link):
    """Comments with nothing that looks like an address skip urlize: the page is the same."""
    post(login(reader), draft, text)
    html = page_html(login(reader), draft)
    if link:
        assert link in html
    else:
        assert "Tỷ lệ 3.5% tăng 1:2 so với năm 2024 &amp; &lt;năm&gt; trước." in html


def test_reply_and_edit_links_keep_the_section_shown(draft, reader):
    comment = factories.comment(draft, reader, section="muc-2")
    client = login(reader)
    html = page_html(client, draft)
    assert f'href="{draft.url}?tra-loi={comment.pk}#binh-luan-{comment.pk}"' in html
    assert f'href="{draft.url}?sua-binh-luan={comment.pk}#binh-luan-{comment.pk}"' in html
    html = page_html(client, draft, **{"binh-luan-muc": "muc-2"})
    query = f"?binh-luan-muc=muc-2&amp;tra-loi={comment.pk}#binh-luan-{comment.pk}"
    assert f'href="{draft.url}{query}"' in html
    query = f"?binh-luan-muc=muc-2&amp;sua-binh-luan={comment.pk}#binh-luan-{comment.pk}"
    assert f'href="{draft.url}{query}"' in html


def test_empty_and_overlong_comments_are_refused_keeping_what_was_typed(draft, reader):
    client = login(reader)
    empty = post(client, draft, "   \n ")
    assert empty.status_code == 400
    assert "Đồng chí chưa viết nội dung góp ý." in empty.content.decode()
    long_text = "Ý kiến rất dài " + "x" * 5000
    too_long = post(client, draft, long_text, section="muc-2")
    html = too_long.content.decode()
    assert too_long.status_code == 400
    assert "Góp ý quá dài: 5.015 ký tự, tối đa 5.000 ký tự." in html
    assert long_text in html  # the textarea keeps it
    assert '<option value="muc-2" selected>' in html
    assert not Comment.objects.exists()
    assert post(client, draft, "y" * 5000).status_code == 302


def test_too_frequent_comments_are_refused_keeping_the_text(draft, reader):
    client = login(reader)
    assert post(client, draft, "Ý kiến thứ nhất").status_code == 302
    second = post(client, draft, "Ý kiến thứ hai gửi ngay")
    assert second.status_code == 429
    assert "Vui lòng chờ 20 giây" in second.content.decode()
    assert "Ý kiến thứ hai gửi ngay" in second.content.decode()
    for n in range(services.PER_HOUR - 1):
        wait_out_rate_limit(reader)
        assert post(client, draft, f"Ý kiến số {n}").status_code == 302
    wait_out_rate_limit(reader)
    hourly = post(client, draft, "Ý kiến thứ 31")
    assert hourly.status_code == 429
    assert "30 góp ý trong một giờ" in hourly.content.decode()
    assert Comment.objects.count() == services.PER_HOUR


# -- sections and replies -----------------------------------------------------------------------


def test_a_comment_on_a_section_is_counted_beside_it(draft, reader, colleague):
    post(login(reader), draft, "Chỉ tiêu năm 2027 cao quá", section="muc-2")
    comment = Comment.objects.get()
    assert (comment.section, comment.section_label) == ("muc-2", "2. Mục tiêu")
    html = page_html(login(colleague), draft)
    heading = html.index('id="muc-2"')
    assert "1 góp ý" in html[heading : html.index('id="muc-3"')]
    assert "Góp ý mục này" in html[heading : html.index('id="muc-3"')]
    assert "Về mục 2. Mục tiêu" in html
    filtered = page_html(login(colleague), draft, **{"binh-luan-muc": "muc-1"})
    assert "Chỉ tiêu năm 2027 cao quá" not in filtered
    assert post(login(colleague), draft, "Mục không có", section="muc-9").status_code == 400


def test_replies_are_one_level_deep_and_tell_the_author(
    draft, reader, colleague, django_capture_on_commit_callbacks
):
    post(login(reader), draft, "Ý kiến gốc", section="muc-3")
    parent = Comment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(login(colleague), draft, "Tôi đồng ý", parent=parent.pk)
    reply = Comment.objects.exclude(pk=parent.pk).get()
    assert response.status_code == 302
    assert (reply.parent, reply.section) == (parent, "muc-3")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [reader.email]
    assert "Huỳnh Quốc Bảo" in mail.outbox[0].subject and "Tôi đồng ý" in mail.outbox[0].body
    wait_out_rate_limit(reader)
    deeper = post(login(reader), draft, "Trả lời của trả lời", parent=reply.pk)
    assert deeper.status_code == 400 and Comment.objects.count() == 2


def test_members_turn_reply_emails_off_in_my_account(
    draft, reader, colleague, django_capture_on_commit_callbacks
):
    client = login(reader)
    assert (
        "Nhận e-mail khi có người trả lời góp ý của tôi"
        in client.get("/tai-khoan/").content.decode()
    )
    client.post(reverse("comment_preferences"), {})
    assert CommentPreferences.for_user(reader).notify_replies is False
    parent = factories.comment(draft, reader)
    with django_capture_on_commit_callbacks(execute=True):
        post(login(colleague), draft, "Trả lời không cần e-mail", parent=parent.pk)
    assert mail.outbox == []


# -- editing and deleting ---------------------------------------------------------------------


def test_authors_edit_for_fifteen_minutes_only(draft, reader, colleague):
    client = login(reader)
    post(client, draft, "Bản đầu")
    comment = Comment.objects.get()
    edit_url = reverse("comment_edit", args=[comment.pk])
    assert login(colleague).post(edit_url, {"text": "Sửa hộ"}).status_code == 403
    assert client.post(edit_url, {"text": "Bản đã sửa"}).status_code == 302
    comment.refresh_from_db()
    assert comment.text == "Bản đã sửa" and comment.edited_at is not None
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=16)
    )
    late = client.post(edit_url, {"text": "Sửa quá hạn"})
    assert late.status_code == 403
    assert "chỉ sửa được trong 15 phút" in late.content.decode()
    comment.refresh_from_db()
    assert comment.text == "Bản đã sửa"


def test_an_authors_page_is_kept_for_them_until_their_edit_window_closes(
    draft, reader, colleague, monkeypatch
):
    """An author's thread is theirs alone, and their page is kept for them
    (portal.caching.shared_pages): the edit link shows while they may edit, and goes when the
    fifteen minutes end although nothing was written meanwhile."""
    factories.comment(draft, colleague, text="Ý kiến của đồng chí khác")
    comment = factories.comment(draft, reader, text="Ý kiến của tôi")
    theirs = page_html(login(colleague), draft)  # (the first view also makes the site settings)
    edit = f"sua-binh-luan={comment.pk}"
    assert edit not in theirs and "Ý kiến của tôi" in theirs
    mine = login(reader)
    assert edit in page_html(mine, draft)
    with CaptureQueriesContext(connection) as kept:
        assert edit in page_html(mine, draft)
    assert not any("resolutions_comment" in query["sql"] for query in kept.captured_queries)
    later = timezone.now() + datetime.timedelta(minutes=16)
    monkeypatch.setattr(timezone, "now", lambda: later)
    html = page_html(mine, draft)
    assert edit not in html and "Ý kiến của tôi" in html


def test_deleting_keeps_the_row_and_a_mark_only_where_there_are_replies(draft, reader, colleague):
    with_reply = factories.comment(draft, reader, text="Ý kiến sẽ bị xóa")
    factories.comment(draft, colleague, text="Câu trả lời vẫn còn", parent=with_reply)
    alone = factories.comment(draft, reader, text="Ý kiến đơn lẻ")
    client = login(reader)
    assert login(colleague).post(reverse("comment_delete", args=[alone.pk])).status_code == 403
    for comment in (with_reply, alone):
        assert client.post(reverse("comment_delete", args=[comment.pk])).status_code == 302
        comment.refresh_from_db()
        assert (comment.state, comment.text) == (State.REMOVED, "")
        assert comment.removed_at is not None
    html = page_html(login(colleague), draft)
    assert "Ý kiến sẽ bị xóa" not in html and "Ý kiến đơn lẻ" not in html
    assert html.count("Góp ý đã được tác giả xóa.") == 1
    assert "Câu trả lời vẫn còn" in html
    assert Comment.objects.count() == 3


def test_comments_and_their_documents_are_kept_as_evidence(draft, reader):
    factories.comment(draft, reader)
    with pytest.raises(ProtectedError):
        draft.delete()
    with pytest.raises(ProtectedError):
        reader.delete()
    client = login(factories.UserFactory(is_superuser=True, is_staff=True))
    edit_url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert f"/admin/gop-y/?page={draft.pk}" in client.get(edit_url).content.decode()
    for parent_or_page in (draft, draft.get_parent()):
        response = client.post(reverse("wagtailadmin_pages:delete", args=[parent_or_page.pk]))
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[parent_or_page.pk])
    assert PartyDocumentPage.objects.filter(pk=draft.pk).exists()
    assert "không thể xóa" in client.get(edit_url).content.decode()


# -- consultation period and modes -------------------------------------------------------------


def test_comments_are_taken_only_during_the_consultation_period(draft, reader):
    now = timezone.now()
    draft.comments_mode = draft.CommentsMode.PERIOD
    draft.consultation_opens_at = now + datetime.timedelta(days=1)
    draft.consultation_closes_at = now + datetime.timedelta(days=10)
    draft.save()
    client = login(reader)
    html = page_html(client, draft)
    assert "chưa đến thời gian góp ý" in html and 'id="viet-binh-luan"' not in html
    early = post(client, draft, "Góp ý sớm")
    assert early.status_code == 403 and "Góp ý sớm" in early.content.decode()

    draft.consultation_opens_at = now - datetime.timedelta(days=1)
    draft.save()
    assert "Đang lấy ý kiến góp ý đến" in page_html(client, draft)
    assert post(client, draft, "Góp ý đúng hạn").status_code == 302

    draft.consultation_closes_at = now - datetime.timedelta(minutes=1)
    draft.save()
    wait_out_rate_limit(reader)
    html = page_html(client, draft)
    assert "Đã hết thời gian lấy ý kiến góp ý" in html and 'id="viet-binh-luan"' not in html
    assert "Góp ý đúng hạn" in html  # what was said stays readable
    assert post(client, draft, "Góp ý muộn").status_code == 403
    assert list(Comment.objects.values_list("text", flat=True)) == ["Góp ý đúng hạn"]


def test_the_period_needs_a_start_before_its_end(draft):
    draft.comments_mode = draft.CommentsMode.PERIOD
    with pytest.raises(ValidationError) as error:
        draft.full_clean()
    assert "consultation_closes_at" in error.value.message_dict
    draft.consultation_opens_at = timezone.now()
    draft.consultation_closes_at = draft.consultation_opens_at - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError):
        draft.full_clean()


def test_editors_turn_comments_off(draft, reader):
    draft.comments_mode = draft.CommentsMode.OFF
    draft.save()
    client = login(reader)
    assert 'id="binh-luan"' not in page_html(client, draft)
    assert post(client, draft, "Không được").status_code == 403
    assert not Comment.objects.exists()


# -- moderation ------------------------------------------------------------------------------


def moderate(user, comment, action, reason=""):
    url = reverse("comment_moderation:moderate", args=[comment.pk, action])
    return login(user).post(url, {"reason": reason})


def test_pre_moderation_holds_comments_until_approved(
    draft, reader, colleague, office, django_capture_on_commit_callbacks
):
    draft.comment_moderation = draft.CommentModeration.PRE
    draft.save()
    client = login(reader)
    response = post(client, draft, "Chờ duyệt nhé")
    comment = Comment.objects.get()
    assert comment.state == State.PENDING
    notice = client.get(response["Location"]).content.decode()
    assert "Góp ý sẽ hiển thị sau khi được duyệt" in notice
    assert "Chờ duyệt nhé" not in page_html(login(colleague), draft)
    own = page_html(login(reader), draft)
    assert "Chờ duyệt nhé" in own and "Đang chờ duyệt" in own
    assert moderate(reader, comment, "approve").status_code in (302, 403)
    comment.refresh_from_db()
    assert comment.state == State.PENDING
    listing = login(office).get(reverse("comment_moderation:index"), {"state": "pending"})
    assert "Chờ duyệt nhé" in listing.content.decode()
    assert moderate(office, comment, "approve").status_code == 302
    comment.refresh_from_db()
    assert comment.state == State.VISIBLE and comment.moderated_by == office
    assert "Chờ duyệt nhé" in page_html(login(colleague), draft)
    entry = ModelLogEntry.objects.get(action="resolutions.comment.approve")
    assert (entry.user, entry.object_id) == (office, str(comment.pk))


def test_post_moderation_hides_and_restores_with_a_reason_in_the_audit_log(
    draft, reader, colleague, office, django_capture_on_commit_callbacks
):
    post(login(reader), draft, "Ý kiến không phù hợp")
    comment = Comment.objects.get()
    assert comment.state == State.VISIBLE
    assert moderate(office, comment, "hide").status_code == 200  # a reason is required
    comment.refresh_from_db()
    assert comment.state == State.VISIBLE
    with django_capture_on_commit_callbacks(execute=True):
        assert moderate(office, comment, "hide", "Nội dung ngoài phạm vi").status_code == 302
    comment.refresh_from_db()
    assert comment.state == State.HIDDEN
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [reader.email]
    assert "Nội dung ngoài phạm vi" in mail.outbox[0].body
    assert "Ý kiến không phù hợp" not in page_html(login(colleague), draft)
    own = page_html(login(reader), draft)
    assert "Ý kiến không phù hợp" in own and "Nội dung ngoài phạm vi" in own
    assert moderate(office, comment, "restore", "Đã xem lại").status_code == 302
    comment.refresh_from_db()
    assert comment.state == State.VISIBLE
    log = ModelLogEntry.objects.filter(object_id=str(comment.pk)).order_by("timestamp", "pk")
    assert [(e.action, e.data["reason"]) for e in log] == [
        ("resolutions.comment.hide", "Nội dung ngoài phạm vi"),
        ("resolutions.comment.restore", "Đã xem lại"),
    ]
    history = login(office).get(reverse("comment_moderation:history", args=[comment.pk]))
    assert "Nội dung ngoài phạm vi" in history.content.decode()


def test_the_moderation_list_filters_and_is_for_editors_only(draft, reader, colleague, office):
    factories.comment(draft, reader, text="Ý kiến của Ánh")
    factories.comment(draft, colleague, text="Ý kiến của Bảo")
    other = factories.document(audience="members")
    factories.comment(other, colleague, text="Ý kiến văn bản khác")
    index = reverse("comment_moderation:index")
    html = login(office).get(index, {"page": draft.pk, "author": reader.pk}).content.decode()
    assert "Ý kiến của Ánh" in html and "Ý kiến của Bảo" not in html
    assert "Ý kiến văn bản khác" not in html
    assert reverse("comment_moderation:export", args=[draft.pk, "docx"]) in html
    by_cell = login(office).get(index, {"party_cell": colleague.party_cell_id}).content.decode()
    assert "Ý kiến văn bản khác" in by_cell
    denied = login(reader).get(index)
    assert denied.status_code == 403 and "Ý kiến" not in denied.content.decode()


# -- synthesis ------------------------------------------------------------------------------------


@pytest.fixture
def consultation(draft, reader, colleague):
    start = timezone.now() - datetime.timedelta(days=2)

    def at(minutes):
        return start + datetime.timedelta(minutes=minutes)

    factories.comment(
        draft, colleague, "Mục tiêu cần cụ thể hơn", section="muc-2", created_at=at(1)
    )
    general = factories.comment(draft, reader, "Dự thảo nhìn chung tốt.", created_at=at(2))
    factories.comment(draft, colleague, "=1+1 là công thức", section="muc-1", created_at=at(3))
    factories.comment(draft, colleague, "Đồng ý với đồng chí Ánh", parent=general, created_at=at(4))
    factories.comment(
        draft, reader, "Ý kiến đã ẩn", section="muc-2", state=State.HIDDEN, created_at=at(5)
    )
    return draft


def test_the_spreadsheet_groups_visible_comments_by_section(consultation, office, reader):
    response = login(office).get(
        reverse("comment_moderation:export", args=[consultation.pk, "xlsx"])
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == consultation.title
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert [(row[0], row[5]) for row in rows] == [
        ("Góp ý chung", "Dự thảo nhìn chung tốt."),
        ("Góp ý chung", "Đồng ý với đồng chí Ánh"),
        ("1. Sự cần thiết", "'=1+1 là công thức"),
        ("2. Mục tiêu", "Mục tiêu cần cụ thể hơn"),
    ]
    first = rows[0]
    assert first[2:4] == ("Phan Thị Ánh", "Chi bộ Khoa Kinh tế thử nghiệm")
    assert datetime.datetime.strptime(first[4], "%d/%m/%Y %H:%M")
    assert rows[1][6] == "Phan Thị Ánh"
    assert login(reader).get(
        reverse("comment_moderation:export", args=[consultation.pk, "xlsx"])
    ).status_code in (302, 403)


def test_the_word_report_is_a_draft_of_the_summary(consultation, office):
    response = login(office).get(
        reverse("comment_moderation:export", args=[consultation.pk, "docx"])
    )
    assert response.status_code == 200
    assert "bao-cao-gop-y-" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    header = "\n".join(cell.text for cell in document.tables[0].rows[0].cells)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header and "ĐẢNG BỘ TRƯỜNG THỬ NGHIỆM" in header
    text = [paragraph.text for paragraph in document.paragraphs]
    assert "BÁO CÁO TỔNG HỢP Ý KIẾN GÓP Ý" in text
    assert f"đối với {consultation.title}" in text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["Góp ý chung", "1. Sự cần thiết", "2. Mục tiêu", "3. Giải pháp"]
    body = "\n".join(text)
    assert body.index("Dự thảo nhìn chung tốt.") < body.index("=1+1 là công thức")
    assert body.index("=1+1 là công thức") < body.index("Mục tiêu cần cụ thể hơn")
    assert "Đồng chí Phan Thị Ánh (Chi bộ Khoa Kinh tế thử nghiệm, " in body
    assert "trả lời ý kiến của Phan Thị Ánh" in body
    assert "Ý kiến đã ẩn" not in body
    assert "4 ý kiến của 2 đảng viên thuộc 1 chi bộ" in body


# -- notifications -----------------------------------------------------------------------------


def test_the_daily_digest_goes_to_the_editors_once(
    draft, reader, office, django_capture_on_commit_callbacks
):
    factories.comment(draft, reader, text="Ý kiến cho bản tin", section="muc-1")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_comment_digest", stdout=io.StringIO())
    assert [message.to for message in mail.outbox] == [[office.email]]
    assert "Ý kiến cho bản tin" in mail.outbox[0].body and draft.title in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_comment_digest", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    CommentPreferences.objects.create(user=office, notify_digest=False)
    factories.comment(draft, reader, text="Ý kiến mới")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_comment_digest", stdout=io.StringIO())
    assert len(mail.outbox) == 1


# -- a page with hundreds of comments ------------------------------------------------------------


def fill(page, authors, count):
    comments = Comment.objects.bulk_create(
        [
            Comment(page=page, author=authors[n % len(authors)], text=f"Góp ý số {n}")
            for n in range(count)
        ]
    )
    Comment.objects.bulk_create(
        [
            Comment(page=page, author=authors[0], parent=c, text=f"Trả lời {c.pk}")
            for c in comments[::3]
        ]
    )


def queries_for_page(client, page):
    client.get(page.url)  # warm the per-day and per-group caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_page_costs_the_same_queries_with_3_or_300_comments(
    cell, reader, colleague, django_assert_max_num_queries
):
    small = factories.document(audience=cell.group, body=SECTIONS_BODY)
    large = factories.document(audience=cell.group, body=SECTIONS_BODY)
    fill(small, [reader, colleague], 3)
    fill(large, [reader, colleague, factories.UserFactory(party_cell=cell)], 300)
    client = login(colleague)
    client.get("/")  # site-wide caches (settings, navigation) filled: each page is rendered anew
    small_count, _html = queries_for_page(client, small)
    large_count, html = queries_for_page(client, large)
    assert large_count == small_count
    with django_assert_max_num_queries(small_count):
        client.get(large.url)
    per_page = services.PER_PAGE
    assert html.count('class="comment"') == per_page <= 20  # not all 300: the rest on demand
    assert f"Góp ý số {per_page - 1}<" in html and f"Góp ý số {per_page}<" not in html
    more = client.get(reverse("comment_more", args=[large.pk]), {"trang": 2}).json()
    assert f"Góp ý số {per_page}<" in more["html"] and more["next"].endswith("trang=3&muc=")
    second = page_html(client, large, **{"binh-luan-trang": 2})
    assert f"Góp ý số {per_page}<" in second and f"Góp ý số {per_page - 1}<" not in second


def test_a_reply_to_a_comment_hidden_meanwhile_comes_back_with_its_text(draft, reader, colleague):
    parent = factories.comment(draft, reader, state=State.HIDDEN)
    response = post(login(colleague), draft, "Trả lời muộn của tôi", parent=parent.pk)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Góp ý mà đồng chí trả lời không còn hiển thị." in html
    assert "Trả lời muộn của tôi</textarea>" in html
    assert Comment.objects.count() == 1


def test_a_hidden_comment_stays_and_every_edit_keeps_the_text_before_it(
    draft, reader, office, django_capture_on_commit_callbacks
):
    client = login(reader)
    post(client, draft, "Bản đầu tiên")
    comment = Comment.objects.get()
    assert (
        client.post(reverse("comment_edit", args=[comment.pk]), {"text": "Bản sau"}).status_code
        == 302
    )
    edits = ModelLogEntry.objects.filter(
        object_id=str(comment.pk), action="resolutions.comment.edit"
    )
    assert [entry.data["previous_text"] for entry in edits] == ["Bản đầu tiên"]
    with django_capture_on_commit_callbacks(execute=True):
        moderate(office, comment, "hide", "Lời lẽ không phù hợp")
    client.post(reverse("comment_delete", args=[comment.pk]))
    comment.refresh_from_db()
    assert (comment.state, comment.text) == (State.HIDDEN, "Bản sau")

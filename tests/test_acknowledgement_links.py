"""From the e-mail to acknowledged: the HTML e-mail, its single-use link, and each attack on it
(reuse, another member, another document, expiry, tampering, forwarding to a non-member)."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.middleware import SessionMiddleware
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from resolutions.acknowledgements import emails, links
from resolutions.models import Acknowledgement, AcknowledgementLink, Channel
from tests import factories
from tests.test_acknowledgement import post_acknowledgement, required_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell():
    return factories.PartyCellFactory()


@pytest.fixture
def reader(cell):
    return factories.UserFactory(party_cell=cell, full_name="Lê Thị Hồng")


def send(page, *members, kind=emails.REMINDER):
    mail.outbox.clear()
    emails.send_requests(kind, page, members)
    return {message.to[0]: message for message in mail.outbox}


def token_of(message):
    return re.search(r"/xac-nhan/thu/([^/\s\"]+)/", message.body)[1]


def link_url(token):
    return reverse("acknowledgement_link", args=[token])


def known_browser(member):
    """A browser where the member once logged in with their password (and logged out)."""
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": member.username, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    client.post(reverse("account_logout"))
    assert links.DEVICE_COOKIE in client.cookies
    return client


def signed_in_as(client):
    return client.get(reverse("my_account")).status_code == 200 and client.session.get(
        "_auth_user_id"
    )


def test_reminder_is_html_with_deadline_in_words_summary_and_one_button(reader):
    page = required_document(deadline_days=3, summary="Tóm tắt: nâng cao chất lượng sinh hoạt.")
    message = send(page, reader)[reader.email]
    html = message.alternatives[0][0]
    assert message.subject.startswith("Đề nghị xác nhận")
    for part in (message.body, html):
        assert f"Số {page.number}" in part and page.title in part
        assert "còn 3 ngày" in part and "Tóm tắt: nâng cao" in part
        assert "Kính gửi đồng chí Lê Thị Hồng" in part
    assert html.count("data-acknowledge-link") == 1 and link_url(token_of(message)) in html
    overdue = required_document(deadline_days=-4)
    assert "đã quá hạn 4 ngày" in send(overdue, reader)[reader.email].body
    new = send(page, reader, kind=emails.NEW)[reader.email]
    assert new.subject.startswith("Văn bản mới cần xác nhận")


def test_publishing_a_new_document_asks_its_audience(
    reader, cell, django_capture_on_commit_callbacks
):
    outsider = factories.UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        page = required_document(audience=cell.group)
    assert [message.to for message in mail.outbox] == [[reader.email]]
    assert page.title in mail.outbox[0].subject and outsider.email not in mail.outbox[0].to


def test_only_the_hash_is_stored_and_the_link_expires_at_the_deadline(reader):
    page = required_document(deadline_days=10)
    token = token_of(send(page, reader)[reader.email])
    link = AcknowledgementLink.objects.get()
    assert token not in link.token_hash and len(link.token_hash) == 64
    assert timezone.localtime(link.expires_at).date() == page.acknowledgement_deadline
    overdue = required_document(deadline_days=-4)
    send(overdue, reader)
    late = AcknowledgementLink.objects.get(page=overdue)
    assert late.expires_at > timezone.now() + datetime.timedelta(days=2)


def test_on_the_members_own_browser_two_taps_and_the_record_says_email(reader):
    page = required_document()
    client = known_browser(reader)
    token = token_of(send(page, reader)[reader.email])
    response = client.get(link_url(token) + "?next=/tai-khoan/")
    assert response.status_code == 302 and response["Location"] == page.url  # never ?next=
    assert signed_in_as(client) == str(reader.pk)
    post_acknowledgement(client, page)
    record = Acknowledgement.objects.get(member=reader, page=page)
    assert record.channel == Channel.EMAIL
    other = required_document()
    post_acknowledgement(client, other)  # another document, not opened from an e-mail
    assert Acknowledgement.objects.get(member=reader, page=other).channel == Channel.SITE


def test_forwarded_to_a_non_member_it_opens_nothing(reader):
    page = required_document(audience=reader.party_cell.group)
    token = token_of(send(page, reader)[reader.email])
    stranger = Client()
    landing = stranger.get(link_url(token))  # also what a mail scanner does
    assert landing.status_code == 200 and "gửi mã" in landing.content.decode().lower()
    assert not signed_in_as(stranger) and "Nội dung nghị quyết" not in landing.content.decode()
    mail.outbox.clear()
    stranger.post(link_url(token))
    assert [message.to for message in mail.outbox] == [[reader.email]]  # the code: to the member
    code = re.search(r"\b(\d{6})\b", mail.outbox[0].body)[1]
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _attempt in range(links.CODE_ATTEMPTS):
        assert stranger.post(link_url(token), {"code": wrong}).status_code == 400
    # Five wrong guesses lock the link: even the right code opens nothing now, nor a new code.
    assert stranger.post(link_url(token), {"code": code}).status_code == 400
    AcknowledgementLink.objects.update(code_sent_at=timezone.now() - datetime.timedelta(minutes=2))
    mail.outbox.clear()
    stranger.post(link_url(token))
    fresh = re.search(r"\b(\d{6})\b", mail.outbox[0].body)[1]
    assert stranger.post(link_url(token), {"code": fresh}).status_code == 400
    assert not signed_in_as(stranger)
    assert stranger.get(page.url).status_code in (302, 404)
    assert not Acknowledgement.objects.exists()
    assert AcknowledgementLink.objects.get().used_at is None


def test_codes_are_not_sent_more_than_once_a_minute_nor_more_than_three_times(reader):
    page = required_document()
    token = token_of(send(page, reader)[reader.email])
    stranger = Client()
    mail.outbox.clear()
    for _minute in range(5):
        stranger.post(link_url(token))
        stranger.post(link_url(token))  # within the minute: no second code
        AcknowledgementLink.objects.update(
            code_sent_at=timezone.now() - datetime.timedelta(minutes=2)
        )
    assert len(mail.outbox) == links.CODES_PER_LINK


def test_the_member_in_a_new_browser_confirms_with_the_code(reader):
    page = required_document()
    token = token_of(send(page, reader)[reader.email])
    phone = Client()
    phone.post(link_url(token))
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body)[1]
    response = phone.post(link_url(token), {"code": code})
    assert response.status_code == 302 and response["Location"] == page.url
    assert signed_in_as(phone) == str(reader.pk) and links.DEVICE_COOKIE in response.cookies


def test_a_link_works_once(reader):
    page = required_document()
    client = known_browser(reader)
    token = token_of(send(page, reader)[reader.email])
    assert client.get(link_url(token)).status_code == 302
    client.post(reverse("account_logout"))
    again = client.get(link_url(token))
    assert again.status_code == 410 and not signed_in_as(client)
    assert Client().get(link_url(token)).status_code == 410


def test_two_clicks_at_once_sign_in_once(reader, rf):
    page = required_document()
    token = token_of(send(page, reader)[reader.email])
    checked = [links.find(token)[1] for _click in range(2)]  # both found it unused
    results = []
    for link in checked:
        request = rf.get(link_url(token))
        SessionMiddleware(lambda request: None).process_request(request)
        request.user = AnonymousUser()
        results.append(links.sign_in(request, link))
    assert results == [True, False]


def test_another_members_link_is_refused_and_left_unused(reader, cell):
    page = required_document()
    colleague = factories.UserFactory(party_cell=cell)
    token = token_of(send(page, reader)[reader.email])
    client = Client()
    client.force_login(colleague)
    assert client.get(link_url(token)).status_code == 403
    assert signed_in_as(client) == str(colleague.pk)
    assert AcknowledgementLink.objects.get().used_at is None
    # Nor may a known browser of another member use it.
    assert known_browser(colleague).get(link_url(token)).status_code == 200  # asks for the code
    assert AcknowledgementLink.objects.get().used_at is None


def test_a_link_opens_only_its_document_and_only_while_the_member_may_read_it(reader, cell):
    page = required_document(audience=cell.group)
    client = known_browser(reader)
    token = token_of(send(page, reader)[reader.email])
    reader.party_cell = factories.PartyCellFactory()  # moved to another chi bộ
    reader.save()
    assert not reader.groups.filter(pk=cell.group.pk).exists()
    assert client.get(link_url(token)).status_code == 410
    assert not signed_in_as(client)


def test_an_expired_link_opens_nothing(reader):
    page = required_document()
    client = known_browser(reader)
    token = token_of(send(page, reader)[reader.email])
    AcknowledgementLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(link_url(token)).status_code == 410 and not signed_in_as(client)


def test_a_tampered_token_opens_nothing(reader):
    page = required_document()
    client = known_browser(reader)
    token = token_of(send(page, reader)[reader.email])
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (tampered, token[:-1], token + "x", "x" * 200):
        assert client.get(link_url(bad)).status_code == 404 and not signed_in_as(client)
    assert AcknowledgementLink.objects.get().used_at is None


def test_members_with_a_second_factor_log_in_as_usual(reader):
    page = required_document()
    secretary = factories.moderator(party_cell=reader.party_cell)
    token = token_of(send(page, secretary)[secretary.email])
    response = Client().get(link_url(token))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

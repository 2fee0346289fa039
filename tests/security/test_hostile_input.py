"""Hostile input against what members and visitors can reach: every answer is a 4xx or a page
with a clear Vietnamese message, never a 500, and nothing is written."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from resolutions.acknowledgements.services import revision_fingerprint
from resolutions.models import Acknowledgement
from tests import factories

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
HOSTILE_VALUES = [
    "x" * 100_000,
    "\x00",
    "a\x00b",
    "\ufffd\ufffe\uffff",
    "-1",
    "99999999999999999999",
    "1e999",
    "%",
    "_",
    "' OR 1=1 --",
    SCRIPT,
]
# Raw query strings: percent-encoded bytes that are not UTF-8, NUL, lone continuation bytes.
HOSTILE_QUERY_STRINGS = [
    "q=%ff%fe%00",
    "q=%C0%AF%80",
    "q=" + "%ff" * 50_000,
    "page=%00",
    "year=%ff",
]


def no_server_error(client, method, url, **kwargs):
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code < 500, (method, url, response.status_code)
    return response


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


@pytest.fixture
def logged_in(member):
    client = Client(raise_request_exception=False)
    client.force_login(member)
    return client


@pytest.fixture
def ack_document():
    return factories.document(audience="members", requires_acknowledgement=True)


def get_endpoints(document):
    library = factories.library().url
    return {
        reverse("search"): ["q", "kind", "year", "page"],
        library: ["q", "doc_type", "year", "issuing_body", "status", "sort", "page"],
        factories.news_index().url: ["page", "q"],
        document.url: ["page"],
        "/": ["q"],
        reverse("acknowledgement_pending"): ["page"],
        reverse("acknowledgement_history"): ["page"],
        reverse("my_account"): ["tab"],
    }


def test_long_binary_and_nul_query_strings_never_break_a_page(anonymous, logged_in, ack_document):
    for client in (anonymous, logged_in):
        for url, parameters in get_endpoints(ack_document).items():
            for parameter in parameters:
                for value in HOSTILE_VALUES:
                    no_server_error(client, "get", url, data={parameter: value})
            for query_string in HOSTILE_QUERY_STRINGS:
                no_server_error(client, "get", f"{url}?{query_string}")


def test_search_says_what_is_wrong_in_vietnamese(client):
    too_long = client.get(reverse("search"), {"q": "nghị quyết " * 10_000})
    assert too_long.status_code == 200
    assert "tối đa" in too_long.content.decode()
    nul = client.get(reverse("search"), {"q": "nghị\x00quyết"})
    assert "ký tự không được phép" in nul.content.decode()


def test_hostile_urls_are_not_found(anonymous, logged_in):
    urls = [
        "/media/original_images/../../etc/passwd",
        "/media/images/%00.jpg",
        "/media/documents/anything.pdf",
        "/documents/99999999999999999999/x.pdf",
        "/documents/1/%00",
        "/van-ban/%00/",
        "/van-ban/" + "a" * 5000 + "/",
        "/tin-tuc/chuyen-muc/%ff/",
        "/tin-tuc/the/%00/",
        "/xac-nhan/99999999999999999999/",
        "/xac-nhan/99999999999999999999/thay-doi/",
        "/binh-luan/van-ban/99999999999999999999/",
        "/binh-luan/99999999999999999999/sua/",
    ]
    for client in (anonymous, logged_in):
        for url in urls:
            response = no_server_error(client, "get", url)
            assert response.status_code in (302, 400, 404), (url, response.status_code)


def test_oversized_ids_in_the_admin_are_not_found():
    editor = Client(raise_request_exception=False)
    editor.force_login(factories.editor())
    for name in ("acknowledgement_progress", "acknowledgement_export"):
        url = reverse(name, args=[1]).replace("/1/", "/99999999999999999999/")
        assert editor.get(url).status_code == 404, url


def test_invalid_utf8_nul_and_huge_values_in_log_in_and_reset_forms(anonymous, member):
    bodies = [
        b"login=%ff%fe&password=%00",
        b"login=\xff\x00&password=\xfe",
        b"login=" + b"a" * 200_000 + b"&password=x",
        b"login=" + member.username.encode() + b"%00&password=" + factories.PASSWORD.encode(),
        b"email=a%00@example.vn",
        b"email=" + b"\xff" * 1000,
    ]
    for body in bodies:
        for url in (reverse("account_login"), reverse("account_reset_password")):
            response = no_server_error(
                anonymous, "post", url, data=body, content_type="application/x-www-form-urlencoded"
            )
            assert response.status_code == 200  # the form again, with its error
            assert SESSION_KEY not in anonymous.session
    huge = anonymous.post(
        reverse("account_login"), {"login": "a" * 200_000, "password": "x"}
    ).context["form"]
    assert huge.errors


def without_tokens(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def acknowledgement_values(page):
    revision = page.live_revision
    return {"revision": str(revision.pk), "fingerprint": revision_fingerprint(revision)}


def test_hostile_acknowledgement_posts_record_nothing(logged_in, ack_document):
    url = reverse("acknowledge_document", args=[ack_document.pk])
    values = acknowledgement_values(ack_document)
    attempts = [
        {**values, "revision": "abc"},
        {**values, "revision": "99999999999999999999"},
        {**values, "revision": "\x00"},
        {**values, "fingerprint": "\x00"},
        {**values, "fingerprint": "x" * 100_000},
        {**values, "takeaway": "x" * 100_000},
    ]
    for data in attempts:
        response = no_server_error(logged_in, "post", url, data=data, follow=True)
        assert response.status_code == 200
        assert response.context["messages"], data  # a message says why
    for body in (b"revision=%ff%fe&fingerprint=%00", b"revision=\xff\xfe&fingerprint=\x00"):
        no_server_error(
            logged_in, "post", url, data=body, content_type="application/x-www-form-urlencoded"
        )
    assert not Acknowledgement.objects.exists()


def test_forged_headers_do_not_reach_the_record(logged_in, member, ack_document):
    url = reverse("acknowledge_document", args=[ack_document.pk])
    response = no_server_error(
        logged_in,
        "post",
        url,
        data=acknowledgement_values(ack_document),
        headers={"x-real-ip": "<script>not-an-ip", "user-agent": "Trình\x00duyệt"},
        REMOTE_ADDR="10.0.0.7",
    )
    assert response.status_code == 302
    record = Acknowledgement.objects.get(member=member)
    assert record.ip_address == "10.0.0.7"
    assert record.user_agent == "Trìnhduyệt"


def test_forged_csrf_is_refused_in_vietnamese_and_writes_nothing(member, ack_document):
    forged = Client(enforce_csrf_checks=True)
    response = forged.post(
        reverse("account_login"), {"login": member.username, "password": factories.PASSWORD}
    )
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()
    assert SESSION_KEY not in forged.session
    forged.force_login(member)
    url = reverse("acknowledge_document", args=[ack_document.pk])
    values = acknowledgement_values(ack_document)
    assert forged.post(url, values).status_code == 403
    assert forged.post(url, {**values, "csrfmiddlewaretoken": "x" * 64}).status_code == 403
    password_change = forged.post(
        reverse("account_change_password"),
        {"oldpassword": factories.PASSWORD, "password1": "mat-khau-moi-123", "password2": "x"},
    )
    assert password_change.status_code == 403
    assert not Acknowledgement.objects.exists()
    member.refresh_from_db()
    assert member.check_password(factories.PASSWORD)


def test_a_form_from_before_log_in_is_refused_after_it(member, ack_document):
    """Logging in rotates the CSRF token: a form (or a replay) from before is refused."""
    browser = Client(enforce_csrf_checks=True)
    browser.get(reverse("account_login"))
    old_token = browser.cookies["csrftoken"].value
    browser.post(
        reverse("account_login"),
        {
            "login": member.username,
            "password": factories.PASSWORD,
            "csrfmiddlewaretoken": old_token,
        },
    )
    assert SESSION_KEY in browser.session
    assert browser.cookies["csrftoken"].value != old_token
    url = reverse("acknowledge_document", args=[ack_document.pk])
    response = browser.post(
        url, {**acknowledgement_values(ack_document), "csrfmiddlewaretoken": old_token}
    )
    assert response.status_code == 403
    assert not Acknowledgement.objects.exists()


def test_a_replayed_post_after_log_out_records_nothing(member, ack_document):
    client = Client()
    client.force_login(member)
    url = reverse("acknowledge_document", args=[ack_document.pk])
    values = acknowledgement_values(ack_document)
    client.post(reverse("account_logout"))
    response = client.post(url, values)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert not Acknowledgement.objects.exists()


def test_nobody_acknowledges_for_someone_else(logged_in, member, ack_document):
    other = factories.UserFactory()
    url = reverse("acknowledge_document", args=[ack_document.pk])
    values = acknowledgement_values(ack_document)
    for field in ("member", "member_id", "user", "user_id", "author"):
        logged_in.post(url, {**values, field: other.pk})
    assert list(Acknowledgement.objects.values_list("member_id", flat=True)) == [member.pk]


def test_outsiders_cannot_acknowledge_what_they_may_not_see(ack_document):
    cell = factories.PartyCellFactory()
    restricted = factories.document(audience=cell.group, requires_acknowledgement=True)
    insider = Client()
    insider.force_login(factories.UserFactory(party_cell=cell))
    values = acknowledgement_values(restricted)
    outsider = Client()
    outsider.force_login(factories.UserFactory())
    response = outsider.post(reverse("acknowledge_document", args=[restricted.pk]), values)
    missing = outsider.post(reverse("acknowledge_document", args=[999_999]), values)
    assert response.status_code == missing.status_code == 404
    # Nothing tells that the document exists (the CSRF token is masked anew in every response).
    assert without_tokens(response) == without_tokens(missing)
    assert not Acknowledgement.objects.exists()


def test_html_and_script_in_user_fields_are_shown_escaped(client, ack_document):
    member = factories.UserFactory(full_name=SCRIPT)
    client.force_login(member)
    client.post(
        reverse("acknowledge_document", args=[ack_document.pk]),
        {**acknowledgement_values(ack_document), "takeaway": SCRIPT},
    )
    assert Acknowledgement.objects.get(member=member).takeaway == SCRIPT  # kept as written
    pages = [
        reverse("my_account"),
        "/",
        ack_document.url,
        reverse("acknowledgement_history"),
        reverse("search") + "?q=" + SCRIPT,
        factories.library().url + "?q=" + SCRIPT,
    ]
    for url in pages:
        html = client.get(url, follow=True).content.decode()
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url
    assert "&lt;script&gt;alert" in client.get(reverse("my_account")).content.decode()
    editor = Client()
    editor.force_login(factories.editor())
    progress = editor.get(reverse("acknowledgement_progress", args=[ack_document.pk]))
    assert progress.status_code == 200
    assert "<script>alert" not in progress.content.decode()


def test_the_language_switch_does_not_redirect_elsewhere(client):
    response = client.post(
        reverse("set_language"), {"language": "\x00", "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and not response.url.startswith("https://evil")

"""Production headers and cookies: HTTPS only, a strict Content-Security-Policy, no inline
scripts in the public templates, cookies out of reach of scripts and other sites."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.security.conftest import HTTPS, PRODUCTION_HOST

pytestmark = pytest.mark.django_db

SITE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "img-src": "'self' data:",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}
# A <script> runs unless it only carries data (JSON) or loads a file.
EXECUTABLE_INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.IGNORECASE
)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"(?:href|src|action)\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)


def policy(response):
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value
    return directives


def public_urls():
    document = factories.document(title="Nghị quyết công khai về công tác kiểm tra")
    article = factories.news_article(title="Tin công khai về hội nghị")
    return [
        "/",
        factories.news_index().url,
        article.url,
        factories.library().url,
        document.url,
        reverse("search") + "?q=nghi+quyet",
        reverse("account_login"),
        reverse("account_reset_password"),
    ]


def test_public_pages_send_the_security_headers(client, production):
    for url in public_urls():
        response = client.get(url, headers=HTTPS)
        assert response.status_code == 200, url
        hsts = response["Strict-Transport-Security"]
        assert "max-age=31536000" in hsts and "includeSubDomains" in hsts, url
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        directives = policy(response)
        for name, value in SITE_POLICY.items():
            assert directives[name] == value, (url, name)
        assert "unsafe-inline" not in directives["script-src"]
        assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_plain_http_is_redirected_to_https(client, production):
    response = client.get("/", headers={"host": PRODUCTION_HOST})
    assert response.status_code == 301
    assert response["Location"] == f"https://{PRODUCTION_HOST}/"


def test_public_templates_have_no_inline_scripts(client, production):
    """What the policy forbids must not be in the pages, or the browser would break them."""
    member = factories.UserFactory()
    editor = factories.editor()
    for viewer in (None, member, editor):
        viewer_client = Client()
        if viewer:
            viewer_client.force_login(viewer)
        for url in public_urls() + ([reverse("my_account")] if viewer else []):
            html = viewer_client.get(url, headers=HTTPS).content.decode()
            assert not EXECUTABLE_INLINE_SCRIPT.search(html), (viewer, url)
            assert not INLINE_HANDLER.search(html), (viewer, url)
            assert not JAVASCRIPT_URL.search(html), (viewer, url)


def test_the_admin_gets_only_the_exceptions_wagtail_needs(client, production):
    editor = factories.editor()
    factories.two_factor(editor)
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_home"), headers=HTTPS)
    assert response.status_code == 200
    directives = policy(response)
    # Wagtail's date pickers and inline panels are inline scripts; its preview is a frame; its
    # upload thumbnails are blob: images.
    assert directives["script-src"] == "'self' 'unsafe-inline'"
    assert directives["frame-ancestors"] == "'self'"
    assert directives["img-src"] == "'self' data: blob:"
    for name in ("default-src", "form-action", "base-uri", "object-src"):
        assert directives[name] == SITE_POLICY[name]


def test_cookies_are_secure_http_only_and_same_site(client, production):
    member = factories.UserFactory()
    login_page = client.get(reverse("account_login"), headers=HTTPS)
    csrf = login_page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(
        reverse("account_login"),
        {"login": member.username, "password": factories.PASSWORD},
        headers=HTTPS,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_every_environment_sends_the_same_site_policy(client):
    """The policy lives in the base settings: dev and the tests catch an inline script early."""
    directives = policy(client.get("/"))
    for name, value in SITE_POLICY.items():
        assert directives[name] == value


def test_an_admin_preview_gets_the_admin_policy_not_the_pages(rf, production):
    """Wagtail renders a preview through the middleware for the page's own URL, which sets the
    site's policy (frame-ancestors 'none'); the admin's must replace it, or the preview panel
    cannot frame it."""
    from django.http import HttpResponse

    from portal.security import ContentSecurityPolicyMiddleware

    def preview(request):
        page_response = HttpResponse("<p>xem trước</p>")
        page_response["Content-Security-Policy"] = "frame-ancestors 'none'; script-src 'self'"
        return page_response

    middleware = ContentSecurityPolicyMiddleware(preview)
    response = middleware(rf.get("/admin/pages/3/edit/preview/?in_preview_panel=true"))
    assert policy(response)["frame-ancestors"] == "'self'"
    assert policy(response)["object-src"] == "'none'"
    outside = middleware(rf.get("/van-ban/"))
    assert policy(outside)["frame-ancestors"] == "'none'"

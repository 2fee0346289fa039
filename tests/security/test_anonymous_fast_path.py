"""The anonymous fast path (portal.caching.anonymous.AnonymousPageCacheMiddleware, first in
MIDDLEWARE): a visitor without a session cookie gets a cached page before any other middleware
runs, with the headers the whole stack gives it; anyone carrying a session cookie goes the whole
way."""

import pytest
from django.conf import settings
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


def cached_page():
    """A public news article, rendered once for a visitor and so kept in the cache."""
    page = factories.news(title="Tin công khai cho khách")
    Client().get("/")  # the site settings are created on the first request
    first = Client().get(page.url)
    assert first["X-Page-Cache"] == "miss"
    return page, first


def went_through_the_stack(response):
    """Whether the session and authentication middleware ran for the response's request."""
    return hasattr(response.wsgi_request, "user")


def test_a_visitor_gets_the_cached_page_with_the_headers_of_the_whole_stack():
    page, first = cached_page()
    again = Client().get(page.url)
    assert again["X-Page-Cache"] == "hit"
    assert not went_through_the_stack(again)  # answered before the session middleware
    assert again.content == first.content
    without_marker = {k: v for k, v in first.items() if k != "X-Page-Cache"}
    assert {k: v for k, v in again.items() if k != "X-Page-Cache"} == without_marker
    assert "default-src 'self'" in again["Content-Security-Policy"]
    assert again["X-Frame-Options"] == "SAMEORIGIN"
    assert again["X-Content-Type-Options"] == "nosniff"


def test_a_member_logged_in_never_gets_the_visitors_page():
    page, first = cached_page()
    member = Client()
    member.force_login(factories.UserFactory())
    response = member.get(page.url)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert response.wsgi_request.user.is_authenticated
    assert response.content != first.content  # the member's header: their account links


def test_a_stale_or_foreign_session_cookie_goes_the_whole_way():
    """An expired session, or one of another site: not a member, so the page may come from the
    cache, but only once the session has been read (and its cookie is removed)."""
    page, _first = cached_page()
    visitor = Client()
    visitor.cookies[settings.SESSION_COOKIE_NAME] = "khongcophienlamviecnaocaj1234567"
    response = visitor.get(page.url)
    assert response["X-Page-Cache"] == "hit"
    assert went_through_the_stack(response)
    assert not response.wsgi_request.user.is_authenticated
    assert response.cookies[settings.SESSION_COOKIE_NAME].value == ""


def test_a_visitor_who_chose_english_is_not_served_the_vietnamese_page():
    page, first = cached_page()
    visitor = Client()
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = visitor.get(page.url)
    assert response["X-Page-Cache"] == "miss"
    assert response["Content-Language"] == "en" != first["Content-Language"]


def test_plain_http_is_still_sent_to_https(settings):
    """The fast path answers before SecurityMiddleware: it must not serve, over plain HTTP, a
    page that middleware would redirect."""
    page = factories.news()
    settings.SECURE_SSL_REDIRECT = True
    Client().get("/", secure=True)
    for _ in range(2):
        Client().get(page.url, secure=True)
    assert Client().get(page.url, secure=True)["X-Page-Cache"] == "hit"
    response = Client().get(page.url)
    assert response.status_code == 301
    assert response["Location"].startswith("https://")

"""The front cache: Debian's nginx with portal/deploy/nginx/portal.conf in front of the portal.

Each test starts its own nginx (its own prefix, temporary directories and cache, a free port) in
front of the live server, and reads X-Cache-Status: HIT is an answer from nginx's cache, MISS
and BYPASS answers from the portal. Wagtail purges through FRONTEND_CACHE_PURGE_URL, here the
test's nginx.
"""

import http.client
import socket
from urllib.parse import urlsplit

import pytest
from django.test import Client

from portal.deploy import nginx
from resolutions.models import DocumentIndexPage
from tests import factories

pytestmark = [pytest.mark.nginx, pytest.mark.django_db(transaction=True)]


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def front(live_server, settings, tmp_path):
    """The port of an nginx in front of the live server, purged by Wagtail."""
    if not nginx.executable():
        pytest.fail("nginx or its cache-purge module is missing: `make nginx` installs them")
    port = _free_port()
    upstream = f"127.0.0.1:{urlsplit(live_server.url).port}"
    settings.WAGTAILFRONTENDCACHE = {
        "nginx": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{port}",
        }
    }
    with nginx.running(tmp_path, upstream, port):
        yield port


def get(port, path, cookie="", method="GET", source="127.0.0.1"):
    """(status, X-Cache-Status, body) of a request through nginx, redirects not followed."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=30, source_address=(source, 0)
    )
    connection.request(method, path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response.status, response.getheader("X-Cache-Status"), body


def session_cookie(user):
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def cached(port, path):
    """Request `path` until nginx has it: the second answer comes from its cache."""
    assert get(port, path)[:2] == (200, "MISS")
    status, cache_status, body = get(port, path)
    assert (status, cache_status) == (200, "HIT")
    return body


def test_public_page_is_cached_and_a_session_bypasses_it(front, member):
    page = factories.document()
    body = cached(front, page.url)
    assert page.title in body

    # A query is not kept: no purge could name every query of a path.
    assert [get(front, f"{page.url}?trang=2")[1] for _ in range(2)] == ["BYPASS", "BYPASS"]

    status, cache_status, member_body = get(front, page.url, session_cookie(member))
    assert (status, cache_status) == (200, "BYPASS")
    assert member.full_name in member_body
    # The member's page was not stored: visitors still get theirs.
    status, cache_status, body = get(front, page.url)
    assert (status, cache_status) == (200, "HIT")
    assert member.full_name not in body


def test_only_this_machine_purges(front):
    page = factories.document()
    cached(front, page.url)

    assert get(front, page.url, method="PURGE", source="127.0.0.2")[0] == 403
    assert get(front, page.url)[:2] == (200, "HIT")
    assert get(front, page.url, method="PURGE")[0] == 200
    assert get(front, page.url)[:2] == (200, "MISS")


@pytest.mark.parametrize("audience", ["members", "cell"])
@pytest.mark.parametrize("member_first", [True, False], ids=["member-first", "visitor-first"])
def test_restricted_page_never_comes_out_of_the_cache(front, member, audience, member_first):
    page = factories.document(audience=member.party_cell.group if audience == "cell" else audience)
    cookie = session_cookie(member)
    readers = ["", "", cookie, cookie] if not member_first else [cookie, cookie, "", ""]
    for reader in readers:
        status, cache_status, body = get(front, page.url, reader)
        assert cache_status != "HIT"
        if reader:
            assert (status, cache_status) == (200, "BYPASS")
            assert page.title in body
        else:
            assert status == 302
            assert page.title not in body


def test_publishing_purges_the_page_and_its_listings(front):
    article = factories.news_article()
    cached(front, article.url)
    cached(front, "/tin-tuc/")

    article.title = "Tin đã sửa sau khi đăng"
    article.save_revision().publish()

    for path in (article.url, "/tin-tuc/"):
        status, cache_status, body = get(front, path)
        assert (status, cache_status) == (200, "MISS")
        assert "Tin đã sửa sau khi đăng" in body


def test_a_restriction_purges_the_page_and_its_listings(front):
    page = factories.document()
    cached(front, page.url)
    assert page.title in cached(front, "/van-ban/")

    factories.restrict(page, "members")

    status, cache_status, body = get(front, page.url)
    assert (status, cache_status) == (302, "MISS")
    status, cache_status, body = get(front, "/van-ban/")
    assert (status, cache_status) == (200, "MISS")
    assert page.title not in body


def test_a_move_purges_the_old_address_and_the_listings(front):
    archive = factories.library().add_child(
        instance=DocumentIndexPage(title="Lưu trữ", slug="luu-tru")
    )
    page = factories.document()
    old_url = page.url
    cached(front, old_url)
    assert page.title in cached(front, "/van-ban/")

    page.move(archive, pos="last-child")
    page.refresh_from_db()

    assert page.url != old_url
    assert get(front, old_url)[:2] == (301, "MISS")  # the portal's redirect to the new address
    status, cache_status, body = get(front, "/van-ban/")
    assert (status, cache_status) == (200, "MISS")
    status, cache_status, body = get(front, page.url)
    assert (status, cache_status) == (200, "MISS")
    assert page.title in body


def test_a_new_address_purges_the_old_one(front):
    page = factories.document()
    old_url = page.url
    cached(front, old_url)

    page.slug = "nghi-quyet-doi-ten"
    page.save_revision().publish()

    assert get(front, old_url)[:2] == (301, "MISS")
    assert get(front, "/van-ban/nghi-quyet-doi-ten/")[:2] == (200, "MISS")


@pytest.mark.parametrize("change", ["publish", "unpublish"])
def test_an_article_purges_the_news_sub_pages_and_the_sitemap(front, change):
    category = factories.news_category()
    article = factories.news_article(categories=[category], tags=["chuyen-doi-so"])
    month = article.published_on.strftime("%Y/%m")
    paths = [
        "/tin-tuc/rss/",
        "/tin-tuc/atom/",
        f"/tin-tuc/chuyen-muc/{category.slug}/",
        f"/tin-tuc/{month}/",
        "/tin-tuc/the/chuyen-doi-so/",
        "/sitemap.xml",
    ]
    for path in paths:
        cached(front, path)

    if change == "publish":
        article.title = "Tin đã sửa sau khi đăng"
        article.save_revision().publish()
    else:
        article.unpublish()

    for path in paths:
        status, cache_status, body = get(front, path)
        assert cache_status == "MISS", path
        if change == "publish" and path != "/sitemap.xml":
            assert "Tin đã sửa sau khi đăng" in body, path

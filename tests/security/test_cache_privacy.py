"""The caches keep nothing of one reader for another (portal.caching.anonymous,
portal.caching.shared_pages, portal.caching.fragments, portal.caching.routing): CSRF tokens,
versions bumped only once a change commits, keys that ignore what a page does not read, answers
that do not depend on what was cached."""

import datetime
import re

import pytest
from django.test import Client
from django.utils.html import escape

from portal.caching import fragments
from tests import factories
from tests.listings import shown_count

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_comment_quoting_the_csrf_placeholder_carries_no_readers_token():
    """Shared pages and fragments are rendered with a placeholder for the CSRF token; a
    comment holding it must stay text, not become each reader's token (which a link in the
    comment could then carry to another site)."""
    cell = factories.PartyCellFactory()
    author, reader = (factories.UserFactory(party_cell=cell) for _ in range(2))
    page = factories.document(audience=cell.group)
    quoted = f"{fragments.CSRF_PLACEHOLDER} csrf-placeholder-of-a-shared-fragment"
    factories.comment(page, author, quoted)
    for _ in range(2):  # rendered to be shared, then served from the cache
        html = logged_in(reader).get(page.url).content.decode()
        assert escape(fragments.CSRF_PLACEHOLDER) in html
        assert "csrf-placeholder-of-a-shared-fragment" in html
        tokens = TOKEN.findall(html)
        assert tokens and all(token not in html.replace(f'value="{token}"', "") for token in tokens)


def test_a_page_cached_while_a_change_commits_is_not_served_after(
    django_capture_on_commit_callbacks, settings, tmp_path
):
    """A visitor served while the change is being written sees the data from before it (other
    connections do not see the change until it commits): what was cached for them then must
    be stale once the change commits.

    In a cache shared by the processes (Redis in production; a file cache here), whose version
    is bumped again at the commit. With a cache in each process the version is the database's
    own, which no other connection sees moving before the commit."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    page = factories.news(title="Tin công khai")
    Client().get(page.url)
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Tin công khai đã sửa"
        page.save_revision().publish()
        assert Client().get(page.url)["X-Page-Cache"] == "miss"  # kept during the change
    assert Client().get(page.url)["X-Page-Cache"] == "miss"


@pytest.mark.parametrize(
    "kept, not_kept",
    [
        ("/tin-tuc/?page=1", ["/tin-tuc/?utm=1", "/tin-tuc/?page=99999", "/tin-tuc/?page=1&x=2"]),
        ("/van-ban/?doc_type=nghi-quyet", ["/van-ban/?q=tu-do", "/van-ban/?doc_type=khong-co"]),
    ],
)
def test_only_the_parameters_a_page_applies_make_a_cached_page(kept, not_kept):
    """Every other query string is answered without being stored: nobody fills the cache (and
    the Redis holding the log-in limits) by varying it."""
    factories.news()
    factories.document()
    visitor = Client()
    visitor.get("/")  # the site settings are created on the first request
    visitor.get(kept)
    assert visitor.get(kept)["X-Page-Cache"] == "hit"
    for url in not_kept:
        assert visitor.get(url).status_code == 200, url
        assert "X-Page-Cache" not in visitor.get(url), url


def test_a_month_out_of_range_is_no_month():
    for url in ("/tin-tuc/0000/01/", "/tin-tuc/9999/12/", "/tin-tuc/?thang=0001-01"):
        assert Client().get(url).status_code < 500, url


def test_every_method_answers_a_restricted_address_as_a_missing_one():
    cell = factories.PartyCellFactory()
    attachment = factories.file("Biên bản", "bien-ban.pdf")
    page = factories.document(audience=cell.group, attachments=[attachment])
    article = factories.news(audience=cell.group)
    pairs = [
        (page.url, "/van-ban/khong-co/"),
        (article.url, "/tin-tuc/khong-co/"),
        (attachment.url, f"/documents/{attachment.pk + 1000}/bien-ban.pdf"),
    ]
    viewers = [Client(), logged_in(factories.UserFactory())]
    for method in ("options", "trace", "put", "patch", "delete", "post", "head", "get"):
        for secret, missing in pairs:
            for client in viewers:
                answers = [getattr(client, method)(url) for url in (secret, missing)]
                statuses = [response.status_code for response in answers]
                locations = [response.get("Location", "").split("?")[0] for response in answers]
                assert statuses[0] == statuses[1] and locations[0] == locations[1], (method, secret)


def test_a_remembered_route_answers_outsiders_no_faster_than_a_missing_path():
    """Once a member opened a restricted page its route is remembered; for everyone else the
    path is routed as a missing one would be (the same queries, so the same order of time)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cell = factories.PartyCellFactory()
    page = factories.document(audience=cell.group)
    logged_in(factories.UserFactory(party_cell=cell)).get(page.url)
    for client in (Client(), logged_in(factories.UserFactory())):
        counts = []
        for url in (page.url, "/van-ban/khong-co/"):
            client.get(url)  # each warmed alike
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            counts.append(len(queries))
        assert counts[0] >= counts[1], counts


def test_members_of_two_chi_bo_never_share_a_listing_that_differs(monkeypatch):
    """Members of two chi bộ see the same filter values (years, issuing bodies) and, on the
    first page, the same documents, but not the same count; filtered, the same count but not
    the same documents; the same for a search: each part of the shared keys is needed."""
    monkeypatch.setattr("resolutions.listing.PER_PAGE", 2)
    cells = [factories.PartyCellFactory() for _ in range(2)]
    for n in range(3):
        factories.document(title=f"Công khai {n}", issued_on=datetime.date(2025, 1, 1 + n))
    own = {cell.pk: [] for cell in cells}
    for cell, doc_type in [
        (cells[0], "ke-hoach"),
        (cells[0], "nghi-quyet"),
        (cells[1], "ke-hoach"),
    ]:
        own[cell.pk].append(
            factories.document(
                audience=cell.group,
                title=f"Riêng {cell.name} {doc_type}",
                doc_type=doc_type,
                issued_on=datetime.date(2020, 1, 1),
            )
        )
    readers = [logged_in(factories.UserFactory(party_cell=cell)) for cell in cells]
    readers[0].get("/")  # the site settings are created on the first request
    for url in ("/van-ban/", "/van-ban/?doc_type=ke-hoach", "/tim-kiem/?q=rieng+ke-hoach"):
        pages = [reader.get(url) for reader in readers]  # the first fills the shared cache
        for cell, page in zip(cells, pages, strict=True):
            html = page.content.decode()
            others = [d for pk, docs in own.items() if pk != cell.pk for d in docs]
            assert not [d.title for d in others if escape(d.title) in html], url
        counts = [shown_count(page) for page in pages]
        assert counts == ([5, 4] if url == "/van-ban/" else [1, 1]), (url, counts)


def test_a_page_moved_into_a_restricted_folder_closes_at_once():
    """Routes, shared pages and audience sets remembered for the page at its old place must not
    open it at the new one."""
    from resolutions.models import DocumentIndexPage

    cell = factories.PartyCellFactory()
    folder = DocumentIndexPage(title="Hồ sơ chi bộ", slug="ho-so-chi-bo")
    factories.library().add_child(instance=folder)
    factories.restrict(folder, cell.group)
    folder.save_revision().publish()
    page = factories.document(title="Kế hoạch sắp chuyển")
    outsider, insider = (logged_in(factories.UserFactory(party_cell=c)) for c in (None, cell))
    old_url = page.url
    for client in (outsider, insider, Client()):
        assert client.get(old_url).status_code == 200
    page.move(folder, pos="last-child")
    page.refresh_from_db()
    assert insider.get(page.url).status_code == 200
    assert outsider.get(page.url).status_code == 404
    assert Client().get(page.url).status_code == 302
    for client in (outsider, Client()):  # the old address leads them nowhere
        assert client.get(old_url).get("Location", "") != page.url
        assert "Kế hoạch sắp chuyển" not in client.get("/van-ban/").content.decode()


def test_a_restricted_folder_moved_elsewhere_stays_closed_below():
    """The audience sets remember restricted folders by their place in the tree: moving one
    must not open what lies below it at its new place."""
    from resolutions.models import DocumentIndexPage

    cell = factories.PartyCellFactory()
    library = factories.library()
    folder, shelf = (
        DocumentIndexPage(title=title, slug=slug)
        for title, slug in (("Hồ sơ chi bộ", "ho-so-chi-bo"), ("Lưu trữ", "luu-tru"))
    )
    library.add_child(instance=folder)
    library.add_child(instance=shelf)
    factories.restrict(folder, cell.group)
    page = factories.document(title="Biên bản trong hồ sơ", parent=folder)
    outsider = logged_in(factories.UserFactory())
    assert outsider.get(page.url).status_code == 404  # the audience sets are now remembered
    folder.refresh_from_db()
    folder.move(shelf, pos="last-child")
    page.refresh_from_db()
    assert outsider.get(page.url).status_code == 404
    assert logged_in(factories.UserFactory(party_cell=cell)).get(page.url).status_code == 200
    assert "Biên bản trong hồ sơ" not in outsider.get("/van-ban/").content.decode()


def test_a_restricted_page_is_never_kept_by_a_shared_cache():
    """A front cache (nginx, a CDN) must never keep what a member of the audience was shown."""
    cell = factories.PartyCellFactory()
    page = factories.document(audience=cell.group)
    control = logged_in(factories.UserFactory(party_cell=cell)).get(page.url)["Cache-Control"]
    assert {"private", "no-store"} <= {part.strip() for part in control.split(",")}

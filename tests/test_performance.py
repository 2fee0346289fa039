"""Performance at scale (issue 9): a fixed number of queries per page whatever the amount of
data, the anonymous page cache (never the wrong person's page, stale after publishing), and the
scale generator behind `make bench`. Speed itself is measured by `make bench`, not here.

Each query test requests a page with a little data, adds much more of everything the page lists
or counts, and asserts that the same request makes no more queries than before.
"""

import datetime
import io
import itertools
import re
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Site

from news.models import NewsDocumentLink, NewsPage
from portal.caching import versions
from portal.models import PartyCell, User
from resolutions.acknowledgements.services import revision_fingerprint
from resolutions.models import (
    Acknowledgement,
    AcknowledgementRound,
    Comment,
    PartyDocumentPage,
    ReadReceipt,
    RevisionFingerprint,
)
from tests import factories
from tests.listings import shown_count

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def count_queries(request):
    request()  # warm the per-process caches (site root, audience sets, fingerprints)
    with CaptureQueriesContext(connection) as queries:
        response = request()
    assert response.status_code in (200, 302), response.status_code
    return len(queries)


def rendered_anew(request):
    """The request with every fragment, route and list kept under the content version stale,
    as after a publish: the page is rendered from the database again."""

    def fresh():
        versions.bump(versions.CONTENT)
        return request()

    return fresh


def assert_constant(django_assert_max_num_queries, request, grow):
    """The request makes no more queries after `grow()` added data than before, both when it
    is served from the shared fragments and when it is rendered anew."""
    before = count_queries(request)
    before_rendered = count_queries(rendered_anew(request))
    grow()
    request()
    with django_assert_max_num_queries(before):
        response = request()
    assert response.status_code in (200, 302)
    with django_assert_max_num_queries(before_rendered):
        response = rendered_anew(request)()
    assert response.status_code in (200, 302)
    return response


def uncached(client, url):
    """A GET that the anonymous page cache cannot answer (a query string it has not seen), so
    the page is rendered and its queries counted."""
    counter = iter(range(1_000_000))
    return lambda: client.get(url, {"v": next(counter)})


def some_documents(count, cell, **fields):
    audiences = ["public", "members", cell.group, factories.committee_group()]
    return [
        factories.document(
            audience=audiences[n % len(audiences)],
            doc_type=["nghi-quyet", "ke-hoach", "bao-cao"][n % 3],
            issued_on=datetime.date(2026 - n % 4, 1 + n % 12, 1 + n % 28),
            **fields,
        )
        for n in range(count)
    ]


def some_news(count):
    category = factories.news_category()
    return [
        factories.news_article(
            audience="members" if n % 4 == 0 else "public",
            categories=[category],
            tags=[f"Chủ đề {n % 3}"],
        )
        for n in range(count)
    ]


@pytest.fixture(autouse=True)
def _site_settings():
    """The settings row every installation has after its first page view (creating it counts
    as a change of what visitors see)."""
    from portal.models import SiteSettings

    SiteSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def cell():
    return factories.PartyCellFactory()


@pytest.fixture
def reader(cell):
    return factories.UserFactory(party_cell=cell)


def many_members(cell, count, prefix):
    users = User.objects.bulk_create(
        User(username=f"{prefix}{n}", full_name=f"Trần Thị Đông {n}", party_cell=cell)
        for n in range(count)
    )
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=user.pk, group_id=cell.group_id) for user in users
    )
    return users


def comments_on(page, authors, count):
    """`count` comments, one in five a reply, with sections and some hidden or removed."""
    anchors = [anchor for anchor, *_ in page.sections] + [""]
    states = [Comment.State.VISIBLE] * 8 + [Comment.State.HIDDEN, Comment.State.REMOVED]
    top = Comment.objects.bulk_create(
        Comment(
            page=page,
            author=authors[n % len(authors)],
            text=f"Góp ý số {n}: đề nghị xem https://vi.wikipedia.org/wiki/{n}",
            section=anchors[n % len(anchors)],
            state=states[n % len(states)],
        )
        for n in range(count - count // 5)
    )
    Comment.objects.bulk_create(
        Comment(page=page, parent=top[n], author=authors[-1 - n % len(authors)], text="Đồng ý.")
        for n in range(count // 5)
    )


# -- queries per page --------------------------------------------------------------------------


def test_home_page(client, cell, django_assert_max_num_queries):
    some_documents(2, cell)
    some_news(2)

    def grow():
        some_documents(12, cell)
        some_news(12)

    assert_constant(django_assert_max_num_queries, uncached(client, "/"), grow)


def test_news_index(client, cell, django_assert_max_num_queries):
    some_news(2)
    assert_constant(
        django_assert_max_num_queries, uncached(client, "/tin-tuc/"), lambda: some_news(20)
    )


def test_news_article(client, cell, django_assert_max_num_queries):
    documents = some_documents(4, cell)
    article = factories.news_article(
        categories=[factories.news_category()], tags=["Hội nghị"], documents=documents[:1]
    )
    some_news(2)

    def grow():
        some_news(10)
        for document in some_documents(6, cell):
            article.related_documents.add(NewsDocumentLink(document=document))
        article.save_revision().publish()

    assert_constant(django_assert_max_num_queries, uncached(client, article.url), grow)


def test_document_with_many_comments_for_a_member(
    client, cell, reader, django_assert_max_num_queries
):
    page = factories.document(
        audience="members",
        requires_acknowledgement=True,
        acknowledgement_deadline=TODAY + datetime.timedelta(days=7),
        body=[
            {"type": "heading", "value": {"number": f"{n}.", "text": f"Mục {n}", "level": "2"}}
            for n in range(1, 6)
        ]
        + [{"type": "paragraph", "value": "<p>Nội dung của văn bản.</p>"}],
    )
    authors = [factories.UserFactory(party_cell=cell) for _ in range(3)]
    comments_on(page, authors, 5)
    client.force_login(reader)

    def grow():
        cells = [factories.PartyCellFactory() for _ in range(4)]
        others = [factories.UserFactory(party_cell=cells[n % 4]) for n in range(12)]
        comments_on(page, others, 200)
        round_ = AcknowledgementRound.objects.get(page=page, is_current=True)
        for member in many_members(cell, 40, "da-doc"):
            Acknowledgement.objects.create(
                round=round_, page=page, member=member, revision=round_.revision, fingerprint="f"
            )

    response = assert_constant(django_assert_max_num_queries, lambda: client.get(page.url), grow)
    html = response.content.decode()
    assert 'name="fingerprint"' in html  # the member's own acknowledgement state is shown
    assert "Góp ý số 0" in html


def test_library_with_filters(client, cell, reader, django_assert_max_num_queries):
    some_documents(3, cell)
    client.force_login(reader)
    url = "/van-ban/?doc_type=nghi-quyet&year=2026"
    assert_constant(
        django_assert_max_num_queries, lambda: client.get(url), lambda: some_documents(30, cell)
    )


def test_search_without_diacritics(client, cell, reader, django_assert_max_num_queries):
    some_documents(3, cell)
    some_news(2)
    client.force_login(reader)

    def grow():
        some_documents(24, cell)
        some_news(6)

    response = assert_constant(
        django_assert_max_num_queries, lambda: client.get("/tim-kiem/?q=nghi+quyet"), grow
    )
    assert shown_count(response) > 20


def test_acknowledgement_post(client, cell, django_assert_max_num_queries):
    page = factories.document(
        audience="members",
        requires_acknowledgement=True,
        acknowledgement_deadline=TODAY + datetime.timedelta(days=7),
    )
    revision = page.live_revision
    values = {"revision": revision.pk, "fingerprint": revision_fingerprint(revision)}
    url = reverse("acknowledge_document", args=[page.pk])
    first, second, third = (factories.UserFactory(party_cell=cell) for _ in range(3))
    client.force_login(first)
    client.post(url, values)  # warm the caches
    client.force_login(second)
    with CaptureQueriesContext(connection) as small:
        assert client.post(url, values).status_code == 302
    round_ = AcknowledgementRound.objects.get(page=page, is_current=True)
    for member in many_members(cell, 300, "xac-nhan"):
        Acknowledgement.objects.create(
            round=round_, page=page, member=member, revision=revision, fingerprint="f"
        )
    client.force_login(third)
    with django_assert_max_num_queries(len(small)):
        assert client.post(url, values).status_code == 302
    assert Acknowledgement.objects.filter(round=round_).count() == 303


def test_progress_view_with_many_acknowledgements_and_readers(
    client, cell, django_assert_max_num_queries
):
    page = factories.document(
        audience="members",
        requires_acknowledgement=True,
        acknowledgement_deadline=TODAY + datetime.timedelta(days=7),
    )
    client.force_login(factories.editor())
    url = reverse("acknowledgement_progress", args=[page.pk])
    round_ = AcknowledgementRound.objects.get(page=page, is_current=True)

    def readers(cell, count, acknowledged, prefix):
        """Members of `cell`, all of whom opened the page and `acknowledged` of whom
        acknowledged it with a takeaway."""
        members = many_members(cell, count, prefix)
        now = timezone.now()
        Acknowledgement.objects.bulk_create(
            Acknowledgement(
                round=round_,
                page=page,
                member=member,
                revision=round_.revision,
                fingerprint="f",
                takeaway="Đã nắm nội dung.",
            )
            for member in members[:acknowledged]
        )
        ReadReceipt.objects.bulk_create(
            ReadReceipt(page=page, member=member, first_opened_at=now, last_opened_at=now)
            for member in members
        )
        versions.bump(versions.readings(page.pk))  # bulk writes send no signal

    readers(cell, 3, 2, "it-")

    def grow():
        for n, other in enumerate([cell] + [factories.PartyCellFactory() for _ in range(5)]):
            readers(other, 60, 40, f"nhieu-{n}-")

    response = assert_constant(django_assert_max_num_queries, lambda: client.get(url), grow)
    assert response.context["progress"].total.acknowledged == 242


# -- the anonymous page cache ------------------------------------------------------------------


def test_anonymous_pages_are_served_from_the_cache(client, cell):
    article = factories.news_article()
    first = client.get(article.url)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(article.url)
    assert second["X-Page-Cache"] == "hit"
    # The test settings' cache lives in the process: only the content's version is read.
    assert [query["sql"] for query in queries if "portal_cacheversion" not in query["sql"]] == []
    assert len(queries) == 1
    assert second.content == first.content


def test_a_change_made_by_another_process_makes_its_local_copies_stale_at_once(client):
    """With a cache in each worker (the embedded setup), the version of the cached pages is the
    content's, in the database: a worker that did not handle the change still sees it."""
    article = factories.news_article(title="Tin sẽ được sửa")
    client.get(article.url)
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    NewsPage.objects.filter(pk=article.pk).update(title="Tin đã được sửa")  # as elsewhere:
    versions.bump(versions.CONTENT)  # the database's version moves, this cache is untouched
    changed = client.get(article.url)
    assert changed["X-Page-Cache"] == "miss" and "Tin đã được sửa" in changed.content.decode()


def test_restricted_pages_are_never_cached_nor_served_to_the_wrong_person(client, cell, reader):
    secret = factories.document(audience=cell.group, title="Nghị quyết riêng của chi bộ")
    client.force_login(reader)
    member_view = client.get(secret.url)
    assert member_view.status_code == 200 and "X-Page-Cache" not in member_view
    public = factories.news_article(title="Tin công khai")
    assert "X-Page-Cache" not in client.get(public.url)  # members never fill the cache
    client.logout()
    anonymous = client.get(secret.url)
    assert anonymous.status_code == 302 and "Nghị quyết riêng" not in anonymous.content.decode()
    assert client.get(secret.url).status_code == 302  # still asked to log in, not cached
    page = client.get(public.url)
    assert page["X-Page-Cache"] == "miss"  # rendered for the visitor, not the member's copy
    assert reader.get_full_name() not in page.content.decode()
    client.force_login(factories.UserFactory())  # a member of another chi bộ
    assert "Nghị quyết riêng" not in client.get(secret.url).content.decode()


def test_restricting_a_cached_page_takes_it_out_at_once(client):
    page = factories.document(audience="public", title="Văn bản sắp thu hẹp phạm vi")
    assert client.get(page.url).status_code == 200
    assert client.get(page.url)["X-Page-Cache"] == "hit"
    factories.restrict(Page.objects.get(pk=page.pk), "members")
    assert client.get(page.url).status_code == 302


def test_publishing_unpublishing_and_moving_invalidate(client):
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    article = factories.news_article(title="Tin mới đăng sáng nay")
    home = client.get("/")
    assert home["X-Page-Cache"] == "miss" and "Tin mới đăng sáng nay" in home.content.decode()
    assert client.get("/tin-tuc/")["X-Page-Cache"] == "miss"
    article.unpublish()
    assert "Tin mới đăng sáng nay" not in client.get("/tin-tuc/").content.decode()
    document = factories.document(title="Văn bản sẽ chuyển chỗ")
    assert client.get(document.url).status_code == 200
    folder = factories.library()
    document.move(folder, pos="first-child")
    assert client.get(document.url)["X-Page-Cache"] == "miss"


def test_pages_are_kept_until_the_next_expiry(client):
    from portal.caching import anonymous as page_cache

    assert page_cache._timeout() == page_cache.TIMEOUT
    factories.news_article(expire_at=timezone.now() + datetime.timedelta(seconds=30))
    assert 0 < page_cache._timeout() <= 30


def test_requests_with_messages_or_site_changes_skip_or_refresh_the_cache(client):
    from portal.models import SiteSettings

    client.get("/")
    client.cookies["messages"] = "x"
    assert "X-Page-Cache" not in client.get("/")  # a message waits: rendered for this visitor
    del client.cookies["messages"]
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.address = "Số 1 đường Thử nghiệm"
    settings.save()
    assert "Số 1 đường Thử nghiệm" in client.get("/").content.decode()


# -- the scale generator -----------------------------------------------------------------------


def test_generate_scale_builds_a_consistent_portal(client):
    call_command(
        "generate_scale",
        members=40,
        cells=4,
        documents=30,
        news=12,
        acknowledgements=300,
        comments=250,
        stdout=io.StringIO(),
    )
    assert User.objects.filter(email__endswith="@quymo.example.vn").count() == 41
    assert PartyCell.objects.filter(short_name__startswith="QM").count() == 4
    assert PartyDocumentPage.objects.live().count() == 30
    assert NewsPage.objects.live().count() == 12
    assert all(len(problems) == 0 for problems in Page.find_problems())
    assert Acknowledgement.objects.count() == 300
    assert Comment.objects.count() == 250
    busiest = Comment.objects.values("page").annotate(n=Count("pk")).order_by("-n").first()
    assert busiest["n"] == 200  # the document everyone opens on the same morning
    featured = PartyDocumentPage.objects.get(pk=busiest["page"])
    for record in Acknowledgement.objects.select_related("revision")[:20]:
        assert record.fingerprint == revision_fingerprint(record.revision)
    stored = RevisionFingerprint.objects.select_related("revision")
    assert stored.count() == 30  # each document's published revision, as publishing stores it
    for record in stored[:10]:
        assert record.fingerprint == revision_fingerprint(record.revision)
    # The generated pages work as pages made in the admin: search, library, page, audience.
    member = User.objects.filter(email__endswith="@quymo.example.vn", is_active=True).first()
    client.force_login(member)
    assert shown_count(client.get("/tim-kiem/", {"q": "dang bo"})) > 0
    assert client.get("/van-ban/?doc_type=nghi-quyet").status_code == 200
    assert client.get(PartyDocumentPage.objects.live().first().url).status_code == 200
    client.logout()
    restricted = PartyDocumentPage.objects.live().exclude(
        pk__in=PartyDocumentPage.objects.live().public()
    )
    assert client.get(restricted.first().url).status_code == 302
    assert featured.live_revision.content["title"] == featured.title
    with pytest.raises(CommandError):
        call_command("generate_scale", members=4, cells=1, documents=1, news=1)


# -- members' shared fragments, routes and versions ----------------------------------------------


def _csrf_token(html):
    return html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]


def test_members_share_the_text_and_thread_but_each_keeps_their_own(cell, reader):
    from django.test import Client

    page = factories.document(audience=cell.group, comments_mode="open", title="Văn bản góp ý")
    author = factories.UserFactory(party_cell=cell)
    factories.comment(page, author, text="Góp ý của đồng chí tác giả.")
    readers = [Client(enforce_csrf_checks=True) for _ in range(2)]
    readers[0].force_login(reader)
    readers[1].force_login(factories.UserFactory(party_cell=cell))
    pages = [client.get(page.url).content.decode() for client in readers]
    assert pages[0].count("Góp ý của đồng chí tác giả.") == 1
    assert "comment__delete" not in pages[0]  # someone else's comment: no controls
    # Each shared copy carries its own reader's CSRF token, which their posts need.
    tokens = [_csrf_token(html) for html in pages]
    assert "csrf-placeholder" not in pages[1] and tokens[0] != tokens[1]
    posted = readers[1].post(
        reverse("comment_post", args=[page.pk]),
        {"text": "Góp ý mới của đồng chí thứ hai.", "csrfmiddlewaretoken": tokens[1]},
    )
    assert posted.status_code == 302
    # The thread changed: everyone sees the new comment; its author sees their controls.
    assert "Góp ý mới của đồng chí thứ hai." in readers[0].get(page.url).content.decode()
    own = readers[1].get(page.url).content.decode()
    assert own.count("comment__delete") == 1
    author_client = Client()
    author_client.force_login(author)
    assert "comment__delete" in author_client.get(page.url).content.decode()


@pytest.mark.parametrize("author_first", [True, False])
def test_an_author_whose_comments_can_no_longer_be_edited_still_has_their_own_thread(
    cell, reader, author_first
):
    """Past the edit window an author still sees their controls (delete) on their comment, and
    nobody else ever sees them, whoever opens the page first."""
    from django.test import Client

    page = factories.document(audience=cell.group, comments_mode="open")
    author = factories.UserFactory(party_cell=cell)
    factories.comment(
        page,
        author,
        text="Góp ý cũ của đồng chí tác giả.",
        created_at=timezone.now() - datetime.timedelta(hours=1),
    )
    clients = {}
    for user in (author, reader) if author_first else (reader, author):
        clients[user] = Client()
        clients[user].force_login(user)
        clients[user].get(page.url)
    assert "comment__delete" in clients[author].get(page.url).content.decode()
    assert "comment__delete" not in clients[reader].get(page.url).content.decode()


def test_a_members_listing_follows_publishing_and_their_audience(cell, reader, client):
    client.force_login(reader)
    assert "Nghị quyết mới của chi bộ" not in client.get("/van-ban/").content.decode()
    factories.document(audience=cell.group, title="Nghị quyết mới của chi bộ")
    assert "Nghị quyết mới của chi bộ" in client.get("/van-ban/").content.decode()
    assert "Nghị quyết mới của chi bộ" in client.get("/tim-kiem/?q=nghi+quyet+moi").content.decode()
    client.force_login(factories.UserFactory())  # the same URLs, another chi bộ
    assert "Nghị quyết mới của chi bộ" not in client.get("/van-ban/").content.decode()
    assert "Nghị quyết mới" not in client.get("/tim-kiem/?q=nghi+quyet+moi").content.decode()


def test_remembered_routes_forget_unpublished_and_moved_pages(client, cell, reader):
    client.force_login(reader)
    page = factories.document(audience="members", title="Văn bản sẽ đổi chỗ")
    old_url = page.url
    assert client.get(old_url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(old_url).status_code == 200
    assert not [q for q in queries if "wagtailcore_site" in q["sql"]]  # the route was kept
    page.slug = "van-ban-da-doi-cho"
    page.save_revision().publish()
    assert client.get(old_url).status_code == 404
    assert client.get(Page.objects.get(pk=page.pk).url).status_code == 200
    page.refresh_from_db()
    page.unpublish()
    assert client.get(page.url).status_code == 404


def test_the_site_of_a_host_is_kept_until_the_sites_change(client, cell, reader):
    """Wagtail reads the sites for every address it routes; the process keeps them under the
    content version, so a site added for a host is routed to at once."""
    client.force_login(reader)
    assert client.get("/van-ban/khong-co-1/").status_code == 404
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/van-ban/khong-co-2/").status_code == 404
    assert not [q for q in queries if "wagtailcore_site" in q["sql"]]
    article = factories.news(title="Trang chủ của chi bộ")
    assert client.get("/", HTTP_HOST="127.0.0.1").status_code == 200
    Site.objects.create(hostname="127.0.0.1", port=80, root_page=article)
    heading = re.compile(r"<h1[^>]*>\s*Trang chủ của chi bộ")
    assert heading.search(client.get("/", HTTP_HOST="127.0.0.1").content.decode())
    assert not heading.search(client.get("/").content.decode())


def test_a_change_made_by_another_process_is_seen_at_once(client, cell, reader):
    """Versions live in the database: a restriction added elsewhere (no signal reaches this
    process, whose cache still holds the old audience sets) applies to the next request."""
    from wagtail.models import PageViewRestriction

    page = factories.document(audience="members", title="Văn bản sắp giới hạn")
    client.force_login(factories.UserFactory())
    assert client.get(page.url).status_code == 200
    restriction = PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=page, restriction_type=PageViewRestriction.GROUPS)]
    )[0]
    PageViewRestriction.groups.through.objects.bulk_create(
        [PageViewRestriction.groups.through(pageviewrestriction=restriction, group=cell.group)]
    )
    assert client.get(page.url).status_code == 200  # no signal: this process does not know
    versions.bump(versions.AUDIENCE, versions.CONTENT)  # what the other process did
    assert client.get(page.url).status_code == 404


def _page_template_rendered(response):
    return "resolutions/party_document_page.html" in [t.name for t in response.templates]


def test_members_share_whole_pages_each_with_their_own_header_and_acknowledgement(cell):
    from django.test import Client

    page = factories.document(
        audience=cell.group,
        title="Nghị quyết cần xác nhận",
        requires_acknowledgement=True,
        acknowledgement_deadline=TODAY + datetime.timedelta(days=3),
    )
    first, second = (
        factories.UserFactory(party_cell=cell, full_name=name)
        for name in ("Lê Văn Một", "Ngô Thị Hai")
    )
    clients = {}
    for user in (first, second):
        clients[user] = Client(enforce_csrf_checks=True)
        clients[user].force_login(user)
    html = clients[first].get(page.url).content.decode()
    data = {
        name: re.search(f'name="{name}" value="([^"]*)"', html)[1]
        for name in ("csrfmiddlewaretoken", "revision", "fingerprint")
    }
    posted = clients[first].post(reverse("acknowledge_document", args=[page.pk]), data)
    assert posted.status_code == 302
    # The message after acknowledging is the first reader's own: that page is not shared.
    thanked = clients[first].get(page.url)
    assert "Cảm ơn" in thanked.content.decode() and _page_template_rendered(thanked)
    rendered = clients[first].get(page.url)
    shared = clients[second].get(page.url)
    assert not _page_template_rendered(shared)  # served from the copy made for the first
    mine, theirs = rendered.content.decode(), shared.content.decode()
    assert "Lê Văn Một" in mine and "Lê Văn Một" not in theirs and "Ngô Thị Hai" in theirs
    assert "Đã xác nhận lúc" in mine and "Tôi đã đọc và nắm nội dung" in theirs
    assert "Cần xác nhận</a>" in mine and "Cần xác nhận (1)</a>" in theirs
    # The second reader's copy carries their own CSRF token, which their acknowledgement needs.
    data = {
        name: re.search(f'name="{name}" value="([^"]*)"', theirs)[1]
        for name in ("csrfmiddlewaretoken", "revision", "fingerprint")
    }
    posted = clients[second].post(reverse("acknowledge_document", args=[page.pk]), data)
    assert posted.status_code == 302
    assert Acknowledgement.objects.filter(page=page).count() == 2
    # Editors get the page with Wagtail's user bar, never a member's copy.
    editor = factories.editor(party_cell=cell)
    clients[editor] = Client()
    clients[editor].force_login(editor)
    assert "wagtail-userbar" in clients[editor].get(page.url).content.decode()
    assert "wagtail-userbar" not in clients[first].get(page.url).content.decode()


def test_a_members_own_parts_are_kept_for_them_until_what_they_show_changes(cell, monkeypatch):
    """The header and the acknowledgement box of a shared page are kept per member
    (portal.caching.shared_pages.personal_part's key): a kept box still carries this request's
    CSRF token, and acknowledging, another document to acknowledge or a new name show at once."""
    from django.test import Client

    page, other = (
        factories.document(
            audience=cell.group,
            title=title,
            requires_acknowledgement=True,
            acknowledgement_deadline=TODAY + datetime.timedelta(days=1),
        )
        for title in ("Nghị quyết thứ nhất", "Nghị quyết thứ hai")
    )
    member = factories.UserFactory(party_cell=cell, full_name="Lê Văn Một")
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    def view(document):
        return client.get(document.url).content.decode()

    view(page)
    kept = view(page)  # the parts kept from the view before
    assert "Cần xác nhận (2)</a>" in kept and "Lê Văn Một" in kept
    data = {
        name: re.search(f'name="{name}" value="([^"]*)"', kept)[1]
        for name in ("csrfmiddlewaretoken", "revision", "fingerprint")
    }
    posted = client.post(reverse("acknowledge_document", args=[page.pk]), data)
    assert posted.status_code == 302
    view(page)  # the thanks
    del client.cookies["messages"]  # emptied: a browser drops it
    html = view(page)
    assert "Đã xác nhận lúc" in html and "Cần xác nhận (1)</a>" in html
    factories.document(audience=cell.group, title="Nghị quyết mới", requires_acknowledgement=True)
    assert "Cần xác nhận (2)</a>" in view(page)
    User.objects.filter(pk=member.pk).update(full_name="Lê Văn Mới")
    assert "Lê Văn Mới" in view(other) and "Lê Văn Mới" in view(page)
    assert "badge--overdue" not in view(other)
    later = TODAY + datetime.timedelta(days=2)  # the deadline passed; nothing was written
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    assert "badge--overdue" in view(other)


def test_a_returning_members_document_page_reads_only_the_session_and_the_versions(cell):
    """Everything else a member's warm page needs is kept under versions read in one query,
    the page's comments' among them (the route is looked up as the request comes in)."""
    from django.test import Client

    page = factories.document(audience=cell.group, requires_acknowledgement=True)
    client = Client()
    client.force_login(factories.UserFactory(party_cell=cell))
    for _ in range(2):
        assert client.get(page.url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page.url).status_code == 200
    read = [query["sql"] for query in queries if "django_session" not in query["sql"]]
    assert len(read) == 1 and "portal_cacheversion" in read[0]
    assert f"'{versions.comments(page.pk)}'" in read[0]


def test_the_session_user_comes_with_their_groups_then_from_the_process(cell, reader):
    """One query for the member and their groups, then none beyond the versions while neither
    the members' version nor theirs moves (portal.caching.auth_backends)."""
    from portal.audience import group_ids
    from portal.caching import versions
    from portal.caching.auth_backends import MemberAuthenticationBackend, MemberBackend

    committee = factories.committee_group()
    reader.groups.add(committee)
    versions.forget_kept()
    read = []
    for backend in (MemberBackend(), MemberAuthenticationBackend()):
        with CaptureQueriesContext(connection) as queries:
            user = backend.get_user(reader.pk)
            assert group_ids(user) == {cell.group_id, committee.pk}
        read.append([query["sql"] for query in queries])
    assert len(read[0]) == 2 and "portal_user_groups" in read[0][1]
    assert len(read[1]) == 1 and "portal_cacheversion" in read[1][0]  # outside a request
    assert user is not MemberBackend().get_user(reader.pk)  # a new object for each request
    reader.groups.remove(committee)
    assert group_ids(MemberBackend().get_user(reader.pk)) == {cell.group_id}
    reader.first_name = "Khác"
    reader.save(update_fields=["first_name"])
    assert MemberBackend().get_user(reader.pk).first_name == "Khác"
    lone = factories.UserFactory()
    lone.groups.clear()
    assert group_ids(MemberBackend().get_user(lone.pk)) == frozenset()
    reader.is_active = False
    reader.save()
    assert MemberBackend().get_user(reader.pk) is None
    assert MemberBackend().get_user(10**9) is None
    assert MemberBackend().get_user("không-phải-số") is None


def test_the_redis_cache_keeps_one_client_and_works_as_djangos():
    """Against the Redis of this machine (production's cache), when one answers."""
    import redis

    from portal.caching.redis_cache import PortalRedisCache

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379 (production's cache is tested where it runs)")
    prefix = f"portal-test-{uuid.uuid4().hex}"
    cache = PortalRedisCache("redis://127.0.0.1:6379/0", {"KEY_PREFIX": prefix})
    try:
        cache.set("a", {"page": "Nghị quyết"}, 30)
        cache.set_many({"b": 1, "c": [1, 2]}, 30)
        assert cache.get("a") == {"page": "Nghị quyết"}
        assert cache.get_many(["a", "b", "c", "missing"]) == {
            "a": {"page": "Nghị quyết"},
            "b": 1,
            "c": [1, 2],
        }
        assert cache.add("b", 5) is False and cache.incr("b") == 2
        cache.delete("a")
        assert cache.get("a") is None
        client = cache._cache.get_client()
        assert cache._cache.get_client(write=True) is client  # one server: one client
    finally:
        cache.delete_many(["a", "b", "c"])  # clear() would empty the whole Redis database


def test_the_embedded_cache_holds_at_most_its_bytes_dropping_the_least_recently_used():
    """Each worker's own cache (SQLite setups): bounded by the bytes of its values, not only
    by their count, so that pages of tens of kilobytes cannot grow a worker without limit."""
    from portal.caching.locmem import BoundedLocMemCache

    cache = BoundedLocMemCache(
        f"test-{uuid.uuid4().hex}", {"OPTIONS": {"MAX_ENTRIES": 1000, "MAX_BYTES": 50_000}}
    )
    page = "Nghị quyết " * 1000  # 15 KB pickled: three fit
    for number in range(3):
        cache.set(f"page:{number}", page)
    cache.get("page:0")  # used again: the page least recently used is now page:1
    cache.set("page:3", page)
    assert cache.get("page:1") is None
    assert all(cache.get(f"page:{number}") == page for number in (0, 2, 3))
    assert cache.add("count", 1) and cache.incr("count") == 2
    cache.delete("page:0")
    assert sum(map(len, cache._cache.values())) == cache._cache.held <= 50_000
    cache.clear()
    assert cache._cache.held == 0


def test_prepared_queries_give_what_the_orm_gives(cell, reader):
    from portal.caching.prepared import Prepared

    page = factories.document(
        audience=cell.group,
        requires_acknowledgement=True,
        acknowledgement_deadline=TODAY + datetime.timedelta(days=3),
    )
    round_ = AcknowledgementRound.objects.get(page=page, is_current=True)
    Acknowledgement.objects.create(
        round=round_, page=page, member=reader, revision=round_.revision, fingerprint="f"
    )
    others = factories.UserFactory(party_cell=cell)

    def acknowledgements(member_id, cell_name):
        return Acknowledgement.objects.filter(
            member_id=member_id, member__party_cell__name=cell_name
        ).values_list("page_id", "acknowledged_at", "member__username")

    prepared = Prepared(acknowledgements)
    for member in (reader, others, reader):  # compiled once, then run with other values
        expected = list(acknowledgements(member.pk, cell.name))
        assert prepared(member.pk, cell.name) == expected
    [(_page, acknowledged_at, _username)] = prepared(reader.pk, cell.name)
    assert timezone.is_aware(acknowledged_at)  # converted as the ORM converts
    assert prepared(reader.pk, "Chi bộ khác") == []

    names = Prepared(lambda *names: User.objects.filter(username__in=names).values_list("pk"))
    assert names(reader.username) == [(reader.pk,)]
    assert sorted(names(reader.username, others.username, "nobody")) == sorted(
        [(reader.pk,), (others.pk,)]
    )
    # Values the ORM would transform, or use twice, are refused when the query is compiled.
    with pytest.raises(ValueError):
        Prepared(lambda name: User.objects.filter(username__icontains=name).values_list("pk"))("a")
    with pytest.raises(ValueError):
        Prepared(lambda pk: User.objects.filter(Q(pk=pk) | Q(party_cell=pk)).values_list("pk"))(1)
    with pytest.raises(ValueError):  # the columns would not come in the order asked for
        Prepared(
            lambda pk: User.objects.filter(pk=pk).annotate(n=Count("groups")).values_list("n", "pk")
        )(1)
    with pytest.raises(TypeError):
        Prepared(lambda when: User.objects.filter(date_joined=when).values_list("pk"))(
            timezone.now()
        )


def test_sessions_and_members_read_without_the_orm_still_end(client, cell, reader):
    from django.conf import settings
    from django.contrib.sessions.models import Session

    document = factories.document(audience=cell.group)
    client.force_login(reader)
    assert client.get(document.url).status_code == 200
    session = Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now())
    response = client.get(document.url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    client.force_login(reader)  # a new session, then the member leaves
    assert client.get(document.url).status_code == 200
    User.objects.filter(pk=reader.pk).update(is_active=False)
    response = client.get(document.url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_each_process_gives_its_free_heap_back_every_so_many_requests(client, monkeypatch):
    from portal import memory

    assert memory.malloc_trim is not None  # glibc, as on Debian
    calls = []
    monkeypatch.setattr(memory, "malloc_trim", calls.append)
    monkeypatch.setattr(memory, "TRIM_EVERY", 3)
    monkeypatch.setattr(memory, "_requests", itertools.count(1))
    for _ in range(7):
        client.get("/")  # from the cache after the first: still a request finished
    assert calls == [0, 0]

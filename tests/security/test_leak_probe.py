"""Leak probe: nothing of what a chi bộ keeps to itself reaches anyone outside it, not even the
fact that it exists.

The probe builds a realistic site, crawls it as a visitor and as a member of another chi bộ,
adds a secret set for chi bộ A (a document with its number, files, comments and acknowledgement
deadline, a news article with a private image, a file and a tag, relations from public items,
drafts and an old address), every title, text and file name carrying MARKER, and crawls again.
Every response must be the same as before, apart from form tokens and feed timestamps: no marker,
no new link, no count, total, filter value or page number that moved. Then it guesses the secret
objects' URLs (paths, ids, files, images, revisions, admin, comments, acknowledgements, exports)
and compares each answer with the answer for an object that does not exist.

A member of chi bộ A finds the secrets with the same crawler and the same seeds, and the guessed
URLs answer them (or an administrator), so the probe cannot pass by looking in the wrong places.

The caches are part of what is probed, in both orders: after the secrets are added the
outsiders crawl with cold caches; then, caches cold again, chi bộ A's member crawls first
(filling the shared pages, fragments, routes and audience sets with what a member of A sees)
and the outsiders crawl after it and must still see exactly what they saw before. Both run
with the local-memory cache of the embedded setup and with Redis under a key prefix of their
own, as in production.
"""

import datetime
import difflib
import os
import re
import uuid
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import PageViewRestriction

from news.models import NewsDocumentLink
from portal.caching import anonymous as page_cache
from portal.caching import versions
from portal.slugs import vietnamese_slug
from resolutions.acknowledgements.services import acknowledge, revision_fingerprint
from resolutions.models import Comment, DocumentIndexPage, DocumentRelation, PartyDocumentPage
from tests import factories
from tests.security.crawler import (
    context_of,
    counts_by_kind,
    crawl,
    fetch,
    kind_of,
    occurrences,
)

pytestmark = pytest.mark.django_db

MARKER = "MATKHAU7Q"
NUMBER = "917-NQ/ĐU"
# The number is looked for without its symbol, in any spelling ("917-NQ/DU", "917-nq%2F…").
MARKERS = (MARKER, "917-NQ")
SECRET_BODY = f"Đảng bộ bộ phận {MARKER}"
SECRET_TAG = f"Nội bộ {MARKER}"
SECRET_YEAR = 2013  # no public document was issued that year
SECRET_MONTH = (2019, 7)  # nor any public article published that month

SEARCHES = [MARKER, MARKER.lower(), NUMBER, "917-NQ/DU", "917-nq", "917"]
SEEDS = [
    "/",
    "/van-ban/",
    "/tin-tuc/",
    "/tin-tuc/rss/",
    "/tin-tuc/atom/",
    "/sitemap.xml",
    "/robots.txt",
    *(f"/tim-kiem/?q={quote(term)}" for term in SEARCHES),
    f"/tim-kiem/?q={MARKER}&kind=documents",
    f"/tim-kiem/?q={MARKER}&kind=news",
    f"/van-ban/?q={MARKER}",
    "/van-ban/?q=917",
    f"/van-ban/?year={SECRET_YEAR}",
    f"/van-ban/?issuing_body={quote(SECRET_BODY)}",
    "/tin-tuc/{}/{:02d}/".format(*SECRET_MONTH),
    "/tin-tuc/?thang={}-{:02d}".format(*SECRET_MONTH),
    f"/tin-tuc/the/{vietnamese_slug(SECRET_TAG)}/",
]
MEMBER_SEEDS = [*SEEDS, "/tai-khoan/", "/xac-nhan/", "/xac-nhan/lich-su/"]

# What changes between two renderings of the same page without telling anything.
VOLATILE = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken"'),
    (re.compile(r"<(lastmod|updated|lastBuildDate)>[^<]*</\1>"), r"<\1/>"),
    # "Tài khoản của tôi" shows when the viewer last opened each document: the crawl itself
    # moves it, whatever anyone else did.
    (re.compile(r"<dt>Mở gần nhất</dt><dd>[^<]*</dd>"), "<dt>Mở gần nhất</dt><dd></dd>"),
]
# Republishing a public article (to link the secret document) moves the feeds' Last-Modified.
VOLATILE_HEADERS = {"date", "expires", "set-cookie", "content-length", "last-modified"}


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    """Short pages, so that a handful of items makes listings, search and comments paginate:
    page numbers and totals are where counts leak."""
    monkeypatch.setattr("resolutions.listing.PER_PAGE", 4)
    monkeypatch.setattr("news.models.PER_PAGE", 4)
    monkeypatch.setattr("portal.search.RESULTS_PER_PAGE", 3)
    monkeypatch.setattr("resolutions.comments.services.PER_PAGE", 2)


REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def redis_cache(settings, name):
    """Make Redis the default cache, under a prefix of this run (skip when Redis does not
    answer); returns a function that deletes every key under the prefix (never a flush)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    prefix = f"{name}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.caching.redis_cache.PortalRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }

    def delete_all():
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)

    delete_all.prefix = prefix
    return delete_all


@pytest.fixture(params=["local memory", "redis"])
def cold_caches(request, settings):
    """A function that empties every cache (the shared one and what each process keeps:
    portal.caching.versions), with the embedded local-memory cache or with Redis under a prefix of
    this run (never flushed: only the keys under the prefix are deleted)."""
    if request.param == "local memory":

        def empty():
            cache.clear()
            versions.forget_kept()

        empty()
        yield empty
        empty()
        return
    delete_all = redis_cache(settings, "leak-probe")

    def empty():
        delete_all()
        versions.forget_kept()

    empty()
    yield empty
    empty()


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


# -- the site -----------------------------------------------------------------------------------


@dataclass
class Site:
    cell_a: object
    member_a: object
    member_a2: object
    outsider: object
    documents: list
    news: list
    secret: dict = field(default_factory=dict)


def build_public_site():
    """Documents and news for everyone, for members and for the committee, with files, images,
    comments, categories, tags and acknowledgements: what the probe compares against."""
    cell_a = factories.PartyCellFactory(name="Chi bộ Khoa Kinh tế")
    cell_b = factories.PartyCellFactory(name="Chi bộ Khoa Cơ khí")
    site = Site(
        cell_a=cell_a,
        member_a=factories.UserFactory(party_cell=cell_a, full_name="Lê Thị Thu"),
        member_a2=factories.UserFactory(party_cell=cell_a, full_name="Phạm Văn An"),
        outsider=factories.UserFactory(party_cell=cell_b, full_name="Trần Minh Đức"),
        documents=[],
        news=[],
    )
    kinds = [
        ("nghi-quyet", "NQ", "Nghị quyết"),
        ("ke-hoach", "KH", "Kế hoạch"),
        ("bao-cao", "BC", "Báo cáo"),
        ("thong-bao", "TB", "Thông báo"),
    ]
    audiences = ["public"] * 8 + ["members", "members", factories.committee_group()]
    appendix = factories.file("Phụ lục kế hoạch học tập", "phu-luc-ke-hoach.pdf")
    for n, audience in enumerate(audiences, start=1):
        doc_type, symbol, word = kinds[n % len(kinds)]
        site.documents.append(
            factories.document(
                audience=audience,
                title=f"{word} số {n} về công tác xây dựng Đảng",
                doc_type=doc_type,
                number=f"{n:02d}-{symbol}/ĐU",
                issued_on=datetime.date(2021 + n % 5, 1 + n % 12, 3 + n),
                issuing_body="Đảng bộ Trường" if n % 3 else "Chi bộ Khoa Cơ khí",
                status="du-thao" if n == 4 else "hieu-luc",
                requires_acknowledgement=n in (1, 9),
                acknowledgement_deadline=timezone.localdate() + datetime.timedelta(days=n),
                attachments=[appendix] if n == 1 else [],
            )
        )
    # No longer in force, its successor not named (the secrets will add one only members of
    # chi bộ A may see).
    PartyDocumentPage.objects.filter(pk=site.documents[4].pk).update(status="het-hieu-luc")
    first = site.documents[0]
    for author, text in [
        (site.outsider, "Đề nghị bổ sung chỉ tiêu kết nạp đảng viên."),
        (site.member_a, "Thống nhất với dự thảo."),
        (site.member_a2, "Cần nêu rõ thời hạn."),
    ]:
        factories.comment(first, author, text)
    notices = factories.news_category("Thông báo", "thong-bao")
    activities = factories.news_category("Hoạt động", "hoat-dong", 1)
    photo = factories.image(title="Hội nghị", size=(400, 250), filename="hoi-nghi.jpg")
    for n in range(1, 10):
        site.news.append(
            factories.news_article(
                audience="members" if n == 9 else "public",
                title=f"Tin hoạt động thứ {n} của Đảng bộ",
                summary=f"Tóm tắt tin hoạt động thứ {n}.",
                published_on=timezone.make_aware(datetime.datetime(2025, 1 + n % 3, n, 8)),
                categories=[notices if n % 2 else activities],
                tags=["Đại hội"] if n % 3 else ["Học tập", "Đại hội"],
                lead_image=photo if n in (1, 2) else None,
                documents=[first] if n == 1 else [],
            )
        )
    return site


def add_secrets(site, django_capture_on_commit_callbacks):
    """Chi bộ A's own documents, news, files and image, each carrying MARKER."""
    group = site.cell_a.group
    collection = factories.private_collection(f"Ảnh Chi bộ {MARKER}", [group])
    image = factories.image(
        title=f"Ảnh {MARKER}",
        collection=collection,
        size=(400, 250),
        filename=f"anh-{MARKER.lower()}.jpg",
    )
    attachment = factories.file(f"Tệp {MARKER}", f"tep-{MARKER.lower()}.pdf")
    minutes = factories.file(f"Biên bản {MARKER}", f"bien-ban-{MARKER.lower()}.pdf")
    document = factories.document(
        audience=group,
        title=f"Nghị quyết {MARKER} về nhân sự chi bộ",
        number=NUMBER,
        issued_on=datetime.date(SECRET_YEAR, 5, 17),
        issuing_body=SECRET_BODY,
        summary=f"Tóm tắt {MARKER}.",
        signer_name=f"Người ký {MARKER}",
        requires_acknowledgement=True,
        acknowledgement_deadline=timezone.localdate() + datetime.timedelta(days=3),
        attachments=[attachment],
        slug=f"nghi-quyet-cu-{MARKER.lower()}",
        body=[
            {"type": "heading", "value": {"number": "1.", "text": f"Mục {MARKER}", "level": "2"}},
            {"type": "paragraph", "value": f"<p>Nội dung {MARKER} của chi bộ.</p>"},
        ],
    )
    # Renamed after publication: Wagtail keeps a redirect from the old address.
    document.slug = f"nghi-quyet-{MARKER.lower()}"
    with django_capture_on_commit_callbacks(execute=True):
        document.save_revision().publish()
    document.refresh_from_db()
    first = factories.comment(document, site.member_a, f"Góp ý {MARKER} thứ nhất.")
    factories.comment(document, site.member_a2, f"Trả lời {MARKER}.", parent=first)
    factories.comment(document, site.member_a2, f"Góp ý {MARKER} thứ hai.")
    factories.comment(document, site.member_a, f"Góp ý {MARKER} thứ ba.")
    acknowledge(
        document,
        site.member_a2,
        revision_id=str(document.live_revision_id),
        fingerprint=revision_fingerprint(document.live_revision),
    )
    # Relations both ways with public documents, a public article about it.
    public, other = site.documents[1], site.documents[2]
    public.relations.add(DocumentRelation(kind="implements", target=document))
    public.save_revision().publish()
    document.relations.add(DocumentRelation(kind="amends", target=other))
    document.save_revision().publish()
    site.news[2].related_documents.add(NewsDocumentLink(document=document))
    site.news[2].save_revision().publish()
    # A draft nobody may see on the site, of the secret document and of a public article.
    document.title = f"Bản nháp {MARKER}"
    document.save_revision()
    draft = site.news[3]
    draft.title = f"Bản nháp tin {MARKER}"
    draft.save_revision()

    article = factories.news_article(
        audience=group,
        title=f"Tin nội bộ {MARKER}",
        summary=f"Tóm tắt tin {MARKER}.",
        published_on=timezone.make_aware(datetime.datetime(*SECRET_MONTH, 15, 9)),
        categories=[factories.news_category("Thông báo", "thong-bao")],
        tags=[SECRET_TAG, "Đại hội"],
        lead_image=image,
        documents=[document],
        body=[
            {"type": "paragraph", "value": f"<p>Bài viết {MARKER}.</p>"},
            {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "decorative": False, "alt_text": f"Ảnh {MARKER}"},
                    "caption": f"Chú thích {MARKER}",
                },
            },
            {"type": "attachment", "value": minutes.pk},
        ],
    )
    # A folder of the library restricted to chi bộ A: its documents carry no restriction of
    # their own. An image of the public collection used only in the chi bộ's article.
    folder = DocumentIndexPage(title=f"Thư mục {MARKER}", slug=f"thu-muc-{MARKER.lower()}")
    factories.library().add_child(instance=folder)
    factories.restrict(folder, group)
    folder.save_revision().publish()
    # Its year, type and issuing body are those of public documents, and it is the oldest: the
    # library's filter values and first page stay the same, only counts and page numbers move.
    in_folder = factories.document(
        parent=folder,
        title=f"Văn bản trong thư mục {MARKER}",
        issued_on=datetime.date(2021, 1, 1),
        issuing_body="Đảng bộ Trường",
    )
    # A public document replaced by the secret one ("Thay thế bởi" only for those who see it).
    PartyDocumentPage.objects.filter(pk=site.documents[4].pk).update(superseded_by=document)
    page_cache.invalidate()
    unlisted = factories.image(
        title=f"Ảnh chung {MARKER}", size=(400, 250), filename=f"chung-{MARKER.lower()}.jpg"
    )
    article.body.append(("image", {"image": {"image": unlisted, "decorative": True}}))
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    site.secret = {
        "in_folder": in_folder,
        "unlisted_image": unlisted,
        "document": document,
        "article": article,
        "image": image,
        "attachment": attachment,
        "minutes": minutes,
        "comment": first,
        "old_path": f"/van-ban/nghi-quyet-cu-{MARKER.lower()}/",
    }
    return site.secret


# -- comparing crawls ---------------------------------------------------------------------------


def comparable(fetched):
    text = fetched.text
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    headers = {k: v for k, v in fetched.headers.items() if k not in VOLATILE_HEADERS}
    return fetched.status, headers, text


def markers_in(text, baseline=""):
    """The markers in a text beyond those of the baseline, which are the request's own words
    echoed back (a search for the marker shows it)."""
    found, echoed = occurrences(text, MARKERS), occurrences(baseline, MARKERS)
    return [f"{m}: …{context_of(text, m)}…" for m in MARKERS if found[m] > echoed[m]]


def whole(fetched):
    if fetched is None:
        return ""
    return fetched.text + "\n" + "\n".join(f"{k}: {v}" for k, v in fetched.headers.items())


def leaked(fetched, baseline=None):
    """The markers in a response (body and headers) beyond those of the baseline response."""
    return markers_in(whole(fetched), whole(baseline))


def differences(before, after):
    problems = []
    for url in sorted(set(before) | set(after)):
        if url not in before:
            problems.append(f"new URL {url}, linked from {after[url].found_on}")
            continue
        if url not in after:
            problems.append(f"{url} is no longer reached")
            continue
        for marker in leaked(after[url], before[url]):
            problems.append(f"{url} shows {marker}")
        old, new = comparable(before[url]), comparable(after[url])
        if old != new:
            diff = difflib.unified_diff(
                f"{old[0]} {old[1]}\n{old[2]}".splitlines(),
                f"{new[0]} {new[1]}\n{new[2]}".splitlines(),
                lineterm="",
                n=0,
            )
            problems.append(f"{url} changed:\n" + "\n".join(list(diff)[2:14]))
    return problems


def assert_healthy(name, pages, logged_in=False, short_pages=True):
    """The crawl really went everywhere: a broken crawler must not pass as 'no leak'.
    short_pages: the lists are cut short (small_pages), so comments come in several pages."""
    counts = counts_by_kind(pages)
    public_documents = 8 + (2 if logged_in else 0)
    minimum = {
        "home": 1,
        "library": 4 + 4,  # filters, sort options, pages
        "document": public_documents,
        "news listing": 2 + 2 + 3 + 2,  # index pages, categories, tags, months
        "news": 8 + (1 if logged_in else 0),
        "feed": 2,
        "sitemap": 1,
        "robots": 1,
        "search": len(SEARCHES) + 2,
        "file": 1,
        "image": 4,
    }
    if logged_in:
        minimum |= {"account": 3, "comments": 1 if short_pages else 0}
    short = {kind: (counts.get(kind, 0), least) for kind, least in minimum.items()}
    short = {kind: pair for kind, pair in short.items() if pair[0] < pair[1]}
    assert not short, f"{name}: the crawl missed pages (visited, expected at least): {short}"
    errors = [url for url, fetched in pages.items() if fetched.status >= 500]
    assert not errors, f"{name}: server errors at {errors}"


def test_crawling_before_and_after_the_secrets_shows_no_difference(
    django_capture_on_commit_callbacks, cold_caches
):
    site = build_public_site()
    viewers = {"anonymous": (Client(), SEEDS), "outsider": (logged_in(site.outsider), MEMBER_SEEDS)}
    # "Tài khoản của tôi" lists what the member opened: a first crawl opens everything they may
    # read, so that the page already lists it before the secrets are added.
    crawl(*viewers["outsider"])
    before = {name: crawl(client, seeds) for name, (client, seeds) in viewers.items()}
    own = logged_in(site.member_a)
    own_before = {url: fetch(own, url) for url in ("/", "/van-ban/", "/xac-nhan/")}

    secret = add_secrets(site, django_capture_on_commit_callbacks)

    def outsiders_see_what_they_saw(when):
        after = {name: crawl(client, seeds) for name, (client, seeds) in viewers.items()}
        for name in viewers:
            assert_healthy(name, before[name], logged_in=name != "anonymous")
            problems = differences(before[name], after[name])
            assert not problems, f"{name}, {when}, can tell the secrets exist:\n" + "\n".join(
                problems[:30]
            )
        return after

    cold_caches()
    after = outsiders_see_what_they_saw("crawling first, caches cold")

    # The same crawler, as a member of chi bộ A, finds the secrets everywhere it looked; it
    # crawls first, with cold caches, so that every cache holds what it was shown.
    cold_caches()
    pages = crawl(own, MEMBER_SEEDS)
    assert_healthy("member of chi bộ A", pages, logged_in=True)
    outsider = after["outsider"]
    shown = {kind_of(url) for url, fetched in pages.items() if leaked(fetched, outsider.get(url))}
    expected = {"home", "library", "document", "news listing", "news", "search", "account"}
    assert shown >= expected | {"file", "comments"}, shown
    for page in (secret["document"], secret["article"], secret["in_folder"]):
        assert page.url in pages
    for url, fetched in own_before.items():
        assert comparable(fetch(own, url)) != comparable(fetched), url

    outsiders_see_what_they_saw("after a member of chi bộ A, caches warm")


# -- guessed URLs -------------------------------------------------------------------------------


@dataclass
class Guess:
    """A URL of a secret object and the same kind of URL for an object that does not exist.
    `sees`: who gets a different answer for the two ("member" of chi bộ A or "admin"), which
    proves the guess names the object; None for URLs nobody may use."""

    name: str
    secret: str
    missing: str
    sees: str | None
    method: str = "get"
    data: dict = field(default_factory=dict)


def guesses(site):
    secret = site.secret
    page, article, image = secret["document"], secret["article"], secret["image"]
    attachment, minutes, comment = secret["attachment"], secret["minutes"], secret["comment"]
    draft, live = page.latest_revision, page.live_revision
    restriction = PageViewRestriction.objects.get(page=page)
    members_only = PageViewRestriction.objects.filter(restriction_type="login").first()
    collection_restriction = image.collection.get_view_restrictions().get()
    rendition = image.get_rendition("width-480|format-webp")
    social = image.get_rendition("fill-1200x630|format-jpeg")
    none = 10**6  # an id no object has
    guesses = [
        Guess("document page", page.url, "/van-ban/nghi-quyet-khong-co/", "member"),
        Guess("without the slash", page.url[:-1], "/van-ban/nghi-quyet-khong-co", None),
        Guess("old address", secret["old_path"], "/van-ban/nghi-quyet-cu-khong-co/", "member"),
        Guess("article", article.url, "/tin-tuc/tin-khong-co/", "member"),
        Guess(
            "article's tag",
            f"/tin-tuc/the/{vietnamese_slug(SECRET_TAG)}/",
            "/tin-tuc/the/khong-co/",
            "member",
        ),
        Guess("attachment", attachment.url, f"/documents/{none}/{attachment.filename}", "member"),
        Guess(
            "attachment, other name",
            f"/documents/{attachment.pk}/a.pdf",
            "/documents/0/a.pdf",
            None,
        ),
        Guess("article's file", minutes.url, f"/documents/{none}/{minutes.filename}", "member"),
        Guess(
            "attachment under /media/",
            "/media/" + attachment.file.name,
            "/media/documents/a.pdf",
            None,
        ),
        Guess(
            "original image", image.file.url, "/media/original_images/anh-khong-co.jpg", "member"
        ),
        Guess(
            "rendition",
            rendition.url,
            "/media/images/anh-khong-co.format-webp.width-480.webp",
            "member",
        ),
        Guess("social image", social.url, "/media/images/anh-khong-co.fill-1200x630.jpg", "member"),
        Guess(
            "image of the public collection used only in the article",
            secret["unlisted_image"].file.url,
            "/media/original_images/chung-khong-co.jpg",
            "member",
        ),
        Guess(
            "document in a restricted folder",
            secret["in_folder"].url,
            secret["in_folder"].url.replace(MARKER.lower(), "khong-co"),
            "member",
        ),
        Guess(
            "page password form",
            f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
            f"/_util/authenticate_with_password/{none}/{none}/",
            None,
        ),
        Guess(
            "page password form, page id",
            f"/_util/authenticate_with_password/{members_only.pk}/{page.pk}/",
            f"/_util/authenticate_with_password/{members_only.pk}/{none}/",
            None,
        ),
        Guess(
            "collection password form",
            f"/documents/authenticate_with_password/{collection_restriction.pk}/",
            f"/documents/authenticate_with_password/{none}/",
            None,
        ),
    ]

    def pair(name, route, ids, missing_ids, sees, **kwargs):
        return Guess(
            name, reverse(route, args=ids), reverse(route, args=missing_ids), sees, **kwargs
        )

    guesses += [
        pair("more comments", "comment_more", [page.pk], [none], "member"),
        pair("changes to acknowledge", "acknowledgement_changes", [page.pk], [none], None),
        pair("acknowledge by GET", "acknowledge_document", [page.pk], [none], None),
        pair(
            "comment on it",
            "comment_post",
            [page.pk],
            [none],
            "member",
            method="post",
            data={"text": "Góp ý thử"},
        ),
        pair(
            "edit a comment",
            "comment_edit",
            [comment.pk],
            [none],
            "member",
            method="post",
            data={"text": "Sửa thử"},
        ),
        pair("delete a comment", "comment_delete", [comment.pk], [none], None, method="post"),
        pair(
            "acknowledge",
            "acknowledge_document",
            [page.pk],
            [none],
            "member",
            method="post",
            data={"revision": live.pk},
        ),
    ]
    admin = [
        ("wagtailadmin_explore", [page.pk], [none]),
        ("wagtailadmin_pages:edit", [page.pk], [none]),
        ("wagtailadmin_pages:preview_on_edit", [page.pk], [none]),
        ("wagtailadmin_pages:view_draft", [page.pk], [none]),
        ("wagtailadmin_pages:history", [page.pk], [none]),
        ("wagtailadmin_pages:revisions_index", [page.pk], [none]),
        ("wagtailadmin_pages:revisions_view", [page.pk, draft.pk], [none, none]),
        ("wagtailadmin_pages:revisions_compare", [page.pk, live.pk, draft.pk], [none, 1, 2]),
        ("wagtailadmin_pages:set_privacy", [page.pk], [none]),
        ("wagtailadmin_choose_page_child", [page.pk], [none]),
        ("acknowledgement_progress", [page.pk], [none]),
        ("acknowledgement_export", [page.pk], [none]),
        ("comment_moderation:export", [page.pk, "xlsx"], [none, "xlsx"]),
        ("comment_moderation:export", [page.pk, "docx"], [none, "docx"]),
        ("comment_moderation:inspect", [comment.pk], [none]),
        ("wagtaildocs:edit", [attachment.pk], [none]),
        ("wagtailimages:edit", [image.pk], [none]),
    ]
    guesses += [
        pair(f"admin {route}", route, ids, missing, "admin") for route, ids, missing in admin
    ]
    guesses.append(
        Guess(
            "admin API",
            f"/admin/api/main/pages/{page.pk}/",
            f"/admin/api/main/pages/{none}/",
            "admin",
        )
    )
    return guesses


def echoes(url):
    """The ways a response may repeat the URL it answers (links back, ?next=)."""
    forms = {url, quote(url, safe="/"), quote(url, safe=""), quote(quote(url, safe=""), safe="")}
    return sorted(forms | {escape(form) for form in forms}, key=len, reverse=True)


def answer(client, guess, url):
    """The response to a guessed URL, and to where it redirects, without the URL itself."""
    fetched = fetch(client, url, guess.method, data=guess.data)
    hops = [fetched]
    location = fetched.headers.get("location", "")
    if location.startswith("/"):
        hops.append(fetch(client, location))
    result = []
    for hop in hops:
        status, headers, text = comparable(hop)
        for echo in echoes(url):
            text = text.replace(echo, "<URL>")
            headers = {k: v.replace(echo, "<URL>") for k, v in headers.items()}
        result.append((status, headers, text))
    return result


def test_guessed_urls_answer_as_for_nothing(django_capture_on_commit_callbacks):
    site = build_public_site()
    add_secrets(site, django_capture_on_commit_callbacks)
    viewers = {"anonymous": Client(), "outsider": logged_in(site.outsider)}
    comments = Comment.objects.count()
    problems = []
    for guess in guesses(site):
        for name, client in viewers.items():
            secret, missing = (
                answer(client, guess, guess.secret),
                answer(client, guess, guess.missing),
            )
            for _status, headers, text in secret:
                found = markers_in(f"{headers}\n{text}")
                problems += [f"{name}, {guess.name}: {guess.secret} shows {m}" for m in found]
            if secret != missing:
                diff = "\n".join(
                    list(
                        difflib.unified_diff(
                            repr(missing).split("\\n"), repr(secret).split("\\n"), lineterm="", n=0
                        )
                    )[2:12]
                )
                problems.append(f"{name}, {guess.name}: {guess.secret} ≠ {guess.missing}\n{diff}")
    assert not problems, "\n".join(problems)
    assert Comment.objects.count() == comments

    # The guesses name real objects: chi bộ A's members (or an administrator) are answered.
    privileged = {
        "member": logged_in(site.member_a),
        "admin": logged_in(factories.UserFactory(is_superuser=True, party_cell=None)),
    }
    for guess in guesses(site):
        if guess.sees:
            client = privileged[guess.sees]
            assert answer(client, guess, guess.secret) != answer(client, guess, guess.missing), (
                guess
            )


def test_an_old_address_still_leads_visitors_to_a_renamed_public_document(
    django_capture_on_commit_callbacks,
):
    """Visitors asking for a missing address under /van-ban/ are sent to log in (so that a
    restricted document answers alike); Wagtail's redirects must still apply first."""
    page = factories.document(title="Kế hoạch học tập", slug="ke-hoach-cu")
    page.slug = "ke-hoach-hoc-tap"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    for client in (Client(), logged_in(factories.UserFactory())):
        response = client.get("/van-ban/ke-hoach-cu/")
        assert response.status_code == 301 and response.url == "/van-ban/ke-hoach-hoc-tap/"

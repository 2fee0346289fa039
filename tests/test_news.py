"""Public news: the listing and its filters, articles, feeds, sitemap, sharing tags and expiry."""

import datetime
import re
from zoneinfo import ZoneInfo

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Collection, CollectionViewRestriction, Page, Workflow

from news.models import NewsPage, NewsTag
from tests import factories

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args):
    return datetime.datetime(*args, tzinfo=HCM)


def titles(response):
    """Titles of the article cards, in the order shown."""
    html = response.content.decode()
    return re.findall(r'class="news-card__title"><a href="[^"]+">([^<]+)</a>', html)


def meta(html, name):
    match = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html)
    return match and match.group(1)


def hidden(response):
    """Not found; an anonymous visitor is sent to log in instead, as for a restricted page."""
    if response.status_code == 302:
        return response["Location"].startswith("/accounts/login/")
    return response.status_code == 404


def canonical(html):
    match = re.search(r'<link rel="canonical" href="([^"]+)"', html)
    return match and match.group(1)


# -- the listing ------------------------------------------------------------------------------


def test_index_lists_newest_first_with_image_date_and_summary(client):
    factories.news_article(title="Tin cũ", published_on=at(2026, 9, 1, 8))
    factories.news_article(
        title="Tin mới nhất",
        summary="Hội nghị tổng kết năm học.",
        published_on=at(2026, 11, 20, 9),
    )
    factories.news_article(
        title="Tin giữa",
        published_on=at(2026, 10, 1, 8),
        lead_image=factories.image(alt_text="Quang cảnh hội nghị"),
    )
    response = client.get("/tin-tuc/")
    assert response.status_code == 200
    assert titles(response) == ["Tin mới nhất", "Tin giữa", "Tin cũ"]
    html = response.content.decode()
    assert "20/11/2026" in html and "Hội nghị tổng kết năm học." in html
    # Renditions sized for the listing: WebP for browsers that take it, JPEG otherwise.
    assert re.search(r'<source [^>]*srcset="[^"]*fill-960x600\.webp 960w" type="image/webp"', html)
    assert re.search(r'<img [^>]*src="/media/images/[^"]*fill-480x300\.jpg"', html)
    assert 'class="news-card__placeholder"' in html  # the articles without an image


def test_pagination_twelve_per_page(client):
    for day in range(1, 15):
        factories.news_article(title=f"Tin ngày {day:02d}", published_on=at(2026, 10, day, 8))
    first = client.get("/tin-tuc/")
    assert titles(first) == [f"Tin ngày {day:02d}" for day in range(14, 2, -1)]
    assert 'rel="next" href="?page=2"' in first.content.decode()
    second = client.get("/tin-tuc/?page=2")
    assert titles(second) == ["Tin ngày 02", "Tin ngày 01"]
    assert canonical(second.content.decode()) == "http://localhost/tin-tuc/?page=2"
    assert titles(client.get("/tin-tuc/?page=99")) == titles(second)


def test_category_pages_have_their_own_urls(client):
    notices = factories.news_category("Thông báo", "thong-bao")
    activities = factories.news_category("Hoạt động Đảng bộ", "hoat-dong-dang-bo", order=1)
    factories.news_article(title="Thông báo lịch họp", categories=[notices])
    factories.news_article(title="Lễ kết nạp đảng viên", categories=[activities])
    response = client.get("/tin-tuc/chuyen-muc/thong-bao/")
    assert response.status_code == 200
    assert titles(response) == ["Thông báo lịch họp"]
    html = response.content.decode()
    assert "<h1>Thông báo</h1>" in html
    assert 'href="/tin-tuc/chuyen-muc/hoat-dong-dang-bo/"' in html
    assert canonical(html) == "http://localhost/tin-tuc/chuyen-muc/thong-bao/"
    assert hidden(client.get("/tin-tuc/chuyen-muc/khong-co/"))


def test_tag_pages_use_slugs_without_diacritics(client, member):
    factories.news_article(title="Tin năm học", tags=["Năm học 2026-2027"])
    factories.news_article(title="Tin khác")
    factories.news_article(title="Tin nội bộ", audience="members", tags=["Đánh giá đảng viên"])
    assert NewsTag.objects.get(name="Năm học 2026-2027").slug == "nam-hoc-2026-2027"
    response = client.get("/tin-tuc/the/nam-hoc-2026-2027/")
    assert titles(response) == ["Tin năm học"]
    assert "Thẻ: Năm học 2026-2027" in response.content.decode()
    assert hidden(client.get("/tin-tuc/the/khong-co/"))
    # A tag only members' articles carry is unknown to visitors.
    assert hidden(client.get("/tin-tuc/the/danh-gia-dang-vien/"))
    client.force_login(member)
    assert titles(client.get("/tin-tuc/the/danh-gia-dang-vien/")) == ["Tin nội bộ"]


def test_month_filter_in_local_time(client):
    notices = factories.news_category()
    factories.news_article(title="Tháng mười", published_on=at(2026, 10, 31, 20))
    # 00:30 on 1 November in Viet Nam is still 31 October in UTC.
    factories.news_article(title="Đầu tháng mười một", published_on=at(2026, 11, 1, 0, 30))
    factories.news_article(title="Thông báo tháng mười một", published_on=at(2026, 11, 9, 8))
    factories.news_article(
        title="Thông báo tháng mười",
        published_on=at(2026, 10, 9, 8),
        categories=[notices],
    )
    response = client.get("/tin-tuc/2026/11/")
    assert titles(response) == ["Thông báo tháng mười một", "Đầu tháng mười một"]
    assert "Tin tức tháng 11/2026" in response.content.decode()
    redirect = client.get("/tin-tuc/", {"thang": "2026-10"})
    assert redirect.status_code == 302 and redirect["Location"] == "/tin-tuc/2026/10/"
    in_category = client.get("/tin-tuc/chuyen-muc/thong-bao/", {"thang": "2026-10"})
    assert titles(in_category) == ["Thông báo tháng mười"]
    assert client.get("/tin-tuc/chuyen-muc/thong-bao/", {"thang": "2026-11"}).status_code == 200
    assert titles(client.get("/tin-tuc/chuyen-muc/thong-bao/", {"thang": "2026-11"})) == []
    # The month list offers the months that have news, with their counts.
    html = client.get("/tin-tuc/").content.decode()
    assert '<option value="2026-11">11/2026 (2)</option>' in html
    assert '<option value="2026-10">10/2026 (2)</option>' in html


def test_a_malformed_month_is_a_clear_400(client):
    factories.news_article(title="Tin bất kỳ")
    response = client.get("/tin-tuc/", {"thang": "tháng mười"})
    assert response.status_code == 400
    assert "Tháng không hợp lệ" in response.content.decode()
    assert hidden(client.get("/tin-tuc/2026/13/"))


def test_members_only_news_is_listed_for_members_only(client, member):
    factories.news_article(title="Tin công khai")
    private = factories.news_article(title="Tin nội bộ", audience="members")
    assert titles(client.get("/tin-tuc/")) == ["Tin công khai"]
    assert "Tin nội bộ" not in client.get("/").content.decode()
    assert client.get(private.url).status_code == 302  # to the log-in page
    client.force_login(member)
    response = client.get("/tin-tuc/")
    assert titles(response) == ["Tin nội bộ", "Tin công khai"]
    assert 'class="badge badge--internal">Nội bộ<' in response.content.decode()
    assert client.get(private.url).status_code == 200


# -- the article ------------------------------------------------------------------------------


def test_article_shows_its_parts(client):
    notices = factories.news_category()
    document = factories.document(title="Kế hoạch học tập nghị quyết", number="12-KH/ĐU")
    attachment = _wagtail_document()
    video_url = "https://www.youtube.com/watch?v=abc123"
    Embed.objects.create(
        url=video_url,
        hash=get_embed_hash(video_url),
        type="video",
        html='<iframe src="https://www.youtube.com/embed/abc123" title="Video"></iframe>',
    )
    body = [
        {"type": "heading", "value": "Diễn biến hội nghị"},
        {"type": "paragraph", "value": "<p>Hội nghị diễn ra <b>trang trọng</b>.</p>"},
        {
            "type": "image",
            "value": {
                "image": {
                    "image": factories.image(title="Toàn cảnh").pk,
                    "alt_text": "Đại biểu dự hội nghị",
                    "decorative": False,
                },
                "caption": "Các đại biểu biểu quyết thông qua nghị quyết.",
            },
        },
        {"type": "quote", "value": {"text": "Đoàn kết là sức mạnh.", "attribution": "Bí thư"}},
        {"type": "video", "value": video_url},
        {"type": "video", "value": "https://video.example.vn/hoi-nghi"},
        {"type": "attachment", "value": attachment.pk},
    ]
    page = factories.news_article(
        title="Hội nghị Ban Chấp hành",
        author="Lâm Thị Thu Hà",
        source="Văn phòng Đảng ủy",
        lead_image=factories.image(alt_text="Quang cảnh hội trường"),
        categories=[notices],
        tags=["năm học mới"],
        documents=[document],
        body=body,
    )
    html = client.get(page.url).content.decode()
    assert "<h1>Hội nghị Ban Chấp hành</h1>" in html
    assert 'alt="Quang cảnh hội trường"' in html
    assert '<h2 class="article__heading">Diễn biến hội nghị</h2>' in html
    assert "<b>trang trọng</b>" in html
    assert 'alt="Đại biểu dự hội nghị"' in html
    assert "<figcaption>Các đại biểu biểu quyết thông qua nghị quyết.</figcaption>" in html
    assert "Đoàn kết là sức mạnh." in html and "— Bí thư" in html
    assert 'src="https://www.youtube.com/embed/abc123"' in html
    # A link the embed service does not know still reaches the reader as a link.
    assert '<a href="https://video.example.vn/hoi-nghi" rel="noopener">Xem video</a>' in html
    assert f'href="{attachment.url}"' in html
    assert "Tác giả bài viết: <strong>Lâm Thị Thu Hà</strong>" in html
    assert "Nguồn tin: <strong>Văn phòng Đảng ủy</strong>" in html
    assert 'href="/tin-tuc/chuyen-muc/thong-bao/"' in html
    assert 'href="/tin-tuc/the/nam-hoc-moi/"' in html
    assert "Kế hoạch học tập nghị quyết" in html and "Số 12-KH/ĐU" in html


def test_related_documents_only_those_the_viewer_may_see(client, member):
    public = factories.document(title="Thông báo công khai")
    internal = factories.document(title="Nghị quyết nội bộ", audience="members")
    committee = factories.document(
        title="Báo cáo của Ban Chấp hành", audience=factories.committee_group()
    )
    page = factories.news_article(documents=[public, internal, committee])
    html = client.get(page.url).content.decode()
    assert "Thông báo công khai" in html
    assert "Nghị quyết nội bộ" not in html and "Báo cáo của Ban Chấp hành" not in html
    client.force_login(member)
    html = client.get(page.url).content.decode()
    assert "Thông báo công khai" in html and "Nghị quyết nội bộ" in html
    assert "Báo cáo của Ban Chấp hành" not in html


def test_feed_addresses_cannot_be_article_slugs():
    page = NewsPage(title="RSS", slug="rss", summary="Tóm tắt.")
    with pytest.raises(ValidationError) as error:
        factories.news_index().add_child(instance=page)
    assert "slug" in error.value.message_dict


def test_news_goes_through_the_approval_workflow_and_scheduled_publishing(client):
    index = factories.news_index()
    assert index.get_workflow() == Workflow.objects.get(active=True)
    page = NewsPage(title="Tin hẹn giờ", summary="Sẽ đăng sau.")
    index.add_child(instance=page)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=2)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live and titles(client.get("/tin-tuc/")) == []
    # Two hours later (the revision's go-live time moved into the past):
    revision = page.latest_revision
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = revision.approved_go_live_at.isoformat()
    revision.save()
    call_command("publish_scheduled")
    assert titles(client.get("/tin-tuc/")) == ["Tin hẹn giờ"]


# -- expiry -----------------------------------------------------------------------------------


def test_expired_news_leaves_listings_feeds_and_sitemap_at_once(client):
    factories.news_article(
        title="Tin còn hạn", expire_at=timezone.now() + datetime.timedelta(days=1)
    )
    expired = factories.news_article(title="Tin hết hạn")
    NewsPage.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    expired.refresh_from_db()
    assert expired.live  # publish_scheduled has not run yet
    assert titles(client.get("/tin-tuc/")) == ["Tin còn hạn"]
    assert "Tin hết hạn" not in client.get("/").content.decode()
    assert hidden(client.get(expired.url))
    assert [e.title for e in feedparser.parse(client.get("/tin-tuc/rss/").content).entries] == [
        "Tin còn hạn"
    ]
    assert expired.slug not in client.get("/sitemap.xml").content.decode()
    call_command("publish_scheduled")
    expired.refresh_from_db()
    assert not expired.live


# -- feeds ------------------------------------------------------------------------------------


@pytest.fixture
def feed_news():
    start = at(2026, 10, 1, 8)
    public = [
        factories.news_article(
            title=f"Tin công khai {n:02d}",
            published_on=start + datetime.timedelta(days=n),
            author="Lâm Thị Thu Hà",
        )
        for n in range(22)
    ]
    factories.news_article(
        title="Tin nội bộ mới nhất", audience="members", published_on=at(2026, 11, 28, 8)
    )
    return public


@pytest.mark.parametrize(
    ("url", "version"), [("/tin-tuc/rss/", "rss20"), ("/tin-tuc/atom/", "atom10")]
)
def test_feeds_are_valid_and_carry_the_latest_twenty_public_articles(
    client, member, feed_news, url, version
):
    client.force_login(member)  # a member's reader still gets the public feed
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    assert feed.feed.title.startswith("Tin tức")
    assert feed.feed.link == "http://testserver/tin-tuc/"
    assert [entry.title for entry in feed.entries] == [
        f"Tin công khai {n:02d}" for n in range(21, 1, -1)
    ]
    newest = feed.entries[0]
    assert newest.link == "http://testserver" + feed_news[-1].url
    assert newest.summary == feed_news[-1].summary
    assert newest.author == "Lâm Thị Thu Hà"
    # 08:00 in Viet Nam, written with its +07:00 offset (01:00 UTC).
    assert newest.published_parsed[:5] == (2026, 10, 22, 1, 0)
    assert newest.published.endswith("+0700") or newest.published.endswith("+07:00")
    assert "Tin nội bộ" not in response.content.decode()


def test_feed_items_carry_the_public_lead_image(client):
    factories.news_article(title="Tin có ảnh", lead_image=factories.image())
    entry = feedparser.parse(client.get("/tin-tuc/rss/").content).entries[0]
    enclosure = entry.enclosures[0]
    assert enclosure.type == "image/jpeg"
    assert enclosure.href.startswith("http://testserver/media/images/")
    assert "fill-1200x630" in enclosure.href


def test_every_page_links_the_feeds(client):
    page = factories.news_article()
    for url in ("/", "/tin-tuc/", page.url, "/tim-kiem/"):
        html = client.get(url).content.decode()
        assert '<link rel="alternate" type="application/rss+xml"' in html
        assert 'href="/tin-tuc/atom/"' in html


# -- sitemap, robots, sharing -----------------------------------------------------------------


def test_sitemap_lists_public_pages_only(client):
    factories.news_category()
    public = factories.news_article(categories=[factories.news_category()])
    private = factories.news_article(audience="members")
    committee_doc = factories.document(audience=factories.committee_group())
    public_doc = factories.document()
    xml = client.get("/sitemap.xml").content.decode()
    assert f"<loc>http://localhost{public.url}</loc>" in xml
    assert f"<loc>http://localhost{public_doc.url}</loc>" in xml
    assert "<loc>http://localhost/tin-tuc/chuyen-muc/thong-bao/</loc>" in xml
    assert private.slug not in xml and committee_doc.slug not in xml


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_open_graph_and_canonical_tags_of_an_article(client):
    page = factories.news_article(
        title="Lễ kết nạp đảng viên mới",
        summary="Chi bộ Khoa Kỹ thuật kết nạp hai quần chúng ưu tú.",
        published_on=at(2026, 10, 19, 15),
        lead_image=factories.image(alt_text="Đảng viên mới tuyên thệ"),
    )
    html = client.get(page.url).content.decode()
    assert canonical(html) == page.full_url == "http://localhost" + page.url
    assert meta(html, "description") == page.summary
    assert meta(html, "og:title") == "Lễ kết nạp đảng viên mới"
    assert meta(html, "og:description") == page.summary
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:url") == page.full_url
    assert meta(html, "og:locale") == "vi_VN"
    assert meta(html, "article:published_time") == "2026-10-19T15:00:00+07:00"
    image = meta(html, "og:image")
    assert image.startswith("http://testserver/media/images/") and "fill-1200x630" in image
    assert client.get(image.removeprefix("http://testserver")).status_code == 200
    assert meta(html, "og:image:alt") == "Đảng viên mới tuyên thệ"
    assert meta(html, "twitter:card") == "summary_large_image"


def test_sharing_tags_leave_out_private_images_and_prefer_the_search_description(client):
    private = Collection.get_first_root_node().add_child(name="Ảnh nội bộ")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    page = factories.news_article(
        lead_image=factories.image(collection=private),
        search_description="Mô tả riêng cho công cụ tìm kiếm.",
    )
    html = client.get(page.url).content.decode()
    assert meta(html, "og:image") is None
    assert meta(html, "twitter:card") == "summary"
    assert meta(html, "description") == "Mô tả riêng cho công cụ tìm kiếm."


def test_every_page_has_a_canonical_url_but_error_pages(client, member):
    home = Page.objects.get(slug="home")
    assert canonical(client.get("/").content.decode()) == home.full_url
    assert meta(client.get("/").content.decode(), "og:type") == "website"
    assert canonical(client.get("/tim-kiem/?q=abc").content.decode()) == (
        "http://testserver/tim-kiem/"
    )
    client.force_login(member)
    missing = client.get("/tin-tuc/khong-co-tin-nay/")
    assert missing.status_code == 404 and canonical(missing.content.decode()) is None


def _wagtail_document():
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model()(title="Chương trình hội nghị")
    document.file.save("chuong-trinh.pdf", ContentFile(b"%PDF-1.4 thu nghiem"), save=False)
    document.save()
    return document


def test_editors_write_news_in_the_admin(client):
    article = factories.news_article(tags=["năm học mới"])
    client.force_login(factories.editor())
    assert client.get(f"/admin/pages/{article.pk}/edit/").status_code == 200
    index = factories.news_index()
    assert client.get(f"/admin/pages/add/news/newspage/{index.pk}/").status_code == 200
    response = client.get("/admin/tag-autocomplete/news/newstag/", {"term": "năm"})
    assert response.json() == ["năm học mới"]  # the news tags, not the images' tags

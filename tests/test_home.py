"""The home page: the organisation, the latest news and documents, the way in for members."""

import datetime
import re

import pytest
from django.utils import timezone

from home.models import HomePage
from news.models import NewsPage
from tests import factories

pytestmark = pytest.mark.django_db


def section(html, element_id):
    """The HTML of the section headed by the heading with this id."""
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</section>", start)]


def test_home_shows_the_organisation_and_the_editors_introduction(client):
    home = HomePage.objects.get()
    home.introduction = "<p>Cổng thông tin của <b>Đảng bộ</b> nhà trường.</p>"
    home.save_revision().publish()
    html = client.get("/").content.decode()
    name = "Đảng bộ Trường Trung học Kinh tế - Kỹ thuật Bạc Liêu"
    assert f'<h1 class="hero__title">{name}</h1>' in html
    assert "Cổng thông tin của <b>Đảng bộ</b> nhà trường." in html


def test_visitors_see_public_news_and_documents_and_a_way_to_log_in(client):
    factories.news_article(title="Tin công khai")
    factories.news_article(title="Tin nội bộ", audience="members")
    expired = factories.news_article(title="Tin hết hạn")
    NewsPage.objects.filter(pk=expired.pk).update(expire_at=timezone.now())
    factories.document(title="Thông báo công khai")
    factories.document(title="Nghị quyết nội bộ", audience="members")
    html = client.get("/").content.decode()
    news = section(html, "home-news-title")
    assert "Tin công khai" in news and "Tin nội bộ" not in news and "Tin hết hạn" not in news
    documents = section(html, "home-docs-title")
    assert "Văn bản công khai mới ban hành" in documents
    assert "Thông báo công khai" in documents and "Nghị quyết nội bộ" not in documents
    assert re.search(
        r'<a class="button[^"]*" href="/accounts/login/">Đảng viên: đăng nhập</a>', html
    )


def test_members_see_what_they_may_read_and_no_log_in_invitation(client, member):
    factories.news_article(title="Tin nội bộ", audience="members")
    factories.document(title="Nghị quyết nội bộ", audience="members")
    factories.document(title="Báo cáo của Ban Chấp hành", audience=factories.committee_group())
    client.force_login(member)
    html = client.get("/").content.decode()
    assert "Tin nội bộ" in section(html, "home-news-title")
    documents = section(html, "home-docs-title")
    assert "Văn bản mới ban hành" in documents and "Nghị quyết nội bộ" in documents
    assert "Báo cáo của Ban Chấp hành" not in documents
    assert "Đảng viên: đăng nhập" not in html
    assert member.full_name in html


def test_latest_news_newest_first_with_links_to_all_news_and_categories(client):
    factories.news_category("Học tập và làm theo", "hoc-tap-va-lam-theo")
    start = timezone.now() - datetime.timedelta(days=10)
    for n in range(7):
        factories.news_article(title=f"Tin số {n}", published_on=start + datetime.timedelta(days=n))
    html = client.get("/").content.decode()
    shown = re.findall(r'class="news-card__title"><a href="[^"]+">([^<]+)</a>', html)
    assert shown == ["Tin số 6", "Tin số 5", "Tin số 4", "Tin số 3", "Tin số 2"]
    assert 'href="/tin-tuc/"' in section(html, "home-news-title")
    assert 'href="/tin-tuc/chuyen-muc/hoc-tap-va-lam-theo/"' in html

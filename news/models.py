"""Public news: the index at /tin-tuc/ (with category, tag and month pages and the feeds), articles.

Who may see an article is decided by Wagtail's view restrictions (see portal.audience): a
members-only article is listed for members who are logged in and never reaches the feeds, the
sitemap or the public listings. An article leaves every listing as soon as its expiry time
(`expire_at`, on the Settings tab) has passed, before `publish_scheduled` unpublishes it.
"""

import datetime
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from news.blocks import NewsBodyBlock
from portal.audience import can_view, visible_pages
from portal.slugs import VietnameseSlugMixin, vietnamese_slug
from portal.text import fold

PER_PAGE = 12
# Single-segment routes of the index; an article with such a slug could never be reached.
RESERVED_SLUGS = {"rss", "atom"}


@register_snippet
class NewsCategory(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("order")]

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")

    def __str__(self):
        return self.name


class NewsTag(TagBase):
    """A news tag; its slug is the name without diacritics, for /tin-tuc/the/<slug>/."""

    class Meta:
        verbose_name = _("news tag")
        verbose_name_plural = _("news tags")

    def slugify(self, tag, i=None):
        slug = vietnamese_slug(tag) or "the"
        return slug if i is None else f"{slug}-{i}"


class NewsPageTag(ItemBase):
    tag = models.ForeignKey(NewsTag, on_delete=models.CASCADE, related_name="tagged_news")
    content_object = ParentalKey(
        "news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


# The months a news listing may show (the Party's press in Vietnam starts in 1930).
FIRST_YEAR, LAST_YEAR = 1930, 2100


class MonthFilterForm(forms.Form):
    thang = forms.CharField(label=_("Month"), required=False)

    def clean_thang(self):
        value = self.cleaned_data["thang"]
        if not value:
            return None
        try:
            month = datetime.datetime.strptime(value, "%Y-%m").date()
            if FIRST_YEAR <= month.year <= LAST_YEAR:
                return month
        except ValueError:
            pass
        raise ValidationError(
            _("Choose a month from the list (year and month, for example 2026-11).")
        )


class NewsIndexPage(RoutablePageMixin, VietnameseSlugMixin, Page):
    """/tin-tuc/: every article, by category, by tag, by month; RSS and Atom feeds."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["news.NewsPage"]
    parent_page_types = ["home.HomePage"]
    max_count = 1

    class Meta:
        verbose_name = _("news index")

    @path("")
    def all_news(self, request):
        form = MonthFilterForm(request.GET)
        if form.is_valid() and form.cleaned_data["thang"]:
            month = form.cleaned_data["thang"]
            url = self.get_url(request) + self.reverse_subpage("month", month_args(month))
            return HttpResponseRedirect(url)
        return self.listing(request, listed_news(request.user, self), form=form)

    @re_path(r"^(\d{4})/(0[1-9]|1[0-2])/$", name="month")
    def month(self, request, year, month):
        if not FIRST_YEAR <= int(year) <= LAST_YEAR:  # /tin-tuc/0000/01/ is no month
            raise Http404
        month = datetime.date(int(year), int(month), 1)
        return self.listing(
            request,
            listed_news(request.user, self),
            route=("month", month_args(month)),
            month=month,
            heading=_("News of %(month)s") % {"month": month.strftime("%m/%Y")},
        )

    @path("chuyen-muc/<slug:slug>/", name="category")
    def category(self, request, slug):
        category = get_object_or_404(NewsCategory, slug=slug)
        return self.listing(
            request,
            listed_news(request.user, self).filter(categories=category),
            route=("category", [slug]),
            form=MonthFilterForm(request.GET),
            category=category,
            heading=category.name,
        )

    @path("the/<slug:slug>/", name="tag")
    def tag(self, request, slug):
        articles = listed_news(request.user, self).filter(tagged_items__tag__slug=slug)
        # A tag only members' articles carry stays unknown to everyone else.
        if not articles.exists():
            raise Http404
        tag = NewsTag.objects.get(slug=slug)
        return self.listing(
            request,
            articles,
            route=("tag", [slug]),
            form=MonthFilterForm(request.GET),
            tag=tag,
            heading=_("Tag: %(tag)s") % {"tag": tag.name},
        )

    @path("rss/", name="rss")
    def rss(self, request):
        from news.feeds import NewsRssFeed

        return NewsRssFeed()(request, index=self)

    @path("atom/", name="atom")
    def atom(self, request):
        from news.feeds import NewsAtomFeed

        return NewsAtomFeed()(request, index=self)

    def listing(self, request, articles, route=("", []), form=None, month=None, **extra):
        """Render one listing: month filter, pagination, and the links around it."""
        from portal.caching import anonymous as page_cache

        status = 200
        months = article_months(articles)
        if form is not None and form.is_valid():
            month = form.cleaned_data["thang"] or month
        elif form is not None:
            status = 400
        if month is not None:
            articles = articles.filter(
                published_on__year=month.year, published_on__month=month.month
            )
        articles = articles.prefetch_related("categories")
        page_obj = Paginator(articles, PER_PAGE).get_page(request.GET.get("page"))
        page_obj.object_list = mark_members_only(page_obj.object_list)

        name, args = route
        base_path = self.reverse_subpage(name, args) if name else ""
        query = {}
        if month is not None and name not in ("", "month"):
            query["thang"] = month.strftime("%Y-%m")
            page_cache.query_used(request, "thang", query["thang"])
        if page_obj.number > 1:
            query["page"] = page_obj.number
        page_cache.query_used(request, "page", page_obj.number)
        canonical = self.get_full_url(request) + base_path
        response = self.render(
            request,
            context_overrides={
                "page_obj": page_obj,
                "articles": page_obj.object_list,
                "filter_form": form or MonthFilterForm(),
                "filter_action": self.get_url(request) + ("" if name == "month" else base_path),
                "month": month,
                "months": months,
                "categories": NewsCategory.objects.all(),
                "popular_tags": popular_tags(listed_news(request.user, self)),
                "canonical_url": canonical + (f"?{urlencode(query)}" if query else ""),
                "is_filtered": bool(name or month),
                **extra,
            },
        )
        response.status_code = status
        return response

    def front_cache_subpaths(self):
        """The sub-pages a front cache may keep (portal.caching.front_cache purges them with the
        index): the feeds, and each category, month and tag page. Each shows the months and popular
        tags of every article, so a change to any article may change them all; the months and tags
        are those of every article, so an article just unpublished still names its own."""
        articles = NewsPage.objects.child_of(self)
        categories = NewsCategory.objects.values_list("slug", flat=True)
        tags = NewsTag.objects.filter(tagged_news__content_object__in=articles.values("pk"))
        routes = [("rss", []), ("atom", [])]
        routes += [("category", [slug]) for slug in categories]
        routes += [("month", month_args(month)) for month, _count in article_months(articles)]
        routes += [("tag", [slug]) for slug in tags.values_list("slug", flat=True).distinct()]
        return [self.reverse_subpage(name, args) for name, args in routes]

    def get_sitemap_urls(self, request=None):
        """The index and each category that has public articles."""
        urls = super().get_sitemap_urls(request)
        public = public_news(self).values("pk")
        base = self.get_full_url(request)
        for category in NewsCategory.objects.filter(news_pages__in=public).distinct():
            urls.append({"location": base + self.reverse_subpage("category", [category.slug])})
        return urls


class NewsPage(VietnameseSlugMixin, Page):
    published_on = models.DateTimeField(_("publication date"), default=timezone.now, db_index=True)
    author = models.CharField(_("author"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("Shown in listings, in the feeds and when the article is shared."),
    )
    lead_image = models.ForeignKey(
        "portal.PortalImage",
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The image's alternative text is used; check it when choosing the image."),
    )
    body = StreamField(NewsBodyBlock(), verbose_name=_("body"), blank=True)
    categories = ParentalManyToManyField(
        NewsCategory, verbose_name=_("categories"), blank=True, related_name="news_pages"
    )
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("lead_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("published_on"),
                FieldRowPanel([FieldPanel("author"), FieldPanel("source")]),
                FieldPanel("categories"),
                FieldPanel("tags"),
            ],
            heading=_("Publication"),
        ),
        InlinePanel("related_documents", label=_("Documents this article is about")),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("search_text"),
        index.FilterField("published_on"),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        ordering = ["-published_on"]

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("“%(slug)s” is the address of the news feed.") % {"slug": self.slug}}
            )

    @property
    def is_expired(self):
        return bool(self.expire_at and self.expire_at <= timezone.now())

    def serve(self, request, *args, **kwargs):
        # Expired: gone at once, as `publish_scheduled` will make it within minutes.
        if self.is_expired:
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from resolutions.models import PartyDocumentPage

        context = super().get_context(request, *args, **kwargs)
        linked = PartyDocumentPage.objects.filter(news_links__page=self)
        context["related_documents"] = visible_pages(linked, request.user).order_by("-issued_on")
        context["members_only"] = not can_view(self, AnonymousUser())
        context["news_index"] = self.get_parent().specific
        context["categories"] = list(self.categories.all())
        context["tags"] = list(self.tags.all())
        more_news = listed_news(request.user).exclude(pk=self.pk).prefetch_related("categories")
        context["more_news"] = mark_members_only(more_news[:3])
        return context

    def get_sitemap_urls(self, request=None):
        return [] if self.is_expired else super().get_sitemap_urls(request)

    def social_image(self):
        """The 1200×630 rendition for link previews, if the lead image is public."""
        image = self.lead_image
        if image is None or image.collection.get_view_restrictions().exists():
            return None
        return image.get_rendition("fill-1200x630|format-jpeg")

    def plain_text(self):
        parts = [self.title, self.summary]
        for block in self.body:
            if block.block_type in ("heading",):
                parts.append(block.value)
            elif block.block_type == "paragraph":
                parts.append(block.value.source)
            elif block.block_type == "quote":
                parts.append(block.value["text"])
        return "\n".join(parts)

    def search_text(self):
        return fold(self.plain_text())


def listed_news(user, index=None):
    """Live, unexpired articles this user may see, newest first, ready for a listing."""
    queryset = NewsPage.objects.all()
    if index is not None:
        queryset = queryset.child_of(index)
    return (
        visible_pages(queryset, user)
        .filter(models.Q(expire_at__isnull=True) | models.Q(expire_at__gt=timezone.now()))
        .select_related("lead_image")
        .order_by("-published_on", "-pk")
    )


def public_news(index=None):
    """What anyone may read: the feeds and the sitemap, whoever asks."""
    return listed_news(AnonymousUser(), index)


def mark_members_only(articles):
    """Flag the articles a visitor could not see, so members know they are internal."""
    visitor = AnonymousUser()
    articles = list(articles)
    for article in articles:
        article.members_only = not can_view(article, visitor)
    return articles


def article_months(articles):
    """(first day of the month, number of articles), newest month first, in local time."""
    rows = (
        articles.order_by()
        .annotate(month=TruncMonth("published_on"))
        .values("month")
        .annotate(count=models.Count("pk"))
        .order_by("-month")
    )
    return [(row["month"].date(), row["count"]) for row in rows]


def month_args(month):
    return [f"{month.year:04d}", f"{month.month:02d}"]


def popular_tags(articles, limit=12):
    return (
        NewsTag.objects.filter(tagged_news__content_object__in=articles.values("pk"))
        .annotate(count=models.Count("tagged_news"))
        .order_by("-count", "name")[:limit]
    )


class NewsDocumentLink(Orderable):
    """A document the article is about; shown only to those who may see that document."""

    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="related_documents")
    document = models.ForeignKey(
        "resolutions.PartyDocumentPage",
        verbose_name=pgettext_lazy("party document", "document"),
        on_delete=models.CASCADE,
        related_name="news_links",
    )

    panels = [FieldPanel("document")]

"""Public news: the index at /tin-tuc/, articles, categories and tags."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from news.blocks import NewsBodyBlock
from portal.slugs import VietnameseSlugMixin
from portal.text import fold


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


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsIndexPage(VietnameseSlugMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["news.NewsPage"]
    parent_page_types = ["home.HomePage"]
    max_count = 1

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        articles = listed_news(request.user, self)
        context["page_obj"] = Paginator(articles, 12).get_page(request.GET.get("page"))
        context["articles"] = context["page_obj"].object_list
        return context


class NewsPage(VietnameseSlugMixin, Page):
    published_on = models.DateTimeField(_("publication date"), default=timezone.now, db_index=True)
    author = models.CharField(_("author"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), max_length=600)
    lead_image = models.ForeignKey(
        "portal.PortalImage",
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
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

    def get_context(self, request, *args, **kwargs):
        from portal.audience import visible_pages
        from resolutions.models import PartyDocumentPage

        context = super().get_context(request, *args, **kwargs)
        linked = PartyDocumentPage.objects.filter(news_links__page=self)
        context["related_documents"] = visible_pages(linked, request.user).order_by("-issued_on")
        return context

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
    from portal.audience import visible_pages

    queryset = NewsPage.objects.all()
    if index is not None:
        queryset = queryset.child_of(index)
    return (
        visible_pages(queryset, user)
        .filter(models.Q(expire_at__isnull=True) | models.Q(expire_at__gt=timezone.now()))
        .select_related("lead_image")
        .order_by("-published_on", "-pk")
    )


class NewsDocumentLink(Orderable):
    """A document the article is about; shown only to those who may see that document."""

    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="related_documents")
    document = models.ForeignKey(
        "resolutions.PartyDocumentPage",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="news_links",
    )

    panels = [FieldPanel("document")]

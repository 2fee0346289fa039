from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

LATEST_NEWS = 5
RECENT_DOCUMENTS = 6


class HomePage(Page):
    """The landing page: the organisation, the latest news and documents, a member's to-do list."""

    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    subpage_types = ["news.NewsIndexPage", "resolutions.DocumentIndexPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from news.models import NewsCategory, NewsIndexPage, listed_news, mark_members_only
        from portal.audience import visible_pages
        from resolutions.models import DocumentIndexPage, PartyDocumentPage

        context = super().get_context(request, *args, **kwargs)
        # Links only to the sections this reader may open.
        news_index = visible_pages(NewsIndexPage.objects.child_of(self), request.user).first()
        latest_news = listed_news(request.user).prefetch_related("categories")[:LATEST_NEWS]
        context["latest_news"] = mark_members_only(latest_news)
        context["news_index"] = news_index
        context["categories"] = NewsCategory.objects.all() if news_index else []
        context["library"] = visible_pages(
            DocumentIndexPage.objects.child_of(self), request.user
        ).first()
        context["recent_documents"] = (
            visible_pages(PartyDocumentPage.objects.all(), request.user)
            .only("id", "title", "url_path", "path", "depth", "number", "issued_on", "doc_type")
            .order_by("-issued_on", "-pk")[:RECENT_DOCUMENTS]
        )
        return context

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


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
        from news.models import listed_news
        from portal.audience import visible_pages
        from resolutions.models import PartyDocumentPage

        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = listed_news(request.user)[:6]
        context["recent_documents"] = (
            visible_pages(PartyDocumentPage.objects.all(), request.user)
            .only("id", "title", "url_path", "path", "depth", "number", "issued_on", "doc_type")
            .order_by("-issued_on", "-pk")[:8]
        )
        return context

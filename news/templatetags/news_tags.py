"""Head tags for sharing and search engines: canonical link, description, Open Graph, Twitter."""

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Page

from portal.models import SiteSettings
from portal.text import normalise

register = template.Library()

DESCRIPTION_LENGTH = 300
# Error pages get no canonical link: it would only echo the address that was asked for.
ERROR_TEMPLATES = {"400.html", "403.html", "404.html", "500.html"}


def page_description(page):
    """What the page says about itself: the promote tab's description, else its summary."""
    text = (
        page.search_description
        or getattr(page, "summary", "")
        or getattr(page, "intro", "")
        or strip_tags(getattr(page, "introduction", ""))
    )
    return Truncator(normalise(text)).chars(DESCRIPTION_LENGTH)


@register.inclusion_tag("news/includes/social_meta.html", takes_context=True)
def social_meta(context):
    request = context.get("request")
    page = context.get("page")
    canonical = context.get("canonical_url")
    if not isinstance(page, Page):
        if context.template.name in ERROR_TEMPLATES or request is None:
            return {}
        return {"canonical": canonical or request.build_absolute_uri(request.path)}

    from news.models import NewsPage

    meta = {
        "canonical": canonical or page.get_full_url(request),
        "title": context.get("heading") or page.seo_title or page.title,
        "description": page_description(page),
        "site_name": SiteSettings.for_request(request).organisation_name if request else "",
        "type": "website",
    }
    if isinstance(page, NewsPage):
        meta["type"] = "article"
        meta["published_time"] = page.published_on
        rendition = page.social_image()
        if rendition is not None:
            meta["image"] = rendition
            meta["image_url"] = request.build_absolute_uri(rendition.url)
            meta["image_alt"] = page.lead_image.default_alt_text
    return meta

from django import template

from resolutions.models import PartyDocumentPage

register = template.Library()


@register.simple_tag
def reader_audience(page):
    """Who may read this document (resolutions.document_audience), None for other objects."""
    page = getattr(page, "specific_deferred", page)
    return page.reader_audience if isinstance(page, PartyDocumentPage) else None

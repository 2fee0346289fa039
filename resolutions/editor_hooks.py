"""The document editor's additions in the Wagtail admin (imported by ResolutionsConfig.ready)."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from resolutions.viewsets import PartyDocumentListingViewSet


@hooks.register("insert_editor_js")
def numbering_js():
    return format_html('<script src="{}" defer></script>', static("resolutions/js/numbering.js"))


@hooks.register("register_admin_viewset")
def party_document_listing():
    return PartyDocumentListingViewSet()

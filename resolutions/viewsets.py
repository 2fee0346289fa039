"""Admin listings: every Party document with the library's filters, and Wagtail's explorer with who
may read each page."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.pages.listing import ExplorableIndexView, IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet, PageViewSet

from resolutions.document_audience import Audience
from resolutions.models import DocumentStatus, DocumentType, PartyDocumentPage


def audience_words(page):
    return Audience.of(page).describe()


def audience_column():
    return Column("audience", label=_("Who may read it"), accessor=audience_words)


class PartyDocumentFilterSet(WagtailFilterSet):
    doc_type = django_filters.ChoiceFilter(label=_("Document type"), choices=DocumentType.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=DocumentStatus.choices)
    year = django_filters.NumberFilter(label=_("Year"), field_name="issued_on", lookup_expr="year")
    issuing_body = django_filters.CharFilter(label=_("Issuing body"), lookup_expr="icontains")
    requires_acknowledgement = django_filters.BooleanFilter(label=_("Requires acknowledgement"))

    class Meta:
        model = PartyDocumentPage
        fields = []


class PartyDocumentIndexView(IndexView):
    default_ordering = "-issued_on"


class PartyDocumentListingViewSet(PageListingViewSet):
    model = PartyDocumentPage
    icon = "doc-full-inverse"
    menu_label = pgettext_lazy("admin menu", "Party documents")
    add_to_admin_menu = True
    menu_order = 210
    name = "party_documents"
    index_view_class = PartyDocumentIndexView
    filterset_class = PartyDocumentFilterSet
    columns = [
        *PageListingViewSet.columns[:1],
        Column("number", label=_("Number"), sort_key="number"),
        DateColumn("issued_on", label=_("Date of issue"), sort_key="issued_on"),
        Column(
            "doc_type",
            label=_("Document type"),
            accessor="get_doc_type_display",
            sort_key="doc_type",
        ),
        audience_column(),
        *PageListingViewSet.columns[1:],
    ]


class ExplorerWithAudienceView(ExplorableIndexView):
    """Wagtail's page explorer, with who may read each page beside its title."""

    base_columns = [
        *ExplorableIndexView.base_columns[:2],
        audience_column(),
        *ExplorableIndexView.base_columns[2:],
    ]


class OfficePageViewSet(PageViewSet):
    """Wagtail's views of every page type, with the explorer showing who may read each page."""

    name = "office_pages"
    index_view_class = ExplorerWithAudienceView

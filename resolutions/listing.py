"""The library listing: filters, sort and pagination over the documents a viewer may see."""

import hashlib

from django import forms
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from portal import cache as page_cache
from portal import versions
from portal.audience import denied, viewer_key, visible_pages

PER_PAGE = 20
SORTS = {"newest": ("-issued_on", "-pk"), "oldest": ("issued_on", "pk")}


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Title or number contains"), max_length=200, required=False)
    doc_type = forms.ChoiceField(label=_("Document type"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    issuing_body = forms.ChoiceField(label=_("Issuing body"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[("newest", _("Newest first")), ("oldest", _("Oldest first"))],
    )

    def __init__(self, data, documents, viewer_key=None):
        super().__init__(data)
        from resolutions.models import DocumentStatus, DocumentType

        everything = [("", _("All"))]
        self.fields["doc_type"].choices = everything + list(DocumentType.choices)
        self.fields["status"].choices = everything + list(DocumentStatus.choices)
        years, bodies = filter_values(documents, viewer_key)
        self.fields["year"].choices = everything + [(y, y) for y in years]
        self.fields["issuing_body"].choices = everything + [(b, b) for b in bodies if b]


def filter_values(documents, viewer_key=None):
    """(years, issuing bodies) of `documents`. Reading them means going through every
    document, so with a `viewer_key` they are kept in the cache until a page is published,
    unpublished or moved, or a restriction changes (portal.cache.version)."""
    key = viewer_key and f"library:filters:{page_cache.version()}:{viewer_key}"
    values = cache.get(key) if key else None
    if values is None:
        years = (
            documents.exclude(issued_on=None)
            .annotate(y=ExtractYear("issued_on"))
            .order_by("-y")
            .values_list("y", flat=True)
            .distinct()
        )
        bodies = (
            documents.order_by("issuing_body").values_list("issuing_body", flat=True).distinct()
        )
        values = (list(years), list(bodies))
        if key:
            cache.set(key, values, page_cache.TIMEOUT)
    return values


def library_fragment_key(index_page, request):
    """The listing is the same for every viewer denied the same pages (portal.fragments)."""
    content = versions.get(versions.CONTENT)[0]
    return ("library", index_page.pk, viewer_key(request.user), content, request.GET.urlencode())


def library_context(index_page, request):
    from resolutions.models import PartyDocumentPage

    documents = visible_pages(
        PartyDocumentPage.objects.descendant_of(index_page), request.user
    ).only(
        "id",
        "title",
        "url_path",
        "path",
        "depth",
        "number",
        "issued_on",
        "doc_type",
        "status",
        "issuing_body",
    )
    # Viewers who are denied the same pages see the same filter values.
    hidden = denied(request.user)
    viewer = hashlib.sha256(repr((index_page.pk, sorted(hidden[0]), hidden[1])).encode())
    form = LibraryFilterForm(request.GET or None, documents, viewer.hexdigest())
    filtered = documents
    ignored = []
    if form.is_bound:
        # A value that is not understood (a year that is not a number, a type that does not
        # exist) is left out and said so; the other filters still apply.
        form.is_valid()
        data = dict.fromkeys(form.fields) | form.cleaned_data
        ignored = [str(form.fields[name].label) for name in form.errors]
        if data["q"]:
            filtered = filtered.filter(
                Q(title__icontains=data["q"]) | Q(number__icontains=data["q"])
            )
        for field in ("doc_type", "issuing_body", "status"):
            if data[field]:
                filtered = filtered.filter(**{field: data[field]})
        if data["year"]:
            filtered = filtered.filter(issued_on__year=data["year"])
        order = SORTS.get(data["sort"] or "newest")
    else:
        order = SORTS["newest"]
    paginator = Paginator(filtered.order_by(*order), PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return {
        "filter_form": form,
        "page_obj": page_obj,
        "documents": page_obj.object_list,
        "ignored_filters": ignored,
    }

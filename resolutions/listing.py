"""The library listing: filters, sort and pagination over the documents a viewer may see.

Every member of a province's 200 chi bộ sees a different set of documents, so a listing rendered
for one is seldom shared. What is shared is the catalogue: every live document of the library
with what the filters look at, read once per version of the content. Filtering, the viewer's
audience and sorting then run over it in memory, and only the twenty documents shown are read
from the database.
"""

from collections import namedtuple

from django import forms
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from portal import versions
from portal.audience import viewable, viewer_key
from portal.collation import sort_key

PER_PAGE = 20
CATALOGUE_TIMEOUT = 60 * 60
Entry = namedtuple("Entry", "pk path year doc_type issuing_body status title number")
_in_process = {}  # the latest catalogue read by this process


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

    def __init__(self, data, years, bodies):
        super().__init__(data)
        from resolutions.models import DocumentStatus, DocumentType

        everything = [("", _("All"))]
        self.fields["doc_type"].choices = everything + list(DocumentType.choices)
        self.fields["status"].choices = everything + list(DocumentStatus.choices)
        self.fields["year"].choices = everything + [(y, y) for y in years]
        self.fields["issuing_body"].choices = everything + [(b, b) for b in bodies if b]


def catalogue(index_page):
    """Every live document under the index, newest first, as Entry tuples: the same for every
    viewer, kept until the next publish, unpublish or move (portal.versions)."""
    from resolutions.models import PartyDocumentPage

    key = f"library:catalogue:{index_page.pk}:{versions.get(versions.CONTENT)[0]}"
    entries = _in_process.get(key) or cache.get(key)
    if entries is None:
        rows = (
            PartyDocumentPage.objects.descendant_of(index_page)
            .live()
            .order_by(F("issued_on").desc(nulls_last=True), "-pk")
            .values_list(
                "pk", "path", "issued_on", "doc_type", "issuing_body", "status", "title", "number"
            )
        )
        entries = [
            Entry(pk, path, issued.year if issued else None, kind, body, status, title, number)
            for pk, path, issued, kind, body, status, title, number in rows
        ]
        cache.set(key, entries, CATALOGUE_TIMEOUT)
    # Kept in this process too: reading 5,000 entries back from the cache costs milliseconds.
    _in_process.clear()
    _in_process[key] = entries
    return entries


def visible_entries(index_page, user):
    """The catalogue less what this user may not see."""
    return viewable(catalogue(index_page), user)


def filter_values(index_page, user, entries):
    """(years, issuing bodies) of the documents this user may see, kept per kind of viewer."""
    key = f"library:filters:{index_page.pk}:{versions.get(versions.CONTENT)[0]}:{viewer_key(user)}"
    values = cache.get(key)
    if values is None:
        years = sorted({entry.year for entry in entries if entry.year}, reverse=True)
        bodies = sorted({entry.issuing_body for entry in entries}, key=sort_key)
        values = (years, bodies)
        cache.set(key, values, CATALOGUE_TIMEOUT)
    return values


def _matches(entry, data):
    if data["q"]:
        needle = data["q"].casefold()
        if needle not in entry.title.casefold() and needle not in entry.number.casefold():
            return False
    return all(
        not data[field] or getattr(entry, field) == data[field]
        for field in ("doc_type", "issuing_body", "status", "year")
    )


def library_fragment_key(index_page, request):
    """The listing is the same for every viewer denied the same pages (portal.fragments)."""
    content = versions.get(versions.CONTENT)[0]
    return ("library", index_page.pk, viewer_key(request.user), content, request.GET.urlencode())


def library_context(index_page, request):
    from resolutions.models import PartyDocumentPage

    entries = visible_entries(index_page, request.user)
    years, bodies = filter_values(index_page, request.user, entries)
    form = LibraryFilterForm(request.GET or None, years, bodies)
    ignored = []
    if form.is_bound:
        # A value that is not understood (a year that is not a number, a type that does not
        # exist) is left out and said so; the other filters still apply.
        form.is_valid()
        data = dict.fromkeys(form.fields) | form.cleaned_data
        ignored = [str(form.fields[name].label) for name in form.errors]
        entries = [entry for entry in entries if _matches(entry, data)]
        if data["sort"] == "oldest":
            entries.reverse()  # the catalogue is newest first (undated last), ties by id
    paginator = Paginator(entries, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    shown = [entry.pk for entry in page_obj.object_list]
    pages = PartyDocumentPage.objects.filter(pk__in=shown).only(
        "id", "title", "url_path", "path", "depth", "number", "issued_on", "doc_type", "status"
    )
    by_pk = {page.pk: page for page in pages}
    page_obj.object_list = [by_pk[pk] for pk in shown if pk in by_pk]
    return {
        "filter_form": form,
        "page_obj": page_obj,
        "documents": page_obj.object_list,
        "ignored_filters": ignored,
    }

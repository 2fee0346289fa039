"""The library listing: filters, sort and pagination over the documents a viewer may see.

What every viewer shares is the catalogue: every live document of the library with what the
filters look at, read once per version of the content, and the documents matching each set of
filters, kept for a while in each process. The viewer's audience then only takes out what they
may not see; the listing a member gets is named by what it shows (the filter values they may
choose, the count and the documents of the page), so that the page is shared by every member
who would see the same (portal.caching.shared_pages), whatever their chi bộ. Only the twenty
documents shown are read from the database.
"""

from collections import namedtuple
from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from portal.audience import first_viewable, viewable, viewer_key
from portal.caching import anonymous as page_cache
from portal.caching import versions
from portal.collation import sort_key

PER_PAGE = 20
CATALOGUE_TIMEOUT = 60 * 60
Entry = namedtuple("Entry", "pk path year doc_type issuing_body status title number")
KEPT = 2048  # filter values, matches and what a kind of viewer sees of them, per process
_catalogues = versions.store()
_kept = versions.store()


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
    """(key, entries): every live document under the index, newest first, as Entry tuples, the
    same for every viewer, kept until the next publish, unpublish or move
    (portal.caching.versions)."""
    from resolutions.models import PartyDocumentPage

    key = f"library:catalogue:{index_page.pk}:{versions.get(versions.CONTENT)[0]}"

    def load():
        rows = (
            PartyDocumentPage.objects.descendant_of(index_page)
            .live()
            .order_by(F("issued_on").desc(nulls_last=True), "-pk")
            .values_list(
                "pk", "path", "issued_on", "doc_type", "issuing_body", "status", "title", "number"
            )
        )
        # One object for each value that thousands of documents share (the database gives
        # each row its own): 20,000 documents held 5 MB less per process.
        same = {}

        def one(value):
            return same.setdefault(value, value)

        return [
            Entry(
                pk,
                path,
                one(issued and issued.year),
                one(kind),
                one(body),
                one(status),
                title,
                number,
            )
            for pk, path, issued, kind, body, status, title, number in rows
        ]

    # Kept in this process too: reading 5,000 entries back from the cache costs milliseconds.
    return key, versions.shared(_catalogues, key, load, CATALOGUE_TIMEOUT, limit=4)


def _values(entries):
    """{year: its entries} newest first and {issuing body: its entries} in Vietnamese order."""
    years, bodies = {}, {}
    for entry in entries:
        if entry.year:
            years.setdefault(entry.year, []).append(entry)
        if entry.issuing_body:
            bodies.setdefault(entry.issuing_body, []).append(entry)
    return (
        {year: years[year] for year in sorted(years, reverse=True)},
        {body: bodies[body] for body in sorted(bodies, key=sort_key)},
    )


def filter_values(index_page, user):
    """(years, issuing bodies) of the documents this user may see: a value is offered when
    one of its documents is visible, which is nearly always the first one looked at."""
    key, entries = catalogue(index_page)
    years, bodies = versions.kept(_kept, ("values", key), lambda: _values(entries), KEPT)

    def load():
        return (
            [year for year, entries in years.items() if first_viewable(entries, user)],
            [body for body, entries in bodies.items() if first_viewable(entries, user)],
        )

    return versions.kept(_kept, ("offered", key, viewer_key(user)), load, KEPT)


def visible_matching(index_page, data, user):
    """The catalogue's entries matching the filters that this user may see, newest first: the
    matches are kept for every viewer, what each kind of viewer may see of them for that kind."""
    key, entries = catalogue(index_page)
    filters = (key, tuple(sorted((name, str(value)) for name, value in data.items())))
    found = versions.kept(
        _kept, ("matches", filters), lambda: [e for e in entries if _matches(e, data)], KEPT
    )
    load = lambda: viewable(found, user)  # noqa: E731
    return versions.kept(_kept, ("visible", filters, viewer_key(user)), load, KEPT)


def _matches(entry, data):
    if data["q"]:
        needle = data["q"].casefold()
        if needle not in entry.title.casefold() and needle not in entry.number.casefold():
            return False
    return all(
        not data[field] or getattr(entry, field) == data[field]
        for field in ("doc_type", "issuing_body", "status", "year")
    )


@dataclass
class Listing:
    form: LibraryFilterForm
    paginator: Paginator
    page_obj: object
    ignored: list

    @property
    def shared_key(self):
        """Everything the listing shows (portal.caching.shared_pages)."""
        choices = [self.form.fields[name].choices for name in ("year", "issuing_body")]
        shown = [entry.pk for entry in self.page_obj.object_list]
        return ("library", choices, self.ignored, self.paginator.count, shown)


def listing(index_page, request):
    """The filters and the page of documents this reader asked for, once per request."""
    memo = request.__dict__.setdefault("_library_listings", {})
    if index_page.pk not in memo:
        memo[index_page.pk] = _listing(index_page, request)
    return memo[index_page.pk]


def _listing(index_page, request):
    years, bodies = filter_values(index_page, request.user)
    form = LibraryFilterForm(request.GET or None, years, bodies)
    ignored = []
    data = dict.fromkeys(form.fields)
    if form.is_bound:
        # A value that is not understood (a year that is not a number, a type that does not
        # exist) is left out and said so; the other filters still apply.
        form.is_valid()
        data |= form.cleaned_data
        ignored = [str(form.fields[name].label) for name in form.errors]
    filters = {name: value for name, value in data.items() if name != "sort"}
    entries = visible_matching(index_page, filters, request.user)
    if data["sort"] == "oldest":
        entries = entries[::-1]  # the catalogue is newest first (undated last), ties by id
    paginator = Paginator(entries, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    page_cache.query_used(request, "page", page_obj.number)
    for name in set(form.fields) - set(form.errors) - {"q"}:  # free text is never kept
        if data[name] is not None and name in request.GET:
            page_cache.query_used(request, name, form.data[name])
    return Listing(form, paginator, page_obj, ignored)


def library_context(index_page, request):
    from resolutions.models import PartyDocumentPage

    found = listing(index_page, request)
    shown = [entry.pk for entry in found.page_obj.object_list]
    pages = PartyDocumentPage.objects.filter(pk__in=shown).only(
        "id", "title", "url_path", "path", "depth", "number", "issued_on", "doc_type", "status"
    )
    by_pk = {page.pk: page for page in pages}
    page_obj = found.page_obj
    page_obj.object_list = [by_pk[pk] for pk in shown if pk in by_pk]
    return {
        "filter_form": found.form,
        "page_obj": page_obj,
        "documents": page_obj.object_list,
        "ignored_filters": found.ignored,
    }

"""Site search across documents and news, limited to what the viewer may see.

Vietnamese is matched without diacritics: each page indexes a folded copy of its text
(`search_text`, see portal.text.fold) and the query is folded the same way, so the results are
the same on SQLite and PostgreSQL whatever their own accent handling.
"""

import re

from django import forms
from django.core.paginator import Paginator
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.search.backends import get_search_backend

from portal.audience import visible_pages
from portal.text import fold, normalise

MAX_QUERY_LENGTH = 200
SNIPPET_LENGTH = 240
RESULTS_PER_PAGE = 20
NUMBER_QUERY = re.compile(r"^\s*(?:số\s*:?\s*)?(\d{1,4})\s*[-/]\s*([\w/Đđ-]+)\s*$", re.IGNORECASE)


class SearchForm(forms.Form):
    KIND_CHOICES = [("", _("Everything")), ("documents", _("Documents")), ("news", _("News"))]

    q = forms.CharField(label=_("Search for"), max_length=MAX_QUERY_LENGTH, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1930, max_value=2100, required=False)
    page = forms.IntegerField(min_value=1, required=False)

    def clean_q(self):
        value = normalise(self.cleaned_data["q"])
        if "\x00" in value:
            raise forms.ValidationError(
                _("The search text contains characters that are not allowed.")
            )
        return value


class SearchResult:
    def __init__(self, page, kind, snippet, date):
        self.page = page
        self.kind = kind
        self.snippet = snippet
        self.date = date


def highlight(text, terms, length=SNIPPET_LENGTH):
    """A passage of `text` around the first match, matches in <mark>; text is escaped.

    Matching is done on the folded text, whose letters line up one to one with the original.
    """
    text = normalise(text)
    folded = fold(text)
    spans = []
    for term in terms:
        for match in re.finditer(r"(?<!\w)" + re.escape(term), folded):
            spans.append((match.start(), match.end()))
    if not spans:
        return escape(text[:length] + ("…" if len(text) > length else ""))
    spans.sort()
    start = max(0, spans[0][0] - length // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + length)
    parts, cursor = [], start
    for span_start, span_end in spans:
        if span_start < cursor or span_end > end:
            continue
        parts.append(escape(text[cursor:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    parts.append(escape(text[cursor:end]))
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)


def query_terms(query):
    return [term for term in re.split(r"[^\w]+", fold(query)) if term]


def _kinds(kind):
    from news.models import NewsPage
    from resolutions.models import PartyDocumentPage

    kinds = []
    if kind in ("", "documents"):
        kinds.append(("documents", PartyDocumentPage, "issued_on"))
    if kind in ("", "news"):
        kinds.append(("news", NewsPage, "published_on"))
    return kinds


def run_search(form, request):
    """Search every kind the form asks for; returns a page of SearchResult and the total."""
    data = form.cleaned_data
    terms = query_terms(data["q"])
    if not terms:
        return None
    backend = get_search_backend()
    folded_query = " ".join(terms)
    hits = []
    for kind, model, date_field in _kinds(data.get("kind") or ""):
        queryset = visible_pages(model.objects.all(), request.user)
        if data.get("year"):
            queryset = queryset.filter(**{f"{date_field}__year": data["year"]})
        number = NUMBER_QUERY.match(data["q"]) if kind == "documents" else None
        exact = []
        if number:
            exact = list(queryset.filter(number__istartswith=f"{number[1]}-{number[2]}")[:20])
        found = backend.search(folded_query, queryset, operator="and")
        seen = {page.pk for page in exact}
        ranked = exact + [page for page in found[:200] if page.pk not in seen]
        for position, page in enumerate(ranked):
            hits.append((position, kind, page, date_field))
    hits.sort(key=lambda hit: hit[0])
    paginator = Paginator(hits, RESULTS_PER_PAGE)
    page_obj = paginator.get_page(data.get("page") or 1)
    page_obj.object_list = [
        SearchResult(
            page,
            kind,
            highlight(f"{page.summary}\n{page.plain_text()}", terms),
            getattr(page, date_field),
        )
        for _position, kind, page, date_field in page_obj.object_list
    ]
    return page_obj

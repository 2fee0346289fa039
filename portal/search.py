"""Site search across documents and news, limited to what the viewer may see.

Vietnamese is matched without diacritics: each page indexes a folded copy of its text
(`search_text`, see portal.text.fold) and the query is folded the same way, so the results are
the same on SQLite and PostgreSQL whatever their own accent handling.
"""

import hashlib
import re
from collections import namedtuple
from itertools import islice

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.paginator import Paginator
from django.core.validators import ProhibitNullCharactersValidator
from django.db import connection, transaction
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.search.backends import get_search_backend

from portal.audience import iter_viewable
from portal.caching import versions
from portal.text import fold, normalise

MAX_QUERY_LENGTH = 200
SNIPPET_LENGTH = 240
RESULTS_PER_PAGE = 20
MAX_MATCHES = 200  # per kind
SNIPPET_TEXT_TIMEOUT = 60 * 60 * 24
RANKED_TIMEOUT = 60 * 60  # the key carries the content version; this only frees memory
NUMBER_QUERY = re.compile(r"^\s*(?:số\s*:?\s*)?(\d{1,4})\s*[-/]\s*([\w/Đđ-]+)\s*$", re.IGNORECASE)


class SearchForm(forms.Form):
    KIND_CHOICES = [
        ("", _("Everything")),
        ("documents", pgettext_lazy("party documents", "Documents")),
        ("news", _("News")),
    ]

    q = forms.CharField(label=_("Search for"), max_length=MAX_QUERY_LENGTH, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1930, max_value=2100, required=False)
    page = forms.IntegerField(min_value=1, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for validator in self.fields["q"].validators:
            if isinstance(validator, ProhibitNullCharactersValidator):
                validator.message = _("The search text contains characters that are not allowed.")

    def clean_q(self):
        return normalise(self.cleaned_data["q"])


class SearchResult:
    def __init__(self, page, kind, snippet, date):
        self.page = page
        self.kind = kind
        self.snippet = snippet
        self.date = date


def highlight(text, terms, length=SNIPPET_LENGTH, folded=None):
    """A passage of `text` around the first match, matches in <mark>; text is escaped.

    Matching is done on the folded text, whose letters line up one to one with the original;
    pass `folded` (fold of the normalised text) when it is already known. Only the first match
    of each term is looked for in the whole text, the others in the passage shown: a document
    is tens of thousands of letters.
    """
    if folded is None:
        text = normalise(text)
        folded = fold(text)
    patterns = [re.compile(r"(?<!\w)" + re.escape(term)) for term in terms]
    firsts = [match.start() for pattern in patterns if (match := pattern.search(folded))]
    if not firsts:
        return escape(text[:length] + ("…" if len(text) > length else ""))
    start = max(0, min(firsts) - length // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + length)
    spans = [
        (match.start(), match.end())
        for pattern in patterns
        for match in pattern.finditer(folded, start, end)
    ]
    parts, cursor = [], start
    for span_start, span_end in _merge(sorted(spans), folded):
        if span_start < cursor:
            continue
        parts.append(escape(text[cursor:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    parts.append(escape(text[cursor:end]))
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)


def _merge(spans, text):
    """Join matches separated only by spaces, so "giám sát" is marked as one phrase."""
    merged = spans[:1]
    for start, end in spans[1:]:
        last_start, last_end = merged[-1]
        if start <= last_end or not text[last_end:start].strip():
            merged[-1] = (last_start, max(last_end, end))
        else:
            merged.append((start, end))
    return merged


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


def find(form, request):
    """The page of hits the form asks for, among what this reader may see: (position, kind,
    page id) tuples, ranked; cheap, so that the page can be named by them
    (portal.caching.shared_pages) before anything is loaded. None when there is nothing to search
    for."""
    data = form.cleaned_data
    terms = query_terms(data["q"])
    if not terms:
        return None
    backend = get_search_backend()
    hits = []
    for kind, model, date_field in _kinds(data.get("kind") or ""):
        number = NUMBER_QUERY.match(data["q"]) if kind == "documents" else None
        exact = []
        if number:
            prefix = f"{number[1]}-{number[2]}"
            exact = _candidates(model.objects.filter(number__istartswith=prefix), date_field)
            exact = _for_viewer(exact, request.user, data.get("year"), 20)
        live = _live_pages(model, date_field)
        ranked = (live[pk] for pk in ranked_ids(backend, model, date_field, terms))
        ranked = (c for c in ranked if c not in exact)
        found = [c.pk for c in _for_viewer(ranked, request.user, data.get("year"), MAX_MATCHES)]
        hits += [(position, kind, pk) for position, pk in enumerate([c.pk for c in exact] + found)]
    hits.sort(key=lambda hit: hit[0])
    return Paginator(hits, RESULTS_PER_PAGE).get_page(data.get("page") or 1)


def results(form, hits):
    """The page of hits as SearchResult objects, with their snippets. Only the pages shown are
    loaded, without their bodies (the snippet texts are kept per revision: snippet_texts)."""
    terms = query_terms(form.cleaned_data["q"])
    kinds = _kinds(form.cleaned_data.get("kind") or "")
    shown = list(hits.object_list)
    pages = {}
    for kind, model, date_field in kinds:
        ids = [pk for _position, hit_kind, pk in shown if hit_kind == kind]
        for page in model.objects.filter(pk__in=ids).defer("body") if ids else ():
            pages[kind, page.pk] = (page, date_field)
    texts = snippet_texts([page for page, _field in pages.values()])
    page_obj = Paginator(hits.paginator.object_list, RESULTS_PER_PAGE).page(hits.number)
    page_obj.object_list = []
    for _position, kind, pk in shown:
        page, date_field = pages[kind, pk]
        text, folded = texts[page.pk]
        snippet = highlight(text, terms, folded=folded)
        page_obj.object_list.append(SearchResult(page, kind, snippet, getattr(page, date_field)))
    return page_obj


class Candidate(namedtuple("Candidate", "pk path day")):
    @property
    def year(self):
        return self.day.year if self.day else None

    @property
    def newest_first(self):
        return (-self.day.toordinal() if self.day else 0, -self.pk)


def _candidates(queryset, date_field):
    """Candidate tuples of the live pages of `queryset`."""
    return [Candidate(*row) for row in queryset.live().values_list("pk", "path", date_field)]


def _for_viewer(candidates, user, year=None, limit=None):
    """The first `limit` (default: all) candidates this user may see, of `year` if given, in
    order. Lazy: the rest of `candidates` is not read, nor checked."""
    shown = (c for c in iter_viewable(candidates, user) if not year or c.year == year)
    return list(islice(shown, limit))


def ranked_ids(backend, model, date_field, terms):
    """The ids of the live pages containing every term, newest first: the same for every viewer
    (each then sees those of their audience, and only then are they counted and cut to
    MAX_MATCHES), kept per version of the content; ids only, so that putting a query of
    thousands of matches in the shared cache is cheap.

    The order depends on each page alone, never on the rest of the index: a relevance score
    such as SQLite's bm25() weighs each word by how many indexed texts hold it, restricted
    documents and drafts included, so outsiders' results would move when a secret text holds
    the words. Reading the index directly also avoids the backends' ranking of every match
    (a correlated bm25() subquery on SQLite, ts_rank() over whole texts on PostgreSQL): seconds
    per query with thousands of documents. The pages are put in order once per version of the
    content (_live_pages); a query only looks its ids up there.
    """
    content = versions.get(versions.CONTENT)[0]
    digest = hashlib.sha256(" ".join(terms).encode()).hexdigest()
    key = f"search:ranked-ids:{model._meta.label_lower}:{content}:{digest}"

    def load():
        if connection.vendor in ("sqlite", "postgresql"):
            ids = matching_ids(model, terms)
        else:
            found = backend.search(" ".join(terms), model.objects.live().only("pk"), operator="and")
            ids = [page.pk for page in found]
        live = _live_pages(model, date_field)  # newest first
        return sorted((pk for pk in set(ids) if pk in live), key=live.rank.__getitem__)

    return versions.shared(_ranked_kept, key, load, RANKED_TIMEOUT, limit=256)


class _Live(dict):
    """{id: Candidate} of the live pages, newest first, with `rank` {id: position}."""

    def __init__(self, candidates):
        super().__init__((c.pk, c) for c in sorted(candidates, key=lambda c: c.newest_first))
        self.rank = {pk: position for position, pk in enumerate(self)}


def _live_pages(model, date_field):
    """_Live of every live page of `model`, read once per version of the content (the ranked
    ids of every query are looked up in it)."""
    content = versions.get(versions.CONTENT)[0]
    key = f"search:live-ranked:{model._meta.label_lower}:{content}"
    load = lambda: _Live(_candidates(model.objects.all(), date_field))  # noqa: E731
    return versions.shared(_live_kept, key, load, RANKED_TIMEOUT, limit=4)


_live_kept = versions.store()
_ranked_kept = versions.store()


def _index_tables():
    from modelsearch.conf import get_app_config

    models = get_app_config().get_models()
    return {model.__name__: model._meta.db_table for model in models}


def matching_ids(model, terms):
    """Ids of `model` objects whose indexed title or body has every term (SQLite, PostgreSQL).

    The index is asked for the ids of its entries only, for every kind at once (kept for the
    next kind of the same search), and the entries' objects are read once (_index_objects):
    joining each match to its entry, or checking its content type there, costs more than the
    match (three times on SQLite; on PostgreSQL the planner then reads every matching text
    vector instead of taking the GIN index's answer).
    """
    key = f"search:matches:{versions.get(versions.CONTENT)[0]}:{' '.join(terms)}"
    rowids = versions.kept(_matches_kept, key, lambda: _matching_entries(terms), limit=2)
    objects = _index_objects(rowids)
    content_type = ContentType.objects.get_for_model(model).pk
    found = (objects.get(rowid, (None, None)) for rowid in rowids)
    return [pk for kind, pk in found if kind == content_type]


def _matching_entries(terms):
    """Ids of the index entries whose text has every term."""
    tables = _index_tables()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            fts = tables["SQLiteFTSIndexEntry"]
            words = " AND ".join('"{}"'.format(term.replace('"', "")) for term in terms)
            cursor.execute(
                f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [f"{{title body}} : ({words})"]
            )
            return [row[0] for row in cursor.fetchall()]
        # The body vector holds the folded copy of the whole text, title included
        # (`search_text`): what a folded query can match. For words most texts hold the
        # planner would read every vector (a sequential scan, 100 ms and more for 10,000
        # pages) rather than the GIN index's lists (a tenth of that).
        query = " & ".join("'{}'".format(term.replace("'", "")) for term in terms)
        outer = connection.in_atomic_block  # where SET LOCAL would outlive this query
        with transaction.atomic():
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(
                f"SELECT id FROM {tables['IndexEntry']} WHERE body @@ to_tsquery(%s)", [query]
            )
            rowids = [row[0] for row in cursor.fetchall()]
            if outer:
                cursor.execute("SET LOCAL enable_seqscan = on")
        return rowids


def _index_objects(rowids):
    """{index entry id: (content type id, object id)}, read once per version of the content
    in this process, and again when an entry made since is among `rowids`. Entry ids are
    never reused (SQLite's AUTOINCREMENT, PostgreSQL's identity): a known entry names the
    same object as long as it exists."""
    key = f"search:entries:{versions.get(versions.CONTENT)[0]}"
    objects = _index_kept.get(key)
    if objects is None or not objects.keys() >= set(rowids):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, content_type_id, object_id FROM {_index_tables()['IndexEntry']}"
            )
            objects = {row[0]: (row[1], int(row[2])) for row in cursor.fetchall()}
        versions.keep(_index_kept, key, objects, 1)
    return objects


_index_kept = versions.store()
_matches_kept = versions.store()


def snippet_texts(pages):
    """{page id: (text, folded text)} for the snippets. Building them is the slowest part of a
    search, so they are kept in the cache for each published revision."""
    keys = {page.pk: f"search:text:{page.pk}:{page.live_revision_id}" for page in pages}
    texts = cache.get_many(keys.values())
    missing = {}
    for model in {type(page) for page in pages}:
        wanted = [page.pk for page in pages if type(page) is model and keys[page.pk] not in texts]
        for page in model.objects.filter(pk__in=wanted) if wanted else ():
            text = normalise(f"{page.summary}\n{page.plain_text()}")
            missing[keys[page.pk]] = (text, fold(text))
    cache.set_many(missing, SNIPPET_TEXT_TIMEOUT)
    texts.update(missing)
    return {page.pk: texts[keys[page.pk]] for page in pages}

"""The plan of a run, built inside Django: the sessions, and the requests of every case."""

import datetime
import json
import time
from pathlib import Path
from urllib.parse import quote_plus

from portal.workload.bench.http.cases import (
    ANONYMOUS_ARTICLES,
    CSRF_TOKEN,
    LIBRARY_TYPES,
    READER_SESSIONS,
    SEARCHES,
)


def prepare(path):
    """Sessions for members and the editor, and the requests of every case, into `path`."""
    import django

    django.setup()
    from allauth.mfa.models import Authenticator
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends import cached_db
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core import signing
    from django.core.cache import caches
    from django.db.models import Count
    from django.utils import timezone
    from django.utils.crypto import get_random_string
    from wagtail.models import PageViewRestriction

    from news.models import NewsPage
    from portal.management.commands.generate_scale import (
        EDITOR_USERNAME,
        EMAIL_DOMAIN,
        FEATURED_COMMENTS,
    )
    from portal.models import User
    from portal.security import LAST_ACTIVITY_KEY
    from resolutions.acknowledgements import links
    from resolutions.acknowledgements.services import current_round, revision_fingerprint
    from resolutions.models import Acknowledgement, PartyDocumentPage

    featured = (
        PartyDocumentPage.objects.live()
        .filter(requires_acknowledgement=True)
        .annotate(n=Count("comments"))
        .order_by("-n", "-pk")
        .first()
    )
    round_ = current_round(featured)
    acknowledged = set(
        Acknowledgement.objects.filter(round=round_).values_list("member_id", flat=True)
    )
    members = list(
        User.objects.active_members()
        .filter(email__endswith=f"@{EMAIL_DOMAIN}")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    pending = [pk for pk in members if pk not in acknowledged]
    if len(pending) < 2:
        raise SystemExit(
            "Every member has acknowledged the document of the POST case: at this scale, ask"
            " generate_scale for fewer acknowledgements (a larger BENCH_SCALE)."
        )
    editor = User.objects.get(username=EDITOR_USERNAME)
    # The admin requires two-factor authentication (portal.security): the editor has it.
    Authenticator.objects.get_or_create(
        user=editor, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "bench"}}
    )
    auth_hash = editor.get_session_auth_hash()  # every generated account shares the password
    expires = timezone.now() + datetime.timedelta(days=1)
    store = SessionStore()

    def session(user_id):
        data = {
            SESSION_KEY: str(user_id),
            BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
            HASH_SESSION_KEY: auth_hash,
            # As the idle-timeout middleware leaves it (portal.security): the load comes more
            # than ACTIVITY_RESOLUTION later, so each session's first request writes it again,
            # then once a minute, as for a member reading.
            LAST_ACTIVITY_KEY: int(time.time()),
        }
        return Session(
            session_key=get_random_string(32), session_data=store.encode(data), expire_date=expires
        )

    readers = [session(pk) for pk in members[:READER_SESSIONS]]
    posters = [session(pk) for pk in pending]
    editor_session = session(editor.pk)
    sessions = [*readers, *posters, editor_session]
    Session.objects.bulk_create(sessions, batch_size=2000)
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db":
        # As a log-in leaves them with this engine: in the cache too, read from there first.
        caches[settings.SESSION_CACHE_ALIAS].set_many(
            {cached_db.KEY_PREFIX + s.session_key: store.decode(s.session_data) for s in sessions},
            int((expires - timezone.now()).total_seconds()),
        )

    def cookie(s):
        """A logged-in browser's cookies: the session's and the CSRF cookie it got with the
        login form (without it, every page with a form would set a new one)."""
        return f"sessionid={s.session_key}; csrftoken={CSRF_TOKEN}"

    def gets(paths, sessions=(None,)):
        """GET requests going round the paths and the sessions."""
        return [
            [
                "GET",
                paths[n % len(paths)],
                cookie(s) if (s := sessions[n % len(sessions)]) else "",
                "",
            ]
            for n in range(max(len(paths), len(sessions)))
        ]

    # Documents and articles are leaves under unrestricted indexes: public when unrestricted.
    # (Wagtail's .public() builds one condition per restriction, too deep for SQLite here.)
    restricted = PageViewRestriction.objects.values("page_id")
    public = PartyDocumentPage.objects.live().exclude(pk__in=restricted)
    public = list(public.order_by("-issued_on", "-pk")[:ANONYMOUS_ARTICLES])
    articles = NewsPage.objects.live().exclude(pk__in=restricted).order_by("-published_on", "-pk")
    articles = list(articles[:ANONYMOUS_ARTICLES])
    news_index = articles[0].get_parent().specific
    anonymous = ["/", news_index.url, "/van-ban/"]
    anonymous += [news_index.url + path for path in news_index.front_cache_subpaths()[:20]]
    anonymous += [page.url for pair in zip(articles, public, strict=False) for page in pair]
    busy = PartyDocumentPage.objects.live().annotate(n=Count("comments"))
    busy = [page.url for page in busy.filter(n=FEATURED_COMMENTS).exclude(pk=featured.pk)]
    years = sorted(
        {d.year for d in PartyDocumentPage.objects.live().dates("issued_on", "year")}, reverse=True
    )[:4]
    library = [f"/van-ban/?doc_type={t}&year={y}" for t in LIBRARY_TYPES for y in years]
    revision = featured.live_revision
    body = (
        f"csrfmiddlewaretoken={CSRF_TOKEN}&revision={revision.pk}"
        f"&fingerprint={revision_fingerprint(revision)}"
    )
    post_url = f"/xac-nhan/{featured.pk}/"
    tokens = links.issue(featured, members)

    def link_entry(pk):
        """A member's own browser (it knows them) opening the link of their e-mail."""
        known = signing.dumps(pk, salt=links.DEVICE_SALT)
        path = f"/xac-nhan/thu/{tokens[pk]}/"
        return ["GET", path, f"{links.DEVICE_COOKIE}={known}; csrftoken={CSRF_TOKEN}", ""]

    beacon = f"csrfmiddlewaretoken={CSRF_TOKEN}"
    plan = {
        "ceiling": {"entries": gets(["/bench/ceiling/"])},
        "anonymous": {"entries": gets(anonymous), "prime": True, "until_cached": True},
        "member_document": {"entries": gets([featured.url], readers)},
        "member_cold": _cold(gets(busy, readers)),
        "library": {"entries": gets(library, readers)},
        "library_cold": _cold(gets(_library_addresses(), readers)),
        "search": {"entries": gets([f"/tim-kiem/?q={quote_plus(q)}" for q in SEARCHES], readers)},
        "search_cold": _cold(gets(_search_addresses(), readers)),
        # One member per request: the last one is kept for the query count.
        "acknowledge": {
            "entries": [["POST", post_url, cookie(s), body] for s in posters[:-1]],
            "probe": ["POST", post_url, cookie(posters[-1]), body],
            "round": round_.pk,
            "before": len(acknowledged),
        },
        # Single-use links: no warm-up, which would use them up.
        "email_link": {
            "entries": [link_entry(pk) for pk in members[:-1]],
            "probe": link_entry(members[-1]),
            "warm_up": False,
            "accepted": "23",
        },
        "reached_end": {
            "entries": [
                ["POST", f"/xac-nhan/{featured.pk}/da-doc-het/", cookie(s), beacon] for s in readers
            ],
        },
        # One editor at a time: the figure is the latency an editor sees.
        "progress": {
            "entries": gets([f"/admin/xac-nhan/{featured.pk}/"], [editor_session]),
            "connections": 1,
        },
    }
    Path(path).write_text(json.dumps(plan))


def _cold(entries):
    """A cold case: each address once (the first session of each), no warm-up, one connection,
    ending early when every address was asked ("once"), the last kept for the query count."""
    first = {}
    for entry in entries:
        first.setdefault(entry[1], entry)
    entries = list(first.values())
    return {
        "entries": entries[:-1],
        "probe": entries[-1],
        "warm_up": False,
        "connections": 1,
        "once": True,
    }


def _library_addresses():
    """The library with each combination of filters that lists documents, in both orders, in a
    fixed random order: every one a listing nobody asked for yet."""
    from random import Random
    from urllib.parse import urlencode

    from resolutions.models import PartyDocumentPage

    fields = ("doc_type", "issued_on__year", "issuing_body", "status")
    combinations = PartyDocumentPage.objects.live().values_list(*fields).distinct()
    addresses = [
        "/van-ban/?"
        + urlencode(
            {"doc_type": kind, "year": year, "issuing_body": body, "status": status, "sort": sort}
        )
        for kind, year, body, status in combinations.order_by(*fields)
        for sort in ("newest", "oldest")
    ]
    Random(22).shuffle(addresses)
    return addresses


def _search_addresses():
    """Two or three words following each other in a document's title (its first word aside),
    without diacritics as members type them: queries that find documents, each asked once.
    Every such run of words, so that a fast search does not run out of them within a run."""
    from random import Random

    from portal.text import fold
    from resolutions.models import PartyDocumentPage

    queries = set()
    for title in PartyDocumentPage.objects.live().values_list("title", flat=True):
        words = fold(title).split()
        for size in (2, 3):
            queries.update(
                " ".join(words[start : start + size]) for start in range(1, len(words) - size + 1)
            )
    addresses = [f"/tim-kiem/?q={quote_plus(q)}" for q in sorted(queries)]
    Random(22).shuffle(addresses)
    return addresses

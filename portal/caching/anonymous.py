"""Whole-page cache for visitors who are not logged in.

Every visitor sees the same public pages, so a Wagtail page rendered for one is kept in the
default cache (Redis in production, shared by every app server) and served to the next without
routing, queries or templates, and (without a session cookie) before any other middleware
runs: no session, authentication, CSRF or messages work. Logged-in users never get a cached
page and never fill the cache; neither does a response that sets a cookie, is not a plain 200
or says it is private.

Anything that changes what visitors see (a page published, unpublished, moved or deleted, a view
restriction, a site setting, the site, a news category, an image or an attachment) bumps one
version number; each cached page records the version it was rendered under (read together with the
current one, in one round trip), so all cached pages go stale at once. Comments and
acknowledgements are shown to members only and leave the cache alone. Entries also expire by
themselves, at the latest when the next page reaches its expiry time.

With several worker processes and a cache in each (the embedded setup's local memory, without
REDIS_URL) a version kept in the cache would be bumped only in the process that handled the
change: there the version is the content's, read from the database (portal.caching.versions),
which every such change bumps in its own transaction, at the cost of one query a hit.
"""

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re
from wagtail import views as wagtail_views
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal.caching import versions
from portal.caching.batching import later
from portal.middleware import chosen_language

VERSION_KEY = "pagecache:version"
TIMEOUT = 10 * 60
HEADER = "X-Page-Cache"
UNCACHEABLE = {"private", "no-store", "no-cache"}
FILE_FACTS = {"file_size", "file_hash"}


def version():
    # A missing version (never set, evicted, cleared) starts from the clock, so it never
    # matches the version recorded with a page cached earlier.
    return cache.get_or_set(VERSION_KEY, time.time_ns() // 1000, None)


def invalidate(**kwargs):
    """Make every cached page stale (a signal receiver as well), and the fragments cached for
    members under the content version (portal.caching.fragments).

    The cache's version is bumped at once and again when the change commits: a visitor served
    between the two saw the data from before the change, and what was kept for them then must
    not outlive the transaction (the database's versions are part of it:
    portal.caching.versions). Once for a batch of changes (portal.caching.batching)."""
    later(_invalidate)


def _invalidate(_items):
    versions.bump(versions.CONTENT)
    _bump_version()
    transaction.on_commit(_bump_version)


def _bump_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns() // 1000, None)


def _key(request):
    query = sorted(request.GET.lists())
    where = repr((request.scheme, request.get_host(), request.path, query)).encode()
    language = chosen_language(request)  # as PreferredLanguageMiddleware will set it
    return f"pagecache:page:{language}:{hashlib.sha256(where).hexdigest()}"


def query_used(request, name, value):
    """Tell the cache that the page applied `value` for the query parameter `name` (a page
    number after clamping, a filter value after validation).

    A page is kept only when every parameter of the address was applied as given: an address
    with parameters the page ignores (?utm=…, ?x=1, ?x=2…), a value it corrected (?page=99999)
    or free text is rendered for the visitor but never stored, so that nobody can fill the
    cache (in the Redis that also holds the log-in rate limits) by varying the query string.
    """
    request.__dict__.setdefault("_page_cache_query", {})[name] = str(value)


def _query_applied(request):
    used = getattr(request, "_page_cache_query", {})
    return all(
        len(values) == 1 and used.get(name) == values[0] for name, values in request.GET.lists()
    )


def _lookup(key, versioned=True):
    """(current version, cached entry or None): an entry stored under an earlier version is
    stale. The version comes with the entry in one round trip to a shared cache, from the
    database with a cache in each process (read there only for an entry, or when `versioned`:
    the caller will store a page under it)."""
    if isinstance(caches["default"], LocMemCache):
        entry = cache.get(key)
        if entry is None and not versioned:
            return None, None
        current = ("content", versions.get(versions.CONTENT)[0])
    else:
        found = cache.get_many([VERSION_KEY, key])
        current, entry = found.get(VERSION_KEY), found.get(key)
        if current is None:
            current = version()
    return current, entry if entry is not None and entry[0] == current else None


def _timeout():
    """Until the next live page expires, at most TIMEOUT seconds."""
    now = timezone.now()
    nearest = Page.objects.live().filter(expire_at__gt=now).aggregate(at=Min("expire_at"))["at"]
    if nearest is None:
        return TIMEOUT
    return max(1, min(TIMEOUT, int((nearest - now).total_seconds())))


class AnonymousPageCacheMiddleware:
    """Serve Wagtail pages to anonymous visitors from the cache.

    It comes first in MIDDLEWARE. A GET or HEAD without a session (or messages) cookie is
    answered from the cache before any other middleware runs: no session, authentication,
    CSRF, messages or routing work for a visitor who has none of them. With a session cookie
    (a member, or a session expired or from elsewhere) the decision waits for process_view,
    when the user is known. A page is stored on the way out, so with the headers every other
    middleware added (the Content-Security-Policy among them): both paths answer alike.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _without_session(request) and not request.path_info.startswith(settings.STATIC_URL):
            _current, cached = _lookup(_key(request), versioned=False)
            if cached is not None:
                return _cached_response(cached)
        response = self.get_response(request)
        key, current = getattr(request, "_page_cache", (None, None))
        if key and self._storable(request, response):
            headers = [(k, v) for k, v in response.items() if k.lower() != "set-cookie"]
            entry = (current, response.status_code, headers, response.content)
            cache.set(key, entry, _timeout())
            response[HEADER] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            view_func is not wagtail_views.serve
            or request.method not in ("GET", "HEAD")
            or "messages" in request.COOKIES
            or request.user.is_authenticated
        ):
            return None
        key = _key(request)
        current, cached = _lookup(key)
        if cached is None:
            if request.method == "GET":
                request._page_cache = (key, current)
            return None
        return _cached_response(cached)

    @staticmethod
    def _storable(request, response):
        control = {
            part.split("=")[0].strip().lower()
            for part in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not control & UNCACHEABLE
            and not request.user.is_authenticated
            and _query_applied(request)
        )


def _without_session(request):
    """A GET or HEAD carrying neither a session nor messages: a visitor's, for the cache (not
    over plain HTTP when SecurityMiddleware would send it to HTTPS)."""
    return (
        request.method in ("GET", "HEAD")
        and (request.is_secure() or not settings.SECURE_SSL_REDIRECT)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _cached_response(entry):
    _version, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response[HEADER] = "hit"
    return response


# -- what makes cached pages stale ---------------------------------------------------------------

page_published.connect(invalidate, dispatch_uid="pagecache_published")
page_unpublished.connect(invalidate, dispatch_uid="pagecache_unpublished")
post_page_move.connect(invalidate, dispatch_uid="pagecache_moved")


_shown_to_visitors = [Page, PageViewRestriction, Site, BaseSiteSetting]


def shown_to_visitors(*models):
    """Saving or deleting one of `models` makes every cached page stale. Each app names its own
    in its ready(), so that this cache imports none of them."""
    _shown_to_visitors.extend(models)


@functools.cache
def _visible_models():
    from wagtail.documents import get_document_model

    return (*_shown_to_visitors, get_document_model())


@receiver(post_save, dispatch_uid="pagecache_saved")
@receiver(post_delete, dispatch_uid="pagecache_deleted")
def _model_changed(sender, **kwargs):
    if not issubclass(sender, _visible_models()):
        return
    update_fields = kwargs.get("update_fields") if kwargs.get("signal") is post_save else None
    if issubclass(sender, Page) and update_fields:
        # Saving a draft updates a few named fields (the latest revision, the draft title):
        # nothing visitors see. Publishing saves the whole page, as does any direct save.
        return
    if update_fields and set(update_fields) <= FILE_FACTS:
        return  # Wagtail noting an image's size or hash the first time it renders it
    invalidate()


@receiver(m2m_changed, sender=PageViewRestriction.groups.through, dispatch_uid="pagecache_groups")
def _restriction_groups_changed(**kwargs):
    invalidate()

"""Version counters in the database, for caches shared by every process.

A cache key that includes the versions of the data it was built from goes stale the moment one
of them is bumped. The counters live in the database, not in the cache: with the embedded
local-memory cache every worker process has its own cache, and a counter kept there would be
bumped only in the process that made the change. A bump is part of the transaction that makes
the change, so no process sees the new data under the old version.

Within a request the values are read once (one query for all the names asked together) and
remembered until the request ends; outside a request they are read every time.
"""

import secrets
from contextvars import ContextVar

from django.core.cache import cache
from django.db import models

from portal.caching.batching import later
from portal.caching.prepared import Prepared

CONTENT = "content"  # what is published where, and who may see it
AUDIENCE = "audience"  # view restrictions and the page tree they apply to
ADMIN_RIGHTS = "admin-rights"  # who holds wagtailadmin.access_admin (groups, users)
MEMBERS = "members"  # who is active, in which chi bộ and groups


class CacheVersion(models.Model):
    """A counter naming the current state of some shared data (a model of the portal app,
    defined here so that the models may use the versions without a circle)."""

    name = models.CharField(max_length=100, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        app_label = "portal"

    def __str__(self):
        return f"{self.name}={self.value}"


_memo = ContextVar("portal_versions", default=None)
_read = Prepared(
    lambda *names: CacheVersion.objects.filter(name__in=names).values_list("name", "value")
)


def comments(page_id):
    return f"comments:{page_id}"


def member(user_id):
    """The member's own account (their row and groups, kept for their requests: auth_backends;
    bumped by the database, portal/migrations/0010) and what they did that their pages show them
    (their acknowledgements)."""
    return f"member:{user_id}"


def readings(page_id):
    """Who opened, read to the end and acknowledged the page: the editors' tallies."""
    return f"readings:{page_id}"


def request_memo():
    """A dict living as long as the current request (a new one each call outside requests)."""
    memo = _memo.get()
    if memo is None:
        return {}
    return memo.setdefault("__request__", {})


_stores = []


def store():
    """A new store for kept() and shared(), emptied with all the others by forget_kept()."""
    new = {}
    _stores.append(new)
    return new


def forget_kept():
    """Empty every store of this process (as cache.clear() empties the cache)."""
    for kept_values in _stores:
        kept_values.clear()


def kept(store, key, load, limit=1):
    """store[key], else load() kept there, for a value whose key names the versions it was
    built from (so what is kept is never stale): reading it back from a shared cache costs
    more than using it. The store (a dict of the caller's) is emptied when it reaches `limit`."""
    try:
        return store[key]
    except KeyError:
        return keep(store, key, load(), limit)


def keep(store, key, value, limit):
    if key not in store and len(store) >= limit:
        store.clear()
    store[key] = value
    return value


def from_cache(store, key, limit):
    """store[key], else the shared cache's value (then kept in store), else None."""
    value = store.get(key)
    if value is None:
        value = cache.get(key)
        if value is not None:
            keep(store, key, value, limit)
    return value


def to_cache(store, key, value, timeout, limit):
    """Put value in the shared cache and keep it in store."""
    cache.set(key, value, timeout)
    return keep(store, key, value, limit)


def shared(store, key, load, timeout, limit):
    """kept() in front of the shared cache: the value is built once for every process (through
    Redis in production) and each process keeps what it uses most without a round trip."""
    value = from_cache(store, key, limit)
    if value is None:
        value = to_cache(store, key, load(), timeout, limit)
    return value


def expect(*names):
    """Read these names with the first read of the current request (outside a request: nothing):
    what a middleware knows early that the request will need, such as the versions of the page
    it routes to, so that every version a request uses comes in one query."""
    memo = _memo.get()
    if memo is not None:
        memo.setdefault(_EXPECTED, set()).update(names)


_EXPECTED = "__expected__"


def get(*names):
    """The current value of each name (0 for a name never bumped), as a tuple."""
    memo = _memo.get()
    known = memo if memo is not None else {}
    missing = [name for name in names if name not in known]
    if missing:
        # Most requests need these: read them with whatever else is asked first.
        wanted = (CONTENT, AUDIENCE, ADMIN_RIGHTS, *known.pop(_EXPECTED, ()))
        missing += [name for name in wanted if name not in {*known, *missing}]
        found = dict(_read(*missing))
        known.update({name: found.get(name, 0) for name in missing})
    return tuple(known[name] for name in names)


def bump(*names):
    """Give each name a new value, inside the current transaction (once for a batch of changes:
    portal.caching.batching).

    The value is random rather than the next number: a bump rolled back with its transaction
    must never come back, or something cached under it would be served as current.
    """
    later(_bump, *names)


def _bump(names):
    """One statement for all the names: an insert that updates those already there."""
    rows = [CacheVersion(name=name, value=secrets.randbits(62)) for name in sorted(names)]
    CacheVersion.objects.bulk_create(
        rows, batch_size=500, update_conflicts=True, unique_fields=["name"], update_fields=["value"]
    )
    memo = _memo.get()
    if memo is not None:
        for name in names:
            memo.pop(name, None)


class RequestVersionsMiddleware:
    """Read each version at most once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)

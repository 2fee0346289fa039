"""The speed machinery: every layer that keeps something so a request does less work.

From the outside in (what a request meets first), each layer: where it is kept, keyed by what,
invalidated by what.

front cache (front_cache; nginx, portal/deploy/nginx/portal.conf)
    nginx's proxy_cache on disk, in front of the portal; keyed by the path (no query string,
    no session, messages or language cookie). Purged through wagtail.contrib.frontend_cache on
    publish, unpublish, move, rename and view restriction changes, after the commit; at the
    latest it expires after 10 minutes.
anonymous whole pages (anonymous)
    The default cache (Redis in production); keyed by language, host, path and the query
    parameters the page applied, stored with the headers. Invalidated at once by one version in
    the cache, bumped by anything visitors see (publish, unpublish, move, delete, restrictions,
    site settings, news categories, images, documents); with a per-process cache, by the
    content version read from the database (one query a hit). Expires by itself (10 minutes,
    or the next page expiry).
shared members' pages (shared_pages)
    The default cache, and the last 64 per process; keyed by host, full path, language, the
    content version and the key the page's view gives (what this reader may see of it). The
    reader's own parts and CSRF token are filled in on every request. Stale when the content
    version or anything in the view's key changes; expires after 10 minutes.
members' own parts (shared_pages.personal_part with a key)
    The last 1024 per process; keyed by the part, the language, the member, their version and
    what the part shows (the header's count, the acknowledgement state); a placeholder stands
    for the CSRF token. Stale when the member's version or the part's key changes.
fragments (fragments, `{% fragment key %}`)
    The default cache, and the last 64 per process; keyed by language and the caller's key (the
    versions of what the fragment shows: content, the page's comments). Stale when one of those
    versions is bumped; expires after 10 minutes.
routes (routing)
    The default cache, and the last 1024 per process; keyed by host and path, stored with the
    content version; the live page itself keyed by id and the content version. Stale on
    publish, unpublish or move (content version); expires after an hour. Looked up as the
    request comes in, so that the page's versions are read with the request's others.
members (auth_backends; services._current_acknowledgements)
    The session's member row with their groups, and their acknowledgements in the open rounds,
    the last 1024 of each per process; keyed by the member and their version, which the
    database bumps on any change of their row or groups (triggers, portal/migrations/0010) and
    an acknowledgement bumps too.
versions (versions; the CacheVersion rows in the database)
    One row per name (content, audience, admin rights, members, each member, the comments and
    the readings of each page), bumped in the transaction that makes the change (one upsert for
    all the names of a bump), read once per request in one query (RequestVersionsMiddleware,
    versions.expect).
    Every key above that names a version goes stale when it is bumped: nothing is deleted.
batched invalidations (batching)
    Within `batched()` (a folder of documents imported), the version bumps, the anonymous
    cache's invalidation and the front-cache purges are each done once, when the block ends.
per-process kept values (versions.store, kept, shared)
    Dicts in each worker process in front of the default cache, keyed by keys that name their
    versions (so never stale), emptied when they reach their limit (forget_kept() empties all).
prepared queries (prepared; used by auth_backends, sessions, versions)
    The SQL of a queryset compiled once per process, keyed by the query itself; never
    invalidated (the SQL does not depend on the data).
the default cache itself (redis_cache in production; locmem in the embedded setup)
    Redis, shared by every worker; without REDIS_URL each process's own memory, bounded by
    5,000 entries and 8 MB of values, the least recently used going first.
sessions (sessions; redis_cache for the cache client)
    The database (SESSION_ENGINE = portal.caching.sessions) read with a prepared query, or with
    Redis Django's cached_db engine in front of it; keyed by the session key, ended by log-out
    and expiry. Members' groups are read with the member in one query (auth_backends).

Dependencies point one way: the site (template tags, views, pages, the apps' models) imports
this package, which imports none of it. Beside it only the rules of who may see what
(portal.audience, portal.security), which use the versions and are used by routing and
shared_pages without a circle. The models the anonymous cache watches are named by each app's
ready() (anonymous.shown_to_visitors); portal.models imports versions, which holds the
CacheVersion model itself. tests/test_layout.py checks all of it. Nothing is imported here, so
that importing the package loads no model.
"""

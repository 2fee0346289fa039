"""Wagtail's page routing, remembered between requests.

To find the page of /van-ban/<slug>/ Wagtail reads the site, the site's root page and each
page along the path, two queries a level. Wagtail keeps the result on the request
(`request._wagtail_route_for_request`, `request._wagtail_site`); this middleware fills both in
from the cache before Wagtail's view runs, so that a known path costs no query at all: the
site and the page itself (without its StreamFields, read only if the page is rendered: see
live_page) are kept with the version of the content they were read under. Publishing,
unpublishing or moving any page changes that version and so forgets them all. Only plain routes
are kept (a page without the arguments of a routable page's sub-view), and only used for readers
who may see the page. Privacy hooks and the page's own serve() run as before. For an address
not yet remembered, the site and its root page still come from the process (site_for): Wagtail
reads only the pages below the root.

The route is looked up when the request comes in (the middleware stands before the session and
the authentication), so that the versions of the page's comments are read with the request's
other versions (portal.caching.versions.expect): a member's request reads them all in one query.
"""

import functools
import hashlib
import pickle

from django.urls import Resolver404, resolve
from wagtail import views as wagtail_views
from wagtail.fields import StreamField
from wagtail.models import Site
from wagtail.url_routing import RouteResult

from portal.audience import can_view
from portal.caching import versions

TIMEOUT = 60 * 60
KEPT = 1024  # routes and pages each process keeps besides the shared cache
_kept = versions.store()
_pages_kept = versions.store()
_sites_kept = versions.store()


def _key(request):
    where = hashlib.sha256(f"{request.get_host()}{request.path_info}".encode()).hexdigest()
    return f"route:{where}"


@functools.cache
def _bulky_fields(model):
    """The page's StreamFields: read when the page is rendered, not for a page served whole
    from a cache (portal.caching.shared_pages), where a long document's body would cost more than
    the rest of the request."""
    return [field.name for field in model._meta.concrete_fields if isinstance(field, StreamField)]


class CachedRouteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._cached_route = self._lookup(request)
        if request._cached_route is not None:
            versions.expect(versions.comments(request._cached_route[3]))
        response = self.get_response(request)
        key = getattr(request, "_route_cache_key", None)
        route = getattr(request, "_wagtail_route_for_request", None)
        if key and route is not None and response.status_code == 200:
            page, args, kwargs = route
            if not args and not kwargs:
                content = versions.get(versions.CONTENT)[0]
                route = (content, request._wagtail_site, type(page), page.pk)
                versions.to_cache(_kept, key, route, TIMEOUT, KEPT)
        return response

    @staticmethod
    def _lookup(request):
        """The route kept for this address: in this process, else in the shared cache if
        Wagtail serves the address (other views are not looked up there: each would cost a
        miss)."""
        if request.method not in ("GET", "HEAD"):
            return None
        key = _key(request)
        if key in _kept:
            return _kept[key]
        try:
            if resolve(request.path_info).func is not wagtail_views.serve:
                return None
        except Resolver404:
            return None
        return versions.from_cache(_kept, key, KEPT)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve or request.method not in ("GET", "HEAD"):
            return None
        cached = getattr(request, "_cached_route", None)
        if cached is not None:
            content, site, model, page_id = cached
            current = versions.get(versions.CONTENT, versions.comments(page_id))[0]
            page = live_page(model, page_id) if current == content else None
            # Only for those who may see the page: for anyone else it is routed as a path that
            # leads nowhere would be, at the same cost, so that no answer comes back faster
            # for a restricted page that a member opened than for a missing one.
            if page is not None and can_view(page, request.user):
                request._wagtail_site = site
                request._wagtail_route_for_request = RouteResult(page)
                return None
        request._route_cache_key = _key(request)
        request._wagtail_site = site_for(request)
        return None


def site_for(request):
    """Wagtail's Site for the request (Site.find_for_request: a query of the sites each time),
    kept by this process for each host and port under the content version, which any change of
    a site bumps; a copy for each request, as its root page is routed through."""
    host, port = request._get_raw_host(), request.get_port()
    key = (versions.get(versions.CONTENT)[0], host, port)

    def load():
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page.specific  # noqa: B018 - kept with it: Wagtail routes from it
        return pickle.dumps(site)

    return pickle.loads(versions.kept(_sites_kept, key, load, limit=64))


def live_page(model, page_id):
    """The live page of `model` with this id (StreamFields deferred), or None: kept under the
    content version, a copy for each call (a page's serve() may keep things on it)."""
    key = f"live-page:{versions.get(versions.CONTENT)[0]}:{model._meta.label_lower}:{page_id}"

    def load():
        pages = model.objects.live().defer(*_bulky_fields(model))
        return pickle.dumps(pages.filter(pk=page_id).first())

    return pickle.loads(versions.shared(_pages_kept, key, load, TIMEOUT, KEPT))

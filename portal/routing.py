"""Wagtail's page routing, remembered between requests.

To find the page of /van-ban/<slug>/ Wagtail reads the site, the site's root page and each
page along the path, two queries a level. Wagtail keeps the result on the request
(`request._wagtail_route_for_request`, `request._wagtail_site`); this middleware fills both in
from the cache before Wagtail's view runs, so that a known path costs one query: the page
itself. Only plain routes are kept (a page without the arguments of a routable page's sub-view),
under the content version: publishing, unpublishing or moving any page forgets them all.
Privacy hooks and the page's own serve() run as before.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from wagtail import views as wagtail_views
from wagtail.url_routing import RouteResult

from portal import versions

TIMEOUT = 60 * 60


def _key(request):
    content = versions.get(versions.CONTENT)[0]
    where = hashlib.sha256(f"{request.get_host()}{request.path_info}".encode()).hexdigest()
    return f"route:{content}:{where}"


class CachedRouteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_route_cache_key", None)
        route = getattr(request, "_wagtail_route_for_request", None)
        if key and route is not None and response.status_code == 200:
            page, args, kwargs = route
            if not args and not kwargs:
                cache.set(key, (request._wagtail_site, page.pk, page.content_type_id), TIMEOUT)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve or request.method not in ("GET", "HEAD"):
            return None
        key = _key(request)
        cached = cache.get(key)
        if cached is None:
            request._route_cache_key = key
            return None
        site, page_id, content_type_id = cached
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model.objects.filter(pk=page_id, live=True).first()
        if page is None:  # gone since: let Wagtail route it
            return None
        request._wagtail_site = site
        request._wagtail_route_for_request = RouteResult(page)
        return None

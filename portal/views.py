"""Site-wide views: search, robots.txt, health check, media and error pages."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.static import serve
from wagtail.documents.views.serve import serve as serve_document

from portal.caching import shared_pages
from portal.models import PortalImage, PortalRendition
from portal.privacy import PUBLIC, file_access, login_redirect, with_file_cache_headers
from portal.search import SearchForm, find, results


@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    hits = find(form, request) if form.is_valid() else None

    def respond():
        context = {"form": form, "searching": hits is not None, "results": None}
        if hits is not None:
            context["results"] = results(form, hits)
        return render(request, "portal/search.html", context)

    # The page shows the query (in its address) and the hits: the same for every reader who
    # may see the same hits, whatever else they may see (portal.caching.shared_pages).
    def shared_key():
        return ("search", hits and (hits.paginator.count, list(hits.object_list)))

    return shared_pages.serve(request, shared_key, respond)


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /tai-khoan/",
        "Disallow: /tim-kiem/",
        "Disallow: /documents/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


# Attachments: Wagtail's view (checked by portal.privacy's hook), with the cache headers of
# who may have the file.
serve_document = with_file_cache_headers(serve_document)


@require_GET
@with_file_cache_headers
def public_media(request, path):
    """Image originals and renditions, each checked against its collection's privacy and the
    audience of the pages that use it (portal.privacy.file_access).

    Attachments are never served from /media/: they go through /documents/<id>/<name>.
    """
    if "\x00" in path:  # PostgreSQL refuses NUL in a query: not found, as for any bad name
        raise Http404
    image = PortalImage.objects.filter(file=path).select_related("collection").first() or getattr(
        PortalRendition.objects.filter(file=path).select_related("image__collection").first(),
        "image",
        None,
    )
    access = image and file_access(image, request.user, unused=PUBLIC)
    if access is None:
        raise Http404
    request.file_access = access
    return serve(request, path, document_root=settings.MEDIA_ROOT)


# Where restricted pages and files live. An anonymous visitor asking for something there that
# does not exist is sent to log in, exactly as for something restricted, so the answer never
# tells whether it exists.
RESTRICTABLE_PREFIXES = ("/van-ban/", "/tin-tuc/", "/documents/")


def page_not_found(request, exception=None):
    # Whatever the method: a restricted page or file answers every method so (portal.privacy).
    if not request.user.is_authenticated and request.path.startswith(RESTRICTABLE_PREFIXES):
        response = login_redirect(request)
        response.stands_for_not_found = True  # old addresses still redirect (portal.privacy)
        return response
    return render(request, "404.html", status=404)


def not_found(request, *args, **kwargs):
    raise Http404


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """A forged, stale or cookie-less form: a 403 that says what to do, in Vietnamese."""
    return render(request, "403_csrf.html", status=403)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)

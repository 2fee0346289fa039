"""Wagtail hooks and middleware that keep restricted pages and their files secret.

- A logged-in member outside a page's audience gets a 404, as for a page that does not exist
  (Wagtail would send them to log in again, which confirms the page exists). Anonymous visitors
  are still sent to log in, with the same response whether the page exists or not.
- An attachment (/documents/<id>/<name>) is served only to someone who may see a live page that
  uses it, or to editors. A file nobody links stays with the editors.
- An old address (a Wagtail redirect, made when a page is renamed or moved) leads only those who
  may see the page to it; for everyone else it answers as an address that never existed.
"""

from urllib.parse import urlparse

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers
from wagtail import hooks, wagtail_hooks
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, ReferenceIndex

from portal.audience import can_view, visible_pages


def login_redirect(request):
    """Where an anonymous visitor is sent for a restricted page or file, and for a missing one:
    the same response as Wagtail's for a restricted page, never-cache headers included."""
    response = redirect_to_login(request.get_full_path())
    add_never_cache_headers(response)
    return response


@hooks.register("before_serve_page", order=-10)
def hide_restricted_pages_from_outsiders(page, request, serve_args, serve_kwargs):
    if request.user.is_authenticated and not can_view(page, request.user):
        raise Http404


@hooks.register("on_serve_page")
def check_view_restrictions(callback):
    """Wagtail's own check (replaced in PortalConfig.ready), from the restrictions cached by
    portal.audience rather than two queries per page served: anonymous visitors outside the
    audience are sent to log in, and a restricted page is never kept by a shared cache."""

    def inner(page, request, serve_args, serve_kwargs):
        if not can_view(page, request.user):
            return login_redirect(request)
        response = callback(page, request, serve_args, serve_kwargs)
        if not can_view(page, AnonymousUser()):
            add_never_cache_headers(response)
        return response

    return inner


def replace_wagtails_view_restriction_check():
    hooks.search_for_hooks()
    hooks._hooks["on_serve_page"].remove((wagtail_hooks.check_view_restrictions, 0))


def pages_using_document(document):
    """IDs of the pages that attach or link this file (attachments, rich text, StreamField)."""
    from resolutions.models import DocumentAttachment

    page_ids = set(
        DocumentAttachment.objects.filter(document=document).values_list("page_id", flat=True)
    )
    page_type = ContentType.objects.get_for_model(Page)
    page_ids.update(
        int(object_id)
        for object_id in ReferenceIndex.get_references_to(document)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    return page_ids


@hooks.register("before_serve_document", order=-10)
def serve_documents_to_their_pages_audience(document, request):
    user = request.user
    if user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
        return None
    page_ids = pages_using_document(document)
    if page_ids and visible_pages(Page.objects.filter(pk__in=page_ids), user).exists():
        return None
    if not user.is_authenticated:
        return login_redirect(request)
    raise Http404


class RedirectMiddleware:
    """Wagtail's redirects (wagtail.contrib.redirects), for those who may see the target page.

    They also apply when an anonymous visitor was sent to log in for an address that does not
    exist (portal.views.page_not_found marks that response), so a renamed public document's old
    address still works for visitors.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 and not getattr(response, "stands_for_not_found", False):
            return response
        path = Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
        redirect = get_redirect(request, path)
        if redirect is None and urlparse(path).query:
            redirect = get_redirect(request, urlparse(path).path)
        if redirect is None or redirect.link is None:
            return response
        page = redirect.redirect_page
        if page is not None and not can_view(page, request.user):
            return response
        if redirect.is_permanent:
            return HttpResponsePermanentRedirect(redirect.link)
        return HttpResponseRedirect(redirect.link)

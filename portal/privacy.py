"""Wagtail hooks and middleware that keep restricted pages and their files secret.

- A logged-in member outside a page's audience gets a 404, as for a page that does not exist
  (Wagtail would send them to log in again, which confirms the page exists). Anonymous visitors
  are still sent to log in, with the same response whether the page exists or not, whatever
  the HTTP method.
- Files follow the pages that use them (portal.privacy.file_access): an attachment
  (/documents/<id>/<name>) is served only to someone who may see a live page that uses it, or to
  the Văn phòng; a file nobody links stays with them. An image (and its renditions) must pass
  its collection's restrictions and, when pages use it, be in one of them this reader may see.
  What only some may see is sent `private, no-store`; the rest may stay in front caches for as
  long as the anonymous page cache keeps a page.
- Which pages use a file is read from Wagtail's reference index, written in the transaction
  that saves the page (Wagtail would update it later, in a background task in production).
- An old address (a Wagtail redirect, made when a page is renamed or moved) leads only those who
  may see the page to it; for everyone else it answers as an address that never existed.
"""

import functools
from urllib.parse import urlparse

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers
from wagtail import hooks, wagtail_hooks
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction, ReferenceIndex
from wagtail.signal_handlers import reference_index_auto_update_disabled

from portal.audience import can_view, restriction_accepts, visible_pages
from portal.security import has_admin_access

PUBLIC, PRIVATE = "public", "private"
# A public file may stay in front caches as long as a visitor's page
# (portal.caching.anonymous.TIMEOUT).
CACHE_CONTROL = {PUBLIC: "public, max-age=600", PRIVATE: "private, no-store"}


def login_redirect(request):
    """Where an anonymous visitor is sent for a restricted page or file, and for a missing one:
    the same response as Wagtail's for a restricted page, never-cache headers included."""
    response = redirect_to_login(request.get_full_path())
    add_never_cache_headers(response)
    return response


@hooks.register("before_serve_page", order=-10)
def hide_restricted_pages_from_outsiders(page, request, serve_args, serve_kwargs):
    """Before any other hook answers (Wagtail's answers OPTIONS and refuses other methods
    itself), whatever the method: an anonymous visitor outside the audience is sent to log in,
    a member outside it gets a 404, as for a page that does not exist."""
    if can_view(page, request.user):
        return None
    if request.user.is_authenticated:
        raise Http404
    return login_redirect(request)


@hooks.register("on_serve_page")
def check_view_restrictions(callback):
    """Wagtail's own check (replaced in PortalConfig.ready) is made above, from the restrictions
    cached by portal.audience rather than two queries per page served; here a restricted page
    is kept from every shared cache."""

    def inner(page, request, serve_args, serve_kwargs):
        response = callback(page, request, serve_args, serve_kwargs)
        if not can_view(page, AnonymousUser()):
            add_never_cache_headers(response)
        return response

    return inner


@hooks.register("after_copy_page")
def copies_keep_their_audience(request, page, new_page):
    """Wagtail copies a page's own view restrictions only where the destination has none: a chi
    bộ's document copied into a members-only folder would open to every member. Each copy (the
    subpages too, paired in tree order) gets the restrictions its original had and lacks:
    restrictions on a path all apply, so a copy is never seen by more than its original."""
    originals = page.get_descendants(inclusive=True).order_by("path")
    copies = new_page.get_descendants(inclusive=True).order_by("path")
    for original, copy in zip(originals, copies, strict=False):
        kept = {
            (restriction.restriction_type, frozenset(g.pk for g in restriction.groups.all()))
            for restriction in copy.view_restrictions.prefetch_related("groups")
        }
        for restriction in original.view_restrictions.prefetch_related("groups"):
            groups = frozenset(group.pk for group in restriction.groups.all())
            if (restriction.restriction_type, groups) not in kept:
                added = PageViewRestriction.objects.create(
                    page=copy, restriction_type=restriction.restriction_type
                )
                added.groups.set(groups)


def replace_wagtails_view_restriction_check():
    hooks.search_for_hooks()
    hooks._hooks["on_serve_page"].remove((wagtail_hooks.check_view_restrictions, 0))


def pages_using(obj):
    """IDs of the pages that use this file or image (attachments, rich text, StreamField, a
    lead image)."""
    from resolutions.models import DocumentAttachment

    page_ids = set()
    if isinstance(obj, get_document_model()):
        page_ids.update(
            DocumentAttachment.objects.filter(document=obj).values_list("page_id", flat=True)
        )
    page_type = ContentType.objects.get_for_model(Page)
    page_ids.update(
        int(object_id)
        for object_id in ReferenceIndex.get_references_to(obj)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    return page_ids


def file_access(obj, user, unused):
    """PUBLIC, PRIVATE (only some may have it: never kept by a shared cache) or None (refused)
    for an attachment or image `obj` and this user. `unused`: the answer for something no page
    uses (None for attachments: they stay with the Văn phòng; PUBLIC for images, which then
    follow their collection alone)."""
    restrictions = obj.collection.get_view_restrictions().prefetch_related("groups")
    collection_restrictions = list(restrictions)
    for restriction in collection_restrictions:
        group_ids = [group.pk for group in restriction.groups.all()]
        if not restriction_accepts(restriction.restriction_type, group_ids, user):
            return None
    access = PRIVATE if collection_restrictions else PUBLIC
    pages = Page.objects.filter(pk__in=pages_using(obj))
    if visible_pages(pages, AnonymousUser()).exists():
        return access
    if has_admin_access(user):
        return PRIVATE
    if not pages.exists():
        return unused and access
    return PRIVATE if visible_pages(pages, user).exists() else None


@receiver(post_save, dispatch_uid="privacy_reference_index")
def index_page_references_now(sender, instance, raw=False, **kwargs):
    """Record what a page uses in the transaction that saves it: file access reads it."""
    if raw or getattr(reference_index_auto_update_disabled, "value", False):
        return
    if issubclass(sender, Page) and ReferenceIndex.is_indexed(sender):
        ReferenceIndex.create_or_update_for_object(instance)


@hooks.register("before_serve_document", order=-10)
def serve_documents_to_their_pages_audience(document, request):
    access = file_access(document, request.user, unused=None)
    if access is not None:
        request.file_access = access
        return None
    if not request.user.is_authenticated:
        return login_redirect(request)
    raise Http404


def with_file_cache_headers(view):
    """The view's response with the Cache-Control of the file_access it was served under."""

    @functools.wraps(view)
    def serve(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        access = getattr(request, "file_access", None)
        if access is not None and response.status_code == 200:
            response["Cache-Control"] = CACHE_CONTROL[access]
        return response

    return serve


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

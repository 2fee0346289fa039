"""Purges of the front cache (nginx, portal/deploy/nginx/portal.conf) beyond Wagtail's own.

Wagtail purges a page when it is published or unpublished. What else a visitor may have cached
is purged here, once the change is committed (a purge before the commit could be refilled with
the old page by a request in between):
- a page published or unpublished, again after the commit, and its ancestors: the indexes and
  the home page list it;
- a page moved or renamed: its subtree at the old and the new addresses, and the ancestors on
  both sides;
- a view restriction added or removed: the restricted page's subtree and ancestors (which
  groups it names changes nothing visitors see: they see no restricted page);
- with any of those, the sub-pages of each purged page that has some (the news index's feeds,
  category, month and tag pages: `front_cache_subpaths`) and the sitemap.
Nothing is sent when no front cache is configured (FRONTEND_CACHE_PURGE_URL empty).
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from portal.caching.batching import later


def purge_on_commit(pages=(), subtrees=(), url_paths=()):
    """Purge `pages`, `subtrees` (each with its descendants) and the pages at `url_paths` (paths
    in the tree, as Page.url_path, for addresses that no longer belong to a page) after the
    commit; the URLs are worked out now, while the tree is as the change left it."""
    if not settings.WAGTAILFRONTENDCACHE:
        return
    batch = PurgeBatch()
    pages = [*pages, *(p for root in subtrees for p in root.get_descendants(inclusive=True).live())]
    batch.add_pages(pages)
    batch.add_urls(filter(None, map(_url_for_path, url_paths)))
    batch.add_urls(_subpage_urls(pages))
    batch.add_urls({site.root_url + "/sitemap.xml" for site in Site.get_site_root_paths()})
    later(_purge_on_commit, *batch.urls)  # one purge for a batch of changes


def _purge_on_commit(urls):
    transaction.on_commit(PurgeBatch(urls).purge)


def _subpage_urls(pages):
    """The addresses of the sub-pages of `pages` (a RoutablePage's routes) a visitor may have
    cached: those each page's class lists in `front_cache_subpaths`."""
    for page in pages:
        if hasattr(page.specific_class, "front_cache_subpaths"):
            specific = page.specific
            if url := specific.get_full_url():
                yield from (url + path for path in specific.front_cache_subpaths())


def _url_for_path(url_path):
    for site_root in Site.get_site_root_paths():
        if url_path.startswith(site_root.root_path):
            return site_root.root_url + url_path[len(site_root.root_path) - 1 :]
    return None


def _ancestors(page):
    """The live pages above `page`, below the tree's root (the home page included)."""
    return page.get_ancestors().live().filter(depth__gt=1)


@receiver(page_published, dispatch_uid="front_cache_published")
@receiver(page_unpublished, dispatch_uid="front_cache_unpublished")
def _published(instance, **kwargs):
    # The page too: Wagtail purges it before the commit, when a request may still get the old.
    if settings.WAGTAILFRONTENDCACHE:
        purge_on_commit(pages=[instance, *_ancestors(instance)])


@receiver(post_page_move, dispatch_uid="front_cache_moved")
def _moved(instance, parent_page_before, parent_page_after, url_path_before, url_path_after, **kw):
    _relocated(instance, url_path_before, url_path_after, [parent_page_before, parent_page_after])


@receiver(page_slug_changed, dispatch_uid="front_cache_renamed")
def _renamed(instance, instance_before, **kwargs):
    _relocated(instance, instance_before.url_path, instance.url_path, [instance.get_parent()])


def _relocated(page, url_path_before, url_path_after, parents):
    """The subtree of `page`, now at `url_path_after`, at its old and new addresses, and the
    pages that listed it before and list it now."""
    paths = page.get_descendants(inclusive=True).values_list("url_path", flat=True)
    listings = [p for parent in parents for p in [parent, *_ancestors(parent)] if p.live]
    purge_on_commit(
        pages=listings,
        subtrees=[page],
        url_paths=[url_path_before + path[len(url_path_after) :] for path in paths],
    )


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="front_cache_restriction_saved")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="front_cache_restriction_deleted")
def _restriction_changed(instance, raw=False, **kwargs):
    if not raw and settings.WAGTAILFRONTENDCACHE:
        _restricted(instance.page)


def _restricted(page):
    """Who may see `page` and everything under it has changed; so may the listings above it."""
    page = Page.objects.filter(pk=page.pk).first()  # gone when the page is being deleted
    if page is not None:
        purge_on_commit(pages=_ancestors(page), subtrees=[page])

"""Writing the pages of imported documents in fewer queries than one file at a time would.

A folder is imported in batches (`batch()`): a hundred files a transaction, each in its own
savepoint, the search and reference indexes updated once for the batch's pages, the caches
invalidated once (`deferred()`).

A page the importer has just created is published without Wagtail's generic publish:
`revision.publish()` (PublishPageRevisionAction) builds the page again from its revision, saves
all of it (validating it a second time, after save_revision did) and looks for what a page may
have gathered: scheduled revisions, a previous title, comments, aliases, a workflow. A page
created a moment before has none of these, so what remains is done here as Wagtail does it:
the same columns, the same `page_published` and `published` signals, the same
`wagtail.publish` log entry. tests/test_importer_publish.py compares the result with a page
published by Wagtail.

Importing a document writes five audit log entries (the page created twice over: by Wagtail
and with its revision; its view restriction; its audience; its publication). Wagtail validates
each before it saves it, which checks that its page, revision, content type and user exist:
four queries an entry. Within `logged_together()` the entries are only checked against the
registry of actions, and written in one query when the block ends without an exception.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.contrib.frontend_cache.signal_handlers import (
    page_published_signal_handler as purge_on_publish,
)
from wagtail.log_actions import log
from wagtail.models import PageLogEntry, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.signals import page_published, published

from portal.caching.batching import batched
from resolutions.models import PartyDocumentPage

logger = logging.getLogger("wagtail")


def publish_created(page, revision, user=None):
    """Publish `revision`, the first and only one of `page`, saved just now (as a draft)."""
    now = timezone.now()
    values = {
        "live": True,
        "has_unpublished_changes": False,
        "expired": False,
        "first_published_at": now,
        "last_published_at": now,
        "live_revision": revision,
    }
    for name, value in values.items():
        setattr(page, name, value)
    # Every column, as Wagtail saves the page built from the revision: validating it for the
    # revision may have changed fields the revision's own save does not write (the title).
    for model in (*page._meta.get_parent_list(), type(page)):  # a query a table
        fields = (field for field in model._meta.local_concrete_fields if not field.primary_key)
        columns = {field.attname: getattr(page, field.attname) for field in fields}
        model._base_manager.filter(pk=page.pk).update(**columns)
    page_published.send(sender=type(page), instance=page, revision=revision)
    published.send(sender=type(page), instance=page, revision=revision)
    log(
        instance=page,
        action="wagtail.publish",
        user=user,
        data=None,
        revision=revision,
        content_changed=True,
    )
    logger.info('Published: "%s" pk=%s revision_id=%d', page, page.pk, revision.pk)


_entries = ContextVar("import_log_entries", default=None)
_save_entry = PageLogEntry.save


def _save_or_keep(entry, *args, **kwargs):
    entries = _entries.get()
    if entries is None or entry.pk is not None:
        return _save_entry(entry, *args, **kwargs)
    entry.clean()  # the action is registered (the objects it names were just saved)
    entries.append(entry)
    return None


PageLogEntry.save = _save_or_keep  # as Wagtail's own outside logged_together() (other threads)


@contextmanager
def logged_together():
    entries = []
    token = _entries.set(entries)
    try:
        yield
    finally:
        _entries.reset(token)
    PageLogEntry.objects.bulk_create(entries)


_batch = ContextVar("import_batch", default=None)  # the pages imported in the open batch


def open_batch():
    """The list of the pages imported in the open batch(), or None."""
    return _batch.get()


@contextmanager
def deferred():
    """Creating, revising and publishing a page saves it three times, and each save would
    update the search index and the reference index: while documents are imported, neither
    is updated; index_pages() updates both once, for the pages as saved. Each publication
    would also invalidate the caches: that is done once (portal.caching.batching), and the
    front cache is purged by portal.caching.front_cache alone (Wagtail's own purge of each
    page, before the commit, asks for the same addresses).

    (Those two signals are disconnected for the document model in this process: imports run
    in a management command or in a request of a worker process, one at a time.)"""
    post_save.disconnect(post_save_signal_handler, sender=PartyDocumentPage)
    purged = page_published.disconnect(purge_on_publish, sender=PartyDocumentPage)
    try:
        with disable_reference_index_auto_update(), batched():
            yield
    finally:
        post_save.connect(post_save_signal_handler, sender=PartyDocumentPage)
        if purged:
            page_published.connect(purge_on_publish, sender=PartyDocumentPage)


@contextmanager
def batch():
    """Imports in one transaction, each still in its own savepoint, their pages indexed
    together when it ends: a folder of a thousand files is written a hundred at a time rather
    than committed and indexed file by file."""
    pages = []
    with transaction.atomic(), deferred():
        token = _batch.set(pages)
        try:
            yield
        finally:
            _batch.reset(token)
        index_pages(pages)


def index_pages(pages):
    """The search index (in one bulk write) and the reference index of imported pages."""
    saved = list(PartyDocumentPage.objects.filter(pk__in=[page.pk for page in pages]))
    for page in saved:
        ReferenceIndex.create_or_update_for_object(page)
    indexed = list(PartyDocumentPage.get_indexed_objects().filter(pk__in=[p.pk for p in saved]))
    if indexed:
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(PartyDocumentPage, indexed)

"""Publishing a page the importer has just created, and its audit log, in fewer queries.

`revision.publish()` (PublishPageRevisionAction) builds the page again from its revision, saves
all of it (validating it a second time, after save_revision did) and looks for what a page may
have gathered: scheduled revisions, a previous title, comments, aliases, a workflow. A page
created a moment before by the importer has none of these, so what remains is done here as
Wagtail does it: the same columns, the same `page_published` and `published` signals, the same
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

from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import PageLogEntry
from wagtail.signals import page_published, published

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
    columns = [field.attname for field in page._meta.concrete_fields if not field.primary_key]
    type(page).objects.filter(pk=page.pk).update(**{name: getattr(page, name) for name in columns})
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

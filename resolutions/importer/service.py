"""Creating and updating document pages from parsed documents.

Each document is imported in one transaction: the page, its revision, its audience, the
original file as an attachment and, with `publish`, its publication. Re-imports are safe:

- the same document is one page, whichever file it came from: it is found by number, type and
  date of issue with the issuing body compared folded ("Đảng ủy" = "ĐẢNG UỶ"); without a number,
  by title and date;
- who may read an existing page changes only when an audience is given explicitly, and then the
  change is part of the result (shown, and logged by Wagtail as a view restriction change);
- a new revision much shorter than the live one, or with fewer sections, is saved but not
  published, and the result says why (a truncated web copy must not replace the full text).
"""

import re
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page

from portal.slugs import vietnamese_slug
from portal.text import fold, normalise
from resolutions import document_audience
from resolutions.importer import ImportRefused
from resolutions.importer.writing import (
    deferred,
    index_pages,
    logged_together,
    open_batch,
    publish_created,
)
from resolutions.models import DocumentIndexPage, DocumentStatus, PartyDocumentPage


class Audience(document_audience.Audience):
    """Who may read the imported pages, as given on the command line or the import screen."""

    @classmethod
    def parse(cls, value):
        """From "public", "members" or "group:NAME"; None when empty: a new document is then
        for all members, a document imported again keeps its audience."""
        value = normalise(value)
        if not value:
            return None
        if value == "members":
            return cls(document_audience.MEMBERS)
        if value == "public":
            return cls(document_audience.PUBLIC)
        if value.startswith("group:"):
            name = normalise(value.removeprefix("group:"))
            group = Group.objects.filter(name=name).first()
            if group is None:
                raise ImportRefused(_("there is no group named “%(name)s”") % {"name": name})
            return cls(document_audience.GROUPS, (group,))
        raise ImportRefused(
            _("unknown audience “%(value)s”: use public, members or group:NAME") % {"value": value}
        )


@dataclass
class ImportResult:
    page: PartyDocumentPage
    created: bool
    published: bool
    audience_change: tuple = ()  # (before, after) when an existing page's audience changed
    held_back: str = ""  # why the new revision was not published

    @property
    def outcome(self):
        if self.held_back:
            return "held"
        if self.created:
            return "published" if self.published else "created"
        return "republished" if self.published else "updated"


def default_library():
    """The document library pages go to when no parent is given."""
    libraries = DocumentIndexPage.objects.order_by("path")
    return libraries.filter(slug="van-ban").first() or libraries.first()


def resolve_parent(value):
    """The library named by an id, a slug or a path ("/van-ban/"); the default one if empty."""
    value = normalise(value)
    if not value:
        library = default_library()
    elif value.isdigit():
        library = Page.objects.filter(pk=int(value)).first()
    else:
        path = value.strip("/")
        candidates = Page.objects.filter(slug=path.rsplit("/", 1)[-1]).order_by("path")
        library = next(
            (page for page in candidates if page.url_path.rstrip("/").endswith("/" + path)),
            None,
        )
    if library is None:
        raise ImportRefused(_("there is no page “%(page)s”") % {"page": value or "van-ban"})
    library = library.specific
    if not isinstance(library, DocumentIndexPage):
        raise ImportRefused(_("“%(page)s” is not a document library") % {"page": library.title})
    return library


def same_number(first, second):
    """ "05-NQ/ĐU" = "5 - NQ/ĐU" = "05-nq/đu"."""

    def key(number):
        return fold(re.sub(r"\s+", "", number or "")).lstrip("0")

    return key(first) == key(second)


def same_body(first, second):
    """Issuing bodies compared folded, without the spaces and punctuation copies differ in."""

    def key(body):
        return re.sub(r"[^a-z0-9]", "", fold(body or ""))

    return key(first) == key(second)


def find_existing(parsed):
    """The page of the same document, if it was imported or written before."""
    if not parsed.number:
        documents = PartyDocumentPage.objects.filter(
            Q(title=parsed.title) | Q(draft_title=parsed.title) | Q(paper_title=parsed.title),
            issued_on=parsed.issued_on,
        )
        return documents.order_by("pk").first()
    candidates = [
        page
        for page in PartyDocumentPage.objects.filter(
            doc_type=parsed.doc_type, issued_on=parsed.issued_on
        ).order_by("pk")
        if same_number(page.number, parsed.number)
    ]
    if not parsed.issuing_body:  # the header lost it: the number, type and date decide alone
        return candidates[0] if len(candidates) == 1 else None
    return next(
        (page for page in candidates if same_body(page.issuing_body, parsed.issuing_body)), None
    )


def may_publish(user, parent, existing):
    if existing is not None:
        return existing.permissions_for_user(user).can_publish()
    return parent.permissions_for_user(user).can_publish_subpage()


def body_size(blocks):
    """(characters of text, number of headings) of a body as stored (StreamField raw data)."""
    texts, headings = [], 0

    def walk(value):
        if isinstance(value, str):
            texts.append(re.sub(r"<[^>]+>", " ", value))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for block in blocks:
        headings += block.get("type") == "heading"
        walk(block.get("value"))
    return len(" ".join(" ".join(texts).split())), headings


SHORTER_RATIO = 0.7  # a new text with less than 70% of the live text is not published as is


def shrinkage(live_page, blocks):
    """Why `blocks` would lose part of the live page's text, or ""."""
    live_chars, live_headings = body_size(live_page.body.raw_data)
    chars, headings = body_size(blocks)
    if headings < live_headings:
        return _("it has %(new)d sections where the published version has %(live)d") % {
            "new": headings,
            "live": live_headings,
        }
    if chars < live_chars * SHORTER_RATIO:
        return _("its text is %(percent)d%% of the length of the published version") % {
            "percent": round(100 * chars / max(live_chars, 1))
        }
    return ""


def page_values(parsed):
    return {
        "doc_type": parsed.doc_type,
        "number": parsed.number or "",
        "superior_body": parsed.superior_body,
        "issuing_body": parsed.issuing_body,
        "place": parsed.place,
        "issued_on": parsed.issued_on,
        "title": parsed.title,
        "paper_title": "",  # the model keeps the title as printed, where it needs to (clean)
        "signing_capacity": parsed.signing_capacity,
        "signer_title": parsed.signer_title,
        "signer_name": parsed.signer_name,
        "recipients": "\n".join(parsed.recipients),
        "term": parsed.term,
        "author": parsed.author,
        "source": parsed.source,
        "summary": parsed.summary,
        "read_by_ocr": parsed.needs_check,
        "fields_to_check": parsed.fields_to_check,
    }


def import_parsed(parsed, parent, audience=None, publish=False, user=None, original=None):
    """Create or update the page of a parsed document; ImportRefused when it cannot be saved.

    `audience` is that of a new page; an existing page gets it only when it differs from the
    page's own (then result.audience_change says from what to what). `original` is the file
    (name, bytes) to attach to a new page.
    """
    if not (parsed.issuing_body or parsed.number or parsed.issued_on):
        raise ImportRefused(_("no header (issuing body, number or date) was found"))
    batch = open_batch()
    try:
        with transaction.atomic():  # a savepoint inside a batch: a refused file leaves no trace
            if batch is None:
                with deferred(), logged_together():
                    result = _save(parsed, parent, audience, publish, user, original)
                index_pages([result.page])
            else:
                with logged_together():
                    result = _save(parsed, parent, audience, publish, user, original)
                batch.append(result.page)
            return result
    except ValidationError as error:
        raise ImportRefused(_describe(error)) from None


def _save(parsed, parent, audience, publish, user, original):
    existing = find_existing(parsed)
    if user is not None:
        if existing is not None and not existing.permissions_for_user(user).can_edit():
            raise ImportRefused(
                _("the document is already in the library as “%(title)s” and you may not edit it")
                % {"title": existing.title}
            )
        if existing is None and not parent.permissions_for_user(user).can_add_subpage():
            raise ImportRefused(_("you may not add documents to this library"))
        if publish and not may_publish(user, parent, existing):
            raise ImportRefused(_("you may not publish documents in this library"))
    # Before the page is changed: the latest revision may be the very object found.
    held_back = shrinkage(existing, parsed.blocks) if publish and existing and existing.live else ""
    if publish and parsed.needs_check:
        held_back = _("its text was read from a scan and must be checked first")
    values = page_values(parsed)
    if existing is not None:
        page = existing.get_latest_revision_as_object()
        if parsed.is_draft:
            values["status"] = DocumentStatus.DRAFT_FOR_COMMENT
        elif page.status == DocumentStatus.DRAFT_FOR_COMMENT:
            values["status"] = DocumentStatus.IN_FORCE
    else:
        # The parent's locale, which Wagtail would read again; and a new page is no site's
        # root, which Wagtail would ask at each save (as PageQuerySet.annotate_site_root_state).
        page = PartyDocumentPage(live=False, locale_id=parent.locale_id)
        page._is_site_root = False
        page.slug = _free_slug(parent, parsed)
        if parsed.is_draft:
            values["status"] = DocumentStatus.DRAFT_FOR_COMMENT
    for name, value in values.items():
        setattr(page, name, value)
    page.body = parsed.blocks
    if existing is None and original is not None:
        page.attachments.add(original_attachment(*original, user=user))
    if existing is None:
        # add_child checks only the title and slug of a page that is not live; the revision
        # runs the document's own rules (number, titles, clashes) before it is written.
        parent.add_child(instance=page)
        revision = page.save_revision(user=user, log_action=False)
        log(instance=page, action="wagtail.create", user=user, revision=revision)
    else:
        revision = page.save_revision(user=user, log_action=True)
    if audience is None and existing is None:
        audience = Audience.default()
    result = ImportResult(page, created=existing is None, published=False, held_back=held_back)
    if audience is not None:
        before = Audience.of(page) if existing is not None else None
        if audience.apply(page, user=user) and before is not None:
            result.audience_change = (before, audience)
    if publish and not held_back:
        if existing is None:
            publish_created(page, revision, user=user)
        else:
            revision.publish(user=user)
        result.published = True
    return result


def original_attachment(name, data, user=None):
    """The imported file as an attachment of its page (served with the page's audience)."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from resolutions.models import DocumentAttachment

    document = get_document_model()(title=name, uploaded_by_user=user)
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    return DocumentAttachment(document=document, title=name)


def _free_slug(parent, parsed):
    """The title's slug, made unique among the library's pages with the number or the date."""
    base = vietnamese_slug(parsed.title)[:80].strip("-") or "van-ban"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    for extra in (parsed.number or "", parsed.issued_on.isoformat() if parsed.issued_on else ""):
        slug = base if not extra else f"{base}-{vietnamese_slug(extra)}"
        if slug not in taken:
            return slug
    counter = 2
    while f"{base}-{counter}" in taken:
        counter += 1
    return f"{base}-{counter}"


def _describe(error):
    """A ValidationError as one line: "field: message; …"."""
    if not hasattr(error, "error_dict"):
        return "; ".join(error.messages)
    parts = []
    for name, errors in error.error_dict.items():
        try:
            label = str(PartyDocumentPage._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            label = name
        for message in errors:
            parts.append(f"{label}: {'; '.join(message.messages)}")
    return "; ".join(parts)

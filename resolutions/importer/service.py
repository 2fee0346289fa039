"""Creating and updating document pages from parsed documents.

Each document is imported in one transaction: the page, its revision, its audience and, with
`publish`, its publication. A document that is already in the library (same number and issuing
body; without a number, same title and date) gets a new revision instead of a second page.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.signal_handlers import disable_reference_index_auto_update

from portal.slugs import vietnamese_slug
from portal.text import normalise
from resolutions import document_audience
from resolutions.importer import ImportRefused
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


def find_existing(parsed):
    """The page of the same document, if it was imported or written before."""
    documents = PartyDocumentPage.objects.all()
    if parsed.number:
        documents = documents.filter(
            number__iexact=parsed.number, issuing_body__iexact=parsed.issuing_body
        )
    else:
        documents = documents.filter(
            Q(title=parsed.title) | Q(draft_title=parsed.title) | Q(paper_title=parsed.title),
            issued_on=parsed.issued_on,
        )
    return documents.order_by("pk").first()


def page_values(parsed):
    return {
        "doc_type": parsed.doc_type,
        "number": parsed.number or "",
        "superior_body": parsed.superior_body,
        "issuing_body": parsed.issuing_body,
        "place": parsed.place,
        "issued_on": parsed.issued_on,
        "title": parsed.title,
        "signing_capacity": parsed.signing_capacity,
        "signer_title": parsed.signer_title,
        "signer_name": parsed.signer_name,
        "recipients": "\n".join(parsed.recipients),
        "term": parsed.term,
        "author": parsed.author,
        "source": parsed.source,
        "summary": parsed.summary,
    }


def import_parsed(parsed, parent, audience=None, publish=False, user=None):
    """Create or update the page of a parsed document; ImportRefused when it cannot be saved."""
    if not parsed.issuing_body:
        raise ImportRefused(_("no issuing body was found in the header"))
    try:
        with transaction.atomic():
            return _save(parsed, parent, audience, publish, user)
    except ValidationError as error:
        raise ImportRefused(_describe(error)) from None


def _save(parsed, parent, audience, publish, user):
    existing = find_existing(parsed)
    if user is not None:
        if existing is not None and not existing.permissions_for_user(user).can_edit():
            raise ImportRefused(
                _("the document is already in the library as “%(title)s” and you may not edit it")
                % {"title": existing.title}
            )
        if existing is None and not parent.permissions_for_user(user).can_add_subpage():
            raise ImportRefused(_("you may not add documents to this library"))
    values = page_values(parsed)
    if existing is not None:
        page = existing.get_latest_revision_as_object()
        if parsed.is_draft:
            values["status"] = DocumentStatus.DRAFT_FOR_COMMENT
        elif page.status == DocumentStatus.DRAFT_FOR_COMMENT:
            values["status"] = DocumentStatus.IN_FORCE
    else:
        page = PartyDocumentPage(live=False)
        page.slug = _free_slug(parent, parsed)
        if parsed.is_draft:
            values["status"] = DocumentStatus.DRAFT_FOR_COMMENT
    for name, value in values.items():
        setattr(page, name, value)
    page.body = parsed.blocks
    if existing is None:
        # The reference index is updated once, when the revision saves the page again; the
        # page was validated by add_child, so the revision need not validate it twice.
        with disable_reference_index_auto_update():
            parent.add_child(instance=page)
        revision = page.save_revision(user=user, log_action=False, clean=False)
        log(instance=page, action="wagtail.create", user=user, revision=revision)
    else:
        revision = page.save_revision(user=user, log_action=True)
    if audience is None and existing is None:
        audience = Audience.default()
    if audience is not None:
        audience.apply(page, user=user)
    if publish:
        revision.publish(user=user)
    return ImportResult(page=page, created=existing is None, published=publish)


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

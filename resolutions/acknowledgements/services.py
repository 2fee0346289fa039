"""The rules of acknowledgement: audience, rounds, fingerprints, reading and acknowledging.

The audience is evaluated live from the document's view restrictions: a member who joins a
chi bộ later owes its open documents, a deactivated member no longer counts.
"""

import hashlib
import unicodedata
from collections import namedtuple
from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import BaseViewRestriction, PageViewRestriction

from portal.audience import can_view, viewable, visibility_q
from portal.caching import versions
from portal.caching.prepared import Prepared
from portal.models import User
from resolutions.models import (
    Acknowledgement,
    AcknowledgementRound,
    Channel,
    PartyDocumentPage,
    ReadReceipt,
    RevisionFingerprint,
)

TAKEAWAY_MAX_LENGTH = 5000


# -- fingerprints ---------------------------------------------------------------------------


def text_fingerprint(text):
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()


def revision_text(revision):
    return revision.as_object().plain_text()


def revision_fingerprint(revision):
    """The fingerprint of a revision's text; revisions never change, so it is cached."""
    return _fingerprint(revision.pk, lambda: text_fingerprint(revision_text(revision)))


def live_fingerprint(page):
    """The fingerprint of the page's live revision: cached, else stored when it was published
    (the revision is not even loaded), else computed and stored now."""
    text = lambda: revision_text(page.live_revision)  # noqa: E731
    return _fingerprint(
        page.live_revision_id, lambda: stored_fingerprint(page.live_revision_id, text)
    )


def stored_fingerprint(revision_id, text):
    """The fingerprint stored for the revision, else that of its text() stored now."""
    for (fingerprint,) in _read_stored(revision_id):
        return fingerprint
    fingerprint = text_fingerprint(text())
    RevisionFingerprint.objects.bulk_create(
        [RevisionFingerprint(revision_id=revision_id, fingerprint=fingerprint)],
        ignore_conflicts=True,  # stored meanwhile by another request
    )
    return fingerprint


_read_stored = Prepared(
    lambda revision_id: RevisionFingerprint.objects.filter(revision_id=revision_id).values_list(
        "fingerprint"
    )
)


def _fingerprint(revision_id, load):
    key = f"ack:fingerprint:{revision_id}"
    return versions.shared(_fingerprints_kept, key, load, 60 * 60 * 24 * 7, limit=1024)


_fingerprints_kept = versions.store()  # a revision's text never changes


# -- audience -------------------------------------------------------------------------------


def audience_members(page):
    """Active members (in a chi bộ) who may read this page, from its view restrictions."""
    members = User.objects.active_members()
    restrictions = PageViewRestriction.objects.filter(
        page__in=page.get_ancestors(inclusive=True)
    ).prefetch_related("groups")
    for restriction in restrictions:
        if restriction.restriction_type == BaseViewRestriction.GROUPS:
            group_ids = [group.pk for group in restriction.groups.all()]
            in_groups = User.groups.through.objects.filter(group_id__in=group_ids)
            members = members.filter(Q(is_superuser=True) | Q(pk__in=in_groups.values("user_id")))
        elif restriction.restriction_type != BaseViewRestriction.LOGIN:
            return members.none()
    return members


def in_audience(page, user):
    return bool(
        user.is_authenticated and user.is_active and user.party_cell_id and can_view(page, user)
    )


def current_round(page):
    # The revision's content (the whole document as JSON) is not needed here.
    return (
        AcknowledgementRound.objects.filter(page=page, is_current=True)
        .select_related("revision")
        .defer("revision__content")
        .first()
    )


# -- rounds ----------------------------------------------------------------------------------


def open_round_if_needed(page, revision):
    """On publish: open the first round, or a new one for a substantive change.

    Returns (round, previous round) when a round was opened, else None.
    """
    if not page.requires_acknowledgement:
        return None
    previous = current_round(page)
    if previous is not None and not revision.content.get("substantive_change"):
        return None
    with transaction.atomic():
        AcknowledgementRound.objects.filter(page=page, is_current=True).update(is_current=False)
        opened = AcknowledgementRound.objects.create(page=page, revision=revision)
        # Wagtail publishes outside a transaction: what was cached after its own bump of the
        # content version may lack this round.
        versions.bump(versions.CONTENT)
    return opened, previous


# -- members ---------------------------------------------------------------------------------


_reads_noted = versions.store()  # reads recorded today, as far as this process knows


def record_read(page, user):
    """Note that a member opened the document: at most one database write a day."""
    key = f"ack:read:{page.pk}:{user.pk}:{timezone.localdate().isoformat()}"
    if key in _reads_noted:
        return
    versions.keep(_reads_noted, key, True, limit=10_000)
    if not cache.add(key, 1, 60 * 60 * 26):  # recorded by another process
        return
    now = timezone.now()
    with transaction.atomic():  # one commit for the receipt and its version
        ReadReceipt.objects.bulk_create(
            [ReadReceipt(page=page, member=user, first_opened_at=now, last_opened_at=now)],
            update_conflicts=True,
            unique_fields=["page", "member"],
            update_fields=["last_opened_at"],
        )
        versions.bump(versions.readings(page.pk))


def record_reached_end(page, user):
    """Note, once, that the end of the text has been on the member's screen; only over the
    read receipt of their own opening of the page. Returns whether it was recorded now."""
    recorded = ReadReceipt.objects.filter(
        page=page, member=user, reached_end_at__isnull=True
    ).update(reached_end_at=timezone.now())
    if recorded:
        versions.bump(versions.readings(page.pk))
    return bool(recorded)


def pending_documents(user):
    """Documents this member still has to acknowledge, nearest deadline first."""
    if not (user.is_authenticated and user.is_active and user.party_cell_id):
        return PartyDocumentPage.objects.none()
    done = Acknowledgement.objects.filter(member=user, round__is_current=True).values("page_id")
    return (
        PartyDocumentPage.objects.live()
        .filter(visibility_q(user), requires_acknowledgement=True)
        .filter(acknowledgement_rounds__is_current=True)
        .exclude(pk__in=done)
        .order_by(F("acknowledgement_deadline").asc(nulls_last=True), "-issued_on", "-pk")
    )


_Open = namedtuple("_Open", "pk path round_id earlier_rounds")


def _open_documents():
    """{pk: (pk, path, round id, earlier rounds?)} of every live document with an open round,
    the same for every member: kept until the next publish, unpublish or move (rounds open and
    close only then)."""
    key = f"ack:open-documents:{versions.get(versions.CONTENT)[0]}"
    return versions.shared(_open_kept, key, _read_open_documents, 60 * 60, limit=1)


_open_kept = versions.store()


def _read_open_documents():
    earlier = AcknowledgementRound.objects.filter(page=OuterRef("page"), is_current=False)
    rows = (
        AcknowledgementRound.objects.filter(
            is_current=True, page__live=True, page__requires_acknowledgement=True
        )
        .annotate(earlier=Exists(earlier))
        .values_list("page_id", "page__path", "pk", "earlier")
    )
    return {row[0]: _Open(*row) for row in rows}


_read_current_acknowledgements = Prepared(
    lambda member_id: Acknowledgement.objects.filter(
        member_id=member_id, round__is_current=True
    ).values_list("page_id", "pk")
)
_read_acknowledgement = Prepared(
    lambda pk: Acknowledgement.objects.filter(pk=pk).values_list(
        "round_id", "acknowledged_at", "takeaway"
    )
)


def _current_acknowledgements(user):
    """{page id: acknowledgement id} of this member's acknowledgements in the open rounds, for
    the navigation's figure and the document page (plain ids: a member may have hundreds): kept
    in each process until the member acknowledges (their version, read with the request's
    others) or a round opens or closes (the content's)."""
    state = versions.get(versions.CONTENT, versions.member(user.pk))
    return versions.kept(
        _acknowledged_kept,
        (user.pk, state),
        lambda: dict(_read_current_acknowledgements(user.pk)),
        ACKNOWLEDGEMENTS_KEPT,
    )


ACKNOWLEDGEMENTS_KEPT = 1024  # members each process keeps the acknowledgements of
_acknowledged_kept = versions.store()
_acknowledgement_rows = versions.store()


def pending_count(user):
    """len(pending_documents(user)), for the navigation of every page: the shared list of open
    documents filtered by the member's audience, less their acknowledgements."""
    if not (user.is_authenticated and user.is_active and user.party_cell_id):
        return 0
    documents = _open_documents()
    if not documents:
        return 0
    done = _current_acknowledgements(user)
    return sum(1 for document in viewable(documents.values(), user) if document.pk not in done)


@dataclass
class MemberState:
    """What the document page shows a member about acknowledgement."""

    required: bool
    in_audience: bool
    round_id: int | None
    acknowledgement: Acknowledgement | None
    previous: Acknowledgement | None
    overdue: bool
    fingerprint: str
    revision_id: int | None


def member_state(page, user):
    required = page.requires_acknowledgement
    member = in_audience(page, user)
    open_document = _open_documents().get(page.pk) if required else None
    round_id = open_document.round_id if open_document else None
    acknowledgement = previous = None
    if member and round_id:
        pk = _current_acknowledgements(user).get(page.pk)
        if pk is not None:
            # An acknowledgement is never changed once recorded: kept by its id alone.
            read = lambda: _read_acknowledgement(pk)  # noqa: E731
            row = versions.kept(_acknowledgement_rows, pk, read, ACKNOWLEDGEMENTS_KEPT)
            [(acknowledged_round_id, acknowledged_at, takeaway)] = row
            acknowledgement = Acknowledgement(
                pk=pk,
                page=page,
                member=user,
                round_id=acknowledged_round_id,
                acknowledged_at=acknowledged_at,
                takeaway=takeaway,
            )
        elif open_document.earlier_rounds:  # of an earlier version
            previous = last_acknowledgement(page, user)
    today = timezone.localdate()
    overdue = bool(
        round_id
        and acknowledgement is None
        and page.acknowledgement_deadline
        and page.acknowledgement_deadline < today
    )
    revision_id = page.live_revision_id
    return MemberState(
        required=bool(required and round_id),
        in_audience=member,
        round_id=round_id,
        acknowledgement=acknowledgement,
        previous=previous,
        overdue=overdue,
        fingerprint=live_fingerprint(page) if (member and round_id and revision_id) else "",
        revision_id=revision_id,
    )


class AcknowledgementRefused(Exception):
    """The acknowledgement cannot be recorded; the message says why, in Vietnamese."""


def acknowledge(
    page,
    user,
    *,
    revision_id,
    fingerprint,
    takeaway="",
    ip=None,
    user_agent="",
    channel=Channel.SITE,
    previous_fingerprint="",
):
    """Record that `user` read and grasped the published revision they were shown.

    `previous_fingerprint`: they were shown only the sections changed since the version they
    acknowledged last, of that fingerprint. Returns (acknowledgement, created). Exactly one
    record per member and round, even for double clicks and concurrent requests: the database
    constraint decides.
    """
    if not in_audience(page, user):
        raise AcknowledgementRefused(_("You are not among the readers this document is for."))
    open_document = _open_documents().get(page.pk) if page.requires_acknowledgement else None
    if open_document is None:
        raise AcknowledgementRefused(_("This document no longer asks for acknowledgement."))
    round_id = open_document.round_id
    try:
        takeaway = _checked_takeaway(page, revision_id, fingerprint, takeaway)
        if previous_fingerprint:
            _check_previous(page, user, previous_fingerprint)
    except AcknowledgementRefused:
        # A member who has acknowledged this round is told so, whatever the form they sent.
        existing = Acknowledgement.objects.filter(round_id=round_id, member=user).first()
        if existing:
            return existing, False
        raise
    try:
        with transaction.atomic():
            acknowledgement = Acknowledgement.objects.create(
                round_id=round_id,
                page=page,
                member=user,
                revision_id=page.live_revision_id,
                fingerprint=fingerprint,
                takeaway=takeaway,
                ip_address=ip,
                user_agent=(user_agent or "").replace("\x00", "")[:500],
                channel=channel,
                previous_fingerprint=previous_fingerprint,
            )
    except IntegrityError:
        return Acknowledgement.objects.get(round_id=round_id, member=user), False
    versions.request_memo().pop(("current-acknowledgements", user.pk), None)
    return acknowledgement, True


def last_acknowledgement(page, user):
    """The member's latest acknowledgement of this document, in any round."""
    return (
        Acknowledgement.objects.filter(page=page, member=user)
        .select_related("round", "revision")
        .order_by("-acknowledged_at", "-pk")
        .first()
    )


def _check_previous(page, user, previous_fingerprint):
    """Only the changes may be confirmed, and only against the version last acknowledged."""
    previous = last_acknowledgement(page, user)
    if previous is None or previous.fingerprint != previous_fingerprint:
        raise AcknowledgementRefused(
            _("The document has been updated since you opened it. Please read it again.")
        )


def _checked_takeaway(page, revision_id, fingerprint, takeaway):
    """The takeaway as recorded, once the form is known to be for the published text."""
    if page.live_revision_id is None or str(page.live_revision_id) != str(revision_id):
        raise AcknowledgementRefused(
            _("The document has been updated since you opened it. Please read it again.")
        )
    if fingerprint != live_fingerprint(page):
        raise AcknowledgementRefused(
            _("The text you read does not match the published document. Please reload the page.")
        )
    takeaway = unicodedata.normalize("NFC", (takeaway or "").replace("\x00", "")).strip()
    if page.ask_takeaway and not takeaway:
        raise AcknowledgementRefused(_("Please write your takeaway before you acknowledge."))
    if len(takeaway) > TAKEAWAY_MAX_LENGTH:
        raise AcknowledgementRefused(
            _("The takeaway is too long: at most %(limit)s characters.")
            % {"limit": TAKEAWAY_MAX_LENGTH}
        )
    return takeaway


def is_late(acknowledgement, page):
    deadline = page.acknowledgement_deadline
    return bool(deadline and timezone.localdate(acknowledgement.acknowledged_at) > deadline)

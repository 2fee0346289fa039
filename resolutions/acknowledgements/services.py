"""The rules of acknowledgement: audience, rounds, fingerprints, reading and acknowledging.

The audience is evaluated live from the document's view restrictions: a member who joins a
chi bộ later owes its open documents, a deactivated member no longer counts.
"""

import hashlib
import unicodedata
from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import BaseViewRestriction, PageViewRestriction

from portal.audience import can_view, visibility_q
from portal.models import User
from resolutions.models import (
    Acknowledgement,
    AcknowledgementRound,
    PartyDocumentPage,
    ReadReceipt,
)

TAKEAWAY_MAX_LENGTH = 5000


# -- fingerprints ---------------------------------------------------------------------------


def text_fingerprint(text):
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()


def revision_text(revision):
    return revision.as_object().plain_text()


def revision_fingerprint(revision):
    """The fingerprint of a revision's text; revisions never change, so it is cached."""
    key = f"ack:fingerprint:{revision.pk}"
    fingerprint = cache.get(key)
    if fingerprint is None:
        fingerprint = text_fingerprint(revision_text(revision))
        cache.set(key, fingerprint, 60 * 60 * 24 * 7)
    return fingerprint


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
    return (
        AcknowledgementRound.objects.filter(page=page, is_current=True)
        .select_related("revision")
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
    return opened, previous


# -- members ---------------------------------------------------------------------------------


def record_read(page, user):
    """Note that a member opened the document: at most one database write a day."""
    today = timezone.localdate()
    if not cache.add(f"ack:read:{page.pk}:{user.pk}:{today.isoformat()}", 1, 60 * 60 * 26):
        return
    now = timezone.now()
    ReadReceipt.objects.bulk_create(
        [ReadReceipt(page=page, member=user, first_opened_at=now, last_opened_at=now)],
        update_conflicts=True,
        unique_fields=["page", "member"],
        update_fields=["last_opened_at"],
    )


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


@dataclass
class MemberState:
    """What the document page shows a member about acknowledgement."""

    required: bool
    in_audience: bool
    round: AcknowledgementRound | None
    acknowledgement: Acknowledgement | None
    previous: Acknowledgement | None
    overdue: bool
    fingerprint: str
    revision_id: int | None


def member_state(page, user):
    required = page.requires_acknowledgement
    member = in_audience(page, user)
    round_ = current_round(page) if required else None
    acknowledgement = previous = None
    if member and round_:
        mine = list(
            Acknowledgement.objects.filter(page=page, member=user)
            .select_related("round", "revision")
            .order_by("-acknowledged_at")[:2]
        )
        acknowledgement = next((a for a in mine if a.round_id == round_.pk), None)
        if acknowledgement is None:
            previous = next(iter(mine), None)
    today = timezone.localdate()
    overdue = bool(
        round_
        and acknowledgement is None
        and page.acknowledgement_deadline
        and page.acknowledgement_deadline < today
    )
    revision = page.live_revision
    return MemberState(
        required=bool(required and round_),
        in_audience=member,
        round=round_,
        acknowledgement=acknowledgement,
        previous=previous,
        overdue=overdue,
        fingerprint=revision_fingerprint(revision) if (member and round_ and revision) else "",
        revision_id=revision.pk if revision else None,
    )


class AcknowledgementRefused(Exception):
    """The acknowledgement cannot be recorded; the message says why, in Vietnamese."""


def acknowledge(page, user, *, revision_id, fingerprint, takeaway="", ip=None, user_agent=""):
    """Record that `user` read and grasped the published revision they were shown.

    Returns (acknowledgement, created). Exactly one record per member and round, even for
    double clicks and concurrent requests: the database constraint decides.
    """
    if not in_audience(page, user):
        raise AcknowledgementRefused(_("You are not among the readers this document is for."))
    round_ = current_round(page) if page.requires_acknowledgement else None
    if round_ is None:
        raise AcknowledgementRefused(_("This document no longer asks for acknowledgement."))
    existing = Acknowledgement.objects.filter(round=round_, member=user).first()
    if existing:
        return existing, False
    revision = page.live_revision
    if revision is None or str(revision.pk) != str(revision_id):
        raise AcknowledgementRefused(
            _("The document has been updated since you opened it. Please read it again.")
        )
    if fingerprint != revision_fingerprint(revision):
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
    try:
        with transaction.atomic():
            acknowledgement = Acknowledgement.objects.create(
                round=round_,
                page=page,
                member=user,
                revision=revision,
                fingerprint=fingerprint,
                takeaway=takeaway,
                ip_address=ip,
                user_agent=(user_agent or "").replace("\x00", "")[:500],
            )
    except IntegrityError:
        return Acknowledgement.objects.get(round=round_, member=user), False
    return acknowledgement, True


def is_late(acknowledgement, page):
    deadline = page.acknowledgement_deadline
    return bool(deadline and timezone.localdate(acknowledgement.acknowledged_at) > deadline)

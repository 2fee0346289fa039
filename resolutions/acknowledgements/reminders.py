"""Reminders for pending members: at most one e-mail per member, document and day, however
often the command or the admin action runs."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from portal.models import PartyCell, User
from resolutions.acknowledgements.notifications import (
    send_acknowledgement_reminders,
    send_secretary_digest,
)
from resolutions.acknowledgements.progress import (
    documents_requiring_acknowledgement,
    pending_members,
)
from resolutions.models import AcknowledgementReminder

DAYS_BEFORE_DEADLINE = 3


def _not_reminded_today(page, member_ids, today):
    already = set(
        AcknowledgementReminder.objects.filter(
            page=page, sent_on=today, member_id__in=member_ids
        ).values_list("member_id", flat=True)
    )
    return [pk for pk in member_ids if pk not in already]


def remind_document(page, dry_run=False, party_cell=None):
    """E-mail this document's pending members (of `party_cell` only, when given) not yet
    reminded today; returns their IDs."""
    today = timezone.localdate()
    pending = pending_members(page)
    if party_cell is not None:
        pending = pending.filter(party_cell=party_cell)
    member_ids = list(pending.exclude(email="").values_list("pk", flat=True))
    to_remind = _not_reminded_today(page, member_ids, today)
    if dry_run or not to_remind:
        return to_remind
    with transaction.atomic():
        AcknowledgementReminder.objects.bulk_create(
            [AcknowledgementReminder(page=page, member_id=pk, sent_on=today) for pk in to_remind],
            ignore_conflicts=True,
            batch_size=2000,
        )
        transaction.on_commit(lambda: send_acknowledgement_reminders.enqueue(page.pk, to_remind))
    return to_remind


def documents_due(days=DAYS_BEFORE_DEADLINE):
    """Documents whose deadline is past or within `days` days."""
    limit = timezone.localdate() + timedelta(days=days)
    return documents_requiring_acknowledgement().filter(acknowledgement_deadline__lte=limit)


def remind_all(days=DAYS_BEFORE_DEADLINE, dry_run=False):
    """Remind every pending member of due documents, and send each chi bộ secretary a digest
    of the members just reminded (so a second run the same day sends nothing).
    Returns [(page, number reminded)] and the number of digests."""
    report = []
    digest_rows = {}
    for page in documents_due(days):
        reminded = remind_document(page, dry_run=dry_run)
        report.append((page, len(reminded)))
        members = User.objects.filter(pk__in=reminded).order_by("name_sort_key")
        for member_id, cell_id in members.values_list("pk", "party_cell_id"):
            digest_rows.setdefault(cell_id, []).append((member_id, page.pk))
    digests = 0
    secretaries = PartyCell.objects.filter(pk__in=digest_rows, secretary__isnull=False).exclude(
        secretary__email=""
    )
    for cell in secretaries.select_related("secretary"):
        digests += 1
        if not dry_run:
            send_secretary_digest.enqueue(cell.secretary_id, digest_rows[cell.pk])
    return report, digests

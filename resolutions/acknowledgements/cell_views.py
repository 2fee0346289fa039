"""The chi bộ secretary's own view, on the site: a summary of each open round of the documents
they may read, counted over their own members, one document's members on its own page, and a
rate-limited reminder.

The summary counts with six queries for every document at once (the chi bộ's members, their
groups, the open rounds, the members' acknowledgements of them, their read receipts, the last
reminders), whatever the size of the province; each member's marks are read only on a
document's own page."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.log_actions import LogFormatter, log
from wagtail.models import PageLogEntry

from portal.audience import read_groups, viewable
from portal.models import PartyCell, User
from resolutions.acknowledgements.progress import (
    audience_with_status,
    documents_requiring_acknowledgement,
)
from resolutions.acknowledgements.reminders import remind_document
from resolutions.acknowledgements.services import current_round
from resolutions.models import Acknowledgement, AcknowledgementRound, ReadReceipt

REMIND_ACTION = "resolutions.cell_reminder"
REMIND_INTERVAL = timedelta(hours=6)
DOCUMENTS_SHOWN = 30


def _secretary_cell(request):
    cell = PartyCell.objects.filter(secretary=request.user).first()
    if cell is None or not request.user.is_active:
        raise Http404
    return cell


def _open_documents(user, page_id=None):
    """The documents with an open round that this secretary may read themselves (only
    `page_id`, when given)."""
    documents = documents_requiring_acknowledgement().only(
        "id", "path", "title", "url_path", "number", "acknowledgement_deadline"
    )
    if page_id is not None:
        documents = documents.filter(pk=page_id)
    return viewable(list(documents[:500]), user)[:DOCUMENTS_SHOWN]


def _open_document(user, page_id):
    documents = _open_documents(user, page_id)
    if not documents:
        raise Http404
    return documents[0]


def _last_reminders(pages, cell):
    """{page id: when this chi bộ's members were last reminded of it}."""
    entries = PageLogEntry.objects.filter(
        page__in=pages, action=REMIND_ACTION, data__cell_id=cell.pk
    )
    return dict(entries.values_list("page_id").annotate(last=Max("timestamp")).order_by())


def _reminder_state(page, cell, last):
    deadline = page.acknowledgement_deadline
    return {
        "overdue": bool(deadline and deadline < timezone.localdate()),
        "can_remind": last is None or timezone.now() - last >= REMIND_INTERVAL,
        "last_reminder": last,
    }


def _summaries(pages, cell):
    """Per document, the chi bộ's share of its round: its audience in the chi bộ and those who
    acknowledged and have since left it (as audience_with_status), and how many of them
    opened, read to the end and acknowledged."""
    members = list(User.objects.filter(party_cell=cell).only("pk", "is_active", "is_superuser"))
    read_groups(members)
    ids = [member.pk for member in members]
    readable = {  # the pages each active member may read (all are live)
        member.pk: {page.pk for page in viewable(pages, member)}
        for member in members
        if member.is_active
    }
    rounds = dict(
        AcknowledgementRound.objects.filter(page__in=pages, is_current=True).values_list(
            "page_id", "pk"
        )
    )
    acknowledged = set(
        Acknowledgement.objects.filter(round__in=rounds.values(), member__in=ids).values_list(
            "round_id", "member_id"
        )
    )
    receipts = {
        (page_id, member_id): reached_end
        for page_id, member_id, reached_end in ReadReceipt.objects.filter(
            page__in=pages, member__in=ids
        ).values_list("page_id", "member_id", "reached_end_at")
    }
    reminders = _last_reminders(pages, cell)
    for page in pages:
        round_id = rounds.get(page.pk)
        shown = [
            pk for pk in ids if (round_id, pk) in acknowledged or page.pk in readable.get(pk, ())
        ]
        if not shown:
            continue
        yield {
            "page": page,
            "audience": len(shown),
            "opened": sum(1 for pk in shown if (page.pk, pk) in receipts),
            "reached_end": sum(1 for pk in shown if receipts.get((page.pk, pk))),
            "acknowledged": sum(1 for pk in shown if (round_id, pk) in acknowledged),
            **_reminder_state(page, cell, reminders.get(page.pk)),
        }


@login_required
def cell_progress(request):
    cell = _secretary_cell(request)
    rounds = list(_summaries(_open_documents(request.user), cell))
    return render(
        request, "resolutions/acknowledgements/cell.html", {"cell": cell, "rounds": rounds}
    )


@login_required
def cell_document(request, page_id):
    """One document's round in the chi bộ, member by member."""
    cell = _secretary_cell(request)
    page = _open_document(request.user, page_id)
    members = list(audience_with_status(page, current_round(page), party_cell=cell))
    item = {
        "page": page,
        "members": members,
        "audience": len(members),
        "opened": sum(1 for m in members if m.first_opened),
        "reached_end": sum(1 for m in members if m.reached_end),
        "acknowledged": sum(1 for m in members if m.ack_at),
        **_reminder_state(page, cell, _last_reminders([page], cell).get(page.pk)),
    }
    return render(
        request, "resolutions/acknowledgements/cell_document.html", {"cell": cell, "item": item}
    )


@require_POST
@login_required
def remind_cell(request, page_id):
    """Remind the chi bộ's members who have not acknowledged; at most once in six hours per
    document and chi bộ, logged in the document's history."""
    cell = _secretary_cell(request)
    page = _open_document(request.user, page_id)
    with transaction.atomic():
        # The chi bộ's row serialises two clicks at once; the log says when it was last done.
        PartyCell.objects.select_for_update().filter(pk=cell.pk).first()
        last = _last_reminders([page], cell).get(page.pk)
        if last is not None and timezone.now() - last < REMIND_INTERVAL:
            messages.warning(
                request,
                _("Reminders for this document were sent at %(time)s; please wait a few hours.")
                % {"time": timezone.localtime(last).strftime("%H:%M %d/%m/%Y")},
            )
            return redirect("acknowledgement_cell")
        reminded = remind_document(page, party_cell=cell)
        log(
            page,
            REMIND_ACTION,
            user=request.user,
            data={"cell_id": cell.pk, "cell": cell.name, "reminded": len(reminded)},
        )
    if reminded:
        messages.success(
            request,
            _("Reminders sent to %(count)s members.") % {"count": len(reminded)},
        )
    else:
        messages.info(request, _("Nobody to remind: everyone pending was already reminded today."))
    return redirect("acknowledgement_cell")


class CellReminderFormatter(LogFormatter):
    label = gettext_lazy("Chi bộ secretary's reminder")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("%(cell)s: %(count)s members reminded") % {
            "cell": data.get("cell", ""),
            "count": data.get("reminded", 0),
        }

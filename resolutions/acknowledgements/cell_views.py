"""The chi bộ secretary's own view, on the site: each open round of the documents they may
read, with their own members' reading and acknowledgement, and a rate-limited reminder."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.log_actions import LogFormatter, log
from wagtail.models import PageLogEntry

from portal.audience import viewable
from portal.models import PartyCell
from resolutions.acknowledgements.progress import (
    audience_with_status,
    documents_requiring_acknowledgement,
)
from resolutions.acknowledgements.reminders import remind_document
from resolutions.acknowledgements.services import current_round

REMIND_ACTION = "resolutions.cell_reminder"
REMIND_INTERVAL = timedelta(hours=6)
DOCUMENTS_SHOWN = 30


def _secretary_cell(request):
    cell = PartyCell.objects.filter(secretary=request.user).first()
    if cell is None or not request.user.is_active:
        raise Http404
    return cell


def _open_documents(user):
    """The documents with an open round that this secretary may read themselves."""
    documents = documents_requiring_acknowledgement().only(
        "id", "path", "title", "url_path", "number", "acknowledgement_deadline"
    )
    return viewable(list(documents[:500]), user)[:DOCUMENTS_SHOWN]


def _last_reminder(page, cell):
    return (
        PageLogEntry.objects.filter(page=page, action=REMIND_ACTION, data__cell_id=cell.pk)
        .order_by("-timestamp")
        .values_list("timestamp", flat=True)
        .first()
    )


@login_required
def cell_progress(request):
    cell = _secretary_cell(request)
    today = timezone.localdate()
    rounds = []
    for page in _open_documents(request.user):
        members = list(audience_with_status(page, current_round(page), party_cell=cell))
        if not members:
            continue
        last = _last_reminder(page, cell)
        rounds.append(
            {
                "page": page,
                "members": members,
                "opened": sum(1 for m in members if m.first_opened),
                "reached_end": sum(1 for m in members if m.reached_end),
                "acknowledged": sum(1 for m in members if m.ack_at),
                "overdue": bool(
                    page.acknowledgement_deadline and page.acknowledgement_deadline < today
                ),
                "can_remind": last is None or timezone.now() - last >= REMIND_INTERVAL,
                "last_reminder": last,
            }
        )
    return render(
        request, "resolutions/acknowledgements/cell.html", {"cell": cell, "rounds": rounds}
    )


@require_POST
@login_required
def remind_cell(request, page_id):
    """Remind the chi bộ's members who have not acknowledged; at most once in six hours per
    document and chi bộ, logged in the document's history."""
    cell = _secretary_cell(request)
    page = next((page for page in _open_documents(request.user) if page.pk == page_id), None)
    if page is None:
        raise Http404
    with transaction.atomic():
        # The chi bộ's row serialises two clicks at once; the log says when it was last done.
        PartyCell.objects.select_for_update().filter(pk=cell.pk).first()
        last = _last_reminder(page, cell)
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

"""Editors' side in the Wagtail admin: progress per document and per chi bộ, who is pending,
the takeaways, exports with fingerprints, and reminders."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from resolutions.acknowledgements.progress import (
    audience_with_status,
    document_progress,
    documents_requiring_acknowledgement,
    pending_members,
)
from resolutions.acknowledgements.reminders import remind_document
from resolutions.models import Acknowledgement, Channel, PartyDocumentPage

PERMISSION = "resolutions.view_acknowledgement"
OVERVIEW_LIMIT = 50


def check_permission(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def overview(request):
    check_permission(request)
    documents = list(documents_requiring_acknowledgement()[:OVERVIEW_LIMIT])
    progress = [document_progress(page) for page in documents]
    lagging = {}
    for item in progress:
        for cell in item.cells:
            row = lagging.setdefault(cell.name, {"name": cell.name, "pending": 0, "overdue": 0})
            row["pending"] += cell.pending
            row["overdue"] += cell.overdue
    progress.sort(key=lambda item: (item.total.overdue == 0, item.total.percent))
    return TemplateResponse(
        request,
        "resolutions/admin/acknowledgement_overview.html",
        {
            "progress": progress,
            "lagging": sorted(lagging.values(), key=lambda row: (-row["overdue"], -row["pending"])),
        },
    )


def document(request, page_id):
    check_permission(request)
    page = get_object_or_404(PartyDocumentPage, pk=page_id)
    progress = document_progress(page)
    pending = pending_members(page, progress.round, progress.audience).select_related("party_cell")
    cell_filter = request.GET.get("chi_bo", "")
    cells = progress.cells
    if cell_filter.isdigit():
        cells = [cell for cell in progress.cells if cell.cell_id == int(cell_filter)]
    pending_page = Paginator(PendingByCell(pending, cells), 50)
    takeaways = (
        Acknowledgement.objects.filter(round=progress.round)
        .exclude(takeaway="")
        .select_related("member__party_cell")
        .order_by("-acknowledged_at")
        if progress.round
        else Acknowledgement.objects.none()
    )
    return TemplateResponse(
        request,
        "resolutions/admin/acknowledgement_progress.html",
        {
            "page": page,
            "progress": progress,
            "pending_page": pending_page.get_page(request.GET.get("p")),
            "takeaways": Paginator(takeaways, 20).get_page(request.GET.get("tp")),
            "cell_filter": cell_filter,
            "today": timezone.localdate(),
        },
    )


@require_POST
def send_reminders(request, page_id):
    check_permission(request)
    page = get_object_or_404(PartyDocumentPage, pk=page_id)
    sent = len(remind_document(page))
    if sent:
        messages.success(
            request, _("Reminders sent to %(count)s members.") % {"count": f"{sent:n}"}
        )
    else:
        messages.info(request, _("Nobody to remind: everyone pending was already reminded today."))
    return redirect("acknowledgement_progress", page_id=page.pk)


class PendingByCell:
    """The pending members of `cells` (tallies in the order of their chi bộ), by chi bộ then
    name, a page at a time: the tallies tell which chi bộ a page covers, so only their members
    are read (not the whole audience sorted to keep fifty), and the count costs no query."""

    def __init__(self, members, cells):
        self.members = members.order_by(
            "party_cell__order", "party_cell__name", "party_cell_id", "name_sort_key", "pk"
        )
        self.cells = cells

    def count(self):
        return sum(cell.pending for cell in self.cells)

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        before, covered, position = 0, [], 0
        for cell in self.cells:
            end = position + cell.pending
            if end <= window.start:
                before = end
            elif position < window.stop:
                covered.append(cell.cell_id)
            position = end
        members = self.members.filter(party_cell_id__in=covered)
        return list(members[window.start - before : window.stop - before])


class ExportRow:
    """One audience member's line in the export, with times in Vietnam's time zone."""

    def __init__(self, member):
        local = timezone.localtime
        self.full_name = member.get_full_name()
        self.username = member.username
        self.party_cell = member.party_cell.name if member.party_cell else ""
        self.status = _("Acknowledged") if member.ack_at else _("Pending")
        # Real dates in the workbook, in Vietnam's time zone.
        self.acknowledged_at = local(member.ack_at).replace(tzinfo=None) if member.ack_at else ""
        self.revision = member.ack_revision or ""
        self.fingerprint = member.ack_fingerprint or ""
        self.previous_fingerprint = member.ack_previous_fingerprint or ""
        self.channel = Channel(member.ack_channel).label if member.ack_channel else ""
        self.first_opened = (
            local(member.first_opened).replace(tzinfo=None) if member.first_opened else ""
        )
        self.reached_end = (
            local(member.reached_end).strftime("%d/%m/%Y %H:%M") if member.reached_end else ""
        )
        self.takeaway = member.ack_takeaway or ""


class ExportView(SpreadsheetExportMixin, View):
    """Cells are neutralised by portal.exports, as in every export."""

    list_export = [
        "full_name",
        "username",
        "party_cell",
        "status",
        "acknowledged_at",
        "revision",
        "fingerprint",
        "previous_fingerprint",
        "channel",
        "first_opened",
        "reached_end",
        "takeaway",
    ]
    export_headings = {
        "full_name": gettext_lazy("Full name"),
        "username": gettext_lazy("Username"),
        "party_cell": gettext_lazy("Party cell"),
        "status": gettext_lazy("Status"),
        "acknowledged_at": gettext_lazy("Acknowledged at"),
        "revision": gettext_lazy("Revision"),
        "fingerprint": gettext_lazy("SHA-256 fingerprint"),
        "previous_fingerprint": gettext_lazy("Fingerprint acknowledged before"),
        "channel": gettext_lazy("Acknowledged through"),
        "first_opened": gettext_lazy("First opened"),
        "reached_end": gettext_lazy("Reached the end"),
        "takeaway": gettext_lazy("Takeaway"),
    }

    def get(self, request, page_id):
        check_permission(request)
        self.page = get_object_or_404(PartyDocumentPage, pk=page_id)
        export_format = request.GET.get("export", self.FORMAT_XLSX)
        if export_format not in self.FORMATS:
            export_format = self.FORMAT_XLSX
        members = audience_with_status(self.page).iterator(chunk_size=2000)
        return self.as_spreadsheet((ExportRow(member) for member in members), export_format)

    def get_filename(self):
        return f"xac-nhan-{self.page.slug}-{timezone.localdate():%Y%m%d}"

    @property
    def export_title(self):
        return _("Acknowledgements of %(title)s") % {"title": self.page.title}

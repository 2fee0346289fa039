"""What the portal recorded about one member's reading, as "Tài khoản của tôi" shows it."""

from dataclasses import dataclass, field

from portal.audience import can_view
from resolutions.models import Acknowledgement, AcknowledgementLink, ReadReceipt

DOCUMENTS_SHOWN = 20


@dataclass
class DocumentRecord:
    page: object
    receipt: ReadReceipt | None = None
    acknowledgements: list = field(default_factory=list)
    links: list = field(default_factory=list)


def member_records(member, limit=DOCUMENTS_SHOWN):
    """Everything recorded about the member for their latest documents: opening (first, last),
    reaching the end, each acknowledgement with what it stores, each e-mail link (sent, used).
    Documents only opened are named while the member may still read them; acknowledged ones
    always (as in their history: it is their own evidence)."""
    receipts = [
        receipt
        for receipt in ReadReceipt.objects.filter(member=member)
        .select_related("page")
        .order_by("-last_opened_at")[:limit]
        if can_view(receipt.page, member)
    ]
    acknowledged = list(
        Acknowledgement.objects.filter(member=member)
        .select_related("page")
        .order_by("-acknowledged_at")[:limit]
    )
    records = {}
    for receipt in receipts:
        records[receipt.page_id] = DocumentRecord(page=receipt.page, receipt=receipt)
    for record in acknowledged:
        records.setdefault(record.page_id, DocumentRecord(page=record.page))
        records[record.page_id].acknowledgements.append(record)
    links = AcknowledgementLink.objects.filter(member=member, page_id__in=records).order_by(
        "-created_at"
    )
    for link in links:
        records[link.page_id].links.append(link)
    return list(records.values())

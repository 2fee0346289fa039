"""What editors see: acknowledgement progress per document and per chi bộ.

Every figure is an aggregate query, so the number of queries is the same for an audience of
twenty members or twenty thousand.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, Subquery, Value
from django.utils import timezone

from portal.caching import versions
from portal.models import PartyCell, User
from resolutions.acknowledgements.services import audience_members, current_round
from resolutions.models import Acknowledgement, PartyDocumentPage, ReadReceipt

TALLIES_KEPT = 60


@dataclass
class Tally:
    name: str
    audience: int = 0
    opened: int = 0
    reached_end: int = 0
    acknowledged: int = 0
    overdue_flag: bool = False
    cell_id: int | None = None

    @property
    def pending(self):
        return self.audience - self.acknowledged

    @property
    def overdue(self):
        return self.pending if self.overdue_flag else 0

    @property
    def percent(self):
        return round(100 * self.acknowledged / self.audience) if self.audience else 0

    @property
    def opened_percent(self):
        return round(100 * self.opened / self.audience) if self.audience else 0


@dataclass
class DocumentProgress:
    page: PartyDocumentPage
    round: object
    total: Tally
    cells: list = field(default_factory=list)
    audience: object = None  # the queryset of the audience's members


def per_cell(page, round_, audience):
    """{chi bộ id: (audience, opened, reached the end, acknowledged)}, kept in the cache until
    someone opens, finishes or acknowledges the page, or a member, a group or a restriction
    changes (and TALLIES_KEPT seconds at most)."""
    state = versions.get(versions.readings(page.pk), versions.AUDIENCE, versions.MEMBERS)
    key = f"ack:per-cell:{page.pk}:{round_.pk if round_ else 0}:" + ":".join(map(str, state))
    counts = cache.get(key)
    if counts is None:
        counts = _count_per_cell(page, round_, audience)
        cache.set(key, counts, TALLIES_KEPT)
    return counts


def _count_per_cell(page, round_, audience):
    """One pass over the audience, each member joined to their acknowledgement of the round
    and their read receipt of the page (one of each at most): three separate counts each read
    the whole audience. 0.2 s at ten times the bench's size: hence the cache."""
    rows = (
        audience.annotate(
            ack=FilteredRelation("acknowledgements", condition=Q(acknowledgements__round=round_)),
            receipt=FilteredRelation("read_receipts", condition=Q(read_receipts__page=page)),
        )
        .values_list("party_cell")
        .annotate(
            members=Count("pk"),
            opened=Count("receipt"),
            ended=Count("receipt__reached_end_at"),
            acknowledged=Count("ack") if round_ else Value(0),
        )
        .order_by()
    )
    return {cell_id: tuple(counts) for cell_id, *counts in rows}


def document_progress(page):
    round_ = current_round(page)
    audience = audience_members(page)
    deadline = page.acknowledgement_deadline
    overdue = bool(deadline and deadline < timezone.localdate())
    counts = per_cell(page, round_, audience)
    total = Tally(name="", overdue_flag=overdue)
    cells = []
    # In the order of the pending list (admin_views.PendingByCell).
    for cell in PartyCell.objects.filter(pk__in=counts.keys()).order_by("order", "name", "pk"):
        members, opened, reached_end, acknowledged = counts[cell.pk]
        tally = Tally(
            name=cell.name,
            cell_id=cell.pk,
            audience=members,
            opened=opened,
            reached_end=reached_end,
            acknowledged=acknowledged,
            overdue_flag=overdue,
        )
        cells.append(tally)
        total.audience += tally.audience
        total.opened += tally.opened
        total.reached_end += tally.reached_end
        total.acknowledged += tally.acknowledged
    return DocumentProgress(page=page, round=round_, total=total, cells=cells, audience=audience)


def pending_members(page, round_=None, audience=None):
    """Members of the audience (when already read: `audience`) who have not acknowledged the
    current round."""
    round_ = round_ or current_round(page)
    audience = audience_members(page) if audience is None else audience
    if round_:
        # NOT EXISTS: probed member by member when few are read (a page of the list), where
        # NOT IN would read the whole round's acknowledgements first.
        mine = Acknowledgement.objects.filter(round=round_, member=OuterRef("pk"))
        audience = audience.exclude(Exists(mine))
    return audience


def audience_with_status(page, round_=None, party_cell=None):
    """Every audience member (of `party_cell` only, when given) with their acknowledgement and
    first opening, for exports; also those who acknowledged and have since left the audience
    (deactivated, moved): their record stays evidence."""
    round_ = round_ or current_round(page)
    mine = Acknowledgement.objects.filter(round=round_, member=OuterRef("pk"))
    opened = ReadReceipt.objects.filter(page=page, member=OuterRef("pk"))
    audience = audience_members(page)
    acknowledged = Acknowledgement.objects.filter(round=round_)
    members = User.objects.all()
    if party_cell is not None:
        # The chi bộ inside both sets too: otherwise each is read whole (a whole round's
        # acknowledgements, every active member) to keep a hundred rows of them.
        audience = audience.filter(party_cell=party_cell)
        acknowledged = acknowledged.filter(member__party_cell=party_cell)
        members = members.filter(party_cell=party_cell)
    return (
        members.filter(Q(pk__in=audience.values("pk")) | Q(pk__in=acknowledged.values("member_id")))
        .select_related("party_cell")
        .annotate(
            ack_at=Subquery(mine.values("acknowledged_at")[:1]),
            ack_fingerprint=Subquery(mine.values("fingerprint")[:1]),
            ack_previous_fingerprint=Subquery(mine.values("previous_fingerprint")[:1]),
            ack_channel=Subquery(mine.values("channel")[:1]),
            ack_revision=Subquery(mine.values("revision_id")[:1]),
            ack_takeaway=Subquery(mine.values("takeaway")[:1]),
            first_opened=Subquery(opened.values("first_opened_at")[:1]),
            reached_end=Subquery(opened.values("reached_end_at")[:1]),
        )
        .order_by("party_cell__order", "name_sort_key", "pk")
    )


def documents_requiring_acknowledgement():
    return (
        PartyDocumentPage.objects.live()
        .filter(requires_acknowledgement=True, acknowledgement_rounds__is_current=True)
        .order_by("-issued_on", "-pk")
    )

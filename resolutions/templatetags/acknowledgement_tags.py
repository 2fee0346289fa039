from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from portal.templatetags.portal_tags import grouped
from resolutions.acknowledgements.services import pending_documents

register = template.Library()

HOME_LIMIT = 5


@register.simple_tag(takes_context=True)
def pending_acknowledgements(context, limit=HOME_LIMIT):
    """The member's first documents to acknowledge (nearest deadline first) and how many in all."""
    documents = pending_documents(context["request"].user).only(
        "id", "title", "url_path", "number", "doc_type", "acknowledgement_deadline"
    )
    first = list(documents[: limit + 1])
    total = len(first) if len(first) <= limit else documents.count()
    return {"documents": first[:limit], "total": total, "today": timezone.localdate()}


@register.simple_tag
def cell_rows(tallies):
    """The rows of the progress table by chi bộ, built here with plain strings: the template
    engine (then format_html) took half a second for the 2,000 chi bộ of the largest province."""
    label = _("%(done)s of %(total)s acknowledged")
    rows = []
    for tally in tallies:
        overdue = f'<span class="ack-overdue">{tally.overdue}</span>' if tally.overdue else 0
        rows.append(
            f'<tr><td><a href="?chi_bo={int(tally.cell_id)}#cho-xac-nhan">{escape(tally.name)}'
            f"</a></td><td>{grouped(tally.audience)}</td><td>{int(tally.opened)}</td>"
            f"<td>{int(tally.reached_end)}</td><td>{_bar(tally, label)}</td>"
            f"<td>{grouped(tally.pending)}</td><td>{overdue}</td></tr>"
        )
    return mark_safe("".join(rows))  # every value above is a number or escaped


@register.simple_tag
def progress_bar(tally):
    """A tally's bar of opened and acknowledged (editors' progress views)."""
    return mark_safe(_bar(tally, _("%(done)s of %(total)s acknowledged")))


def _bar(tally, label):
    done, percent = grouped(tally.acknowledged), int(tally.percent)
    label = escape(label % {"done": done, "total": grouped(tally.audience)})
    return (
        f'<div class="ack-bar" role="img" aria-label="{label}">'
        f'<span class="ack-bar__opened" style="width: {int(tally.opened_percent)}%"></span>'
        f'<span class="ack-bar__done" style="width: {percent}%"></span></div>'
        f'<span class="ack-bar__label">{done} ({percent}%)</span>'
    )


@register.simple_tag
def recorded_about(member):
    """What the portal recorded about this member's reading (acknowledgements.records)."""
    from resolutions.acknowledgements.records import member_records

    return member_records(member)

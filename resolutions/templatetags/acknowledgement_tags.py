from django import template
from django.utils import timezone
from django.utils.html import format_html
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
def progress_bar(tally):
    """A tally's bar of opened and acknowledged (editors' progress views): a tag, not an
    include, because the progress of a whole province shows one per chi bộ."""
    label = _("%(done)s of %(total)s acknowledged") % {
        "done": grouped(tally.acknowledged),
        "total": grouped(tally.audience),
    }
    return format_html(
        '<div class="ack-bar" role="img" aria-label="{}">'
        '<span class="ack-bar__opened" style="width: {}%"></span>'
        '<span class="ack-bar__done" style="width: {}%"></span></div>'
        '<span class="ack-bar__label">{} ({}%)</span>',
        label,
        tally.opened_percent,
        tally.percent,
        grouped(tally.acknowledged),
        tally.percent,
    )


@register.simple_tag
def recorded_about(member):
    """What the portal recorded about this member's reading (acknowledgements.records)."""
    from resolutions.acknowledgements.records import member_records

    return member_records(member)

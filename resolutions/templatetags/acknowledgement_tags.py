from django import template
from django.utils import timezone

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

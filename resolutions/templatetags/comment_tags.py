"""Comments on the document page: the list at the end, the button and count beside each
section, the rendering of a comment's text, and the e-mail choices in "Tài khoản của tôi"."""

from django import template

from resolutions.comments.display import thread_for
from resolutions.comments.forms import PreferencesForm
from resolutions.comments.rendering import comment_html
from resolutions.comments.services import VIEW_PERMISSION
from resolutions.models import CommentPreferences, PartyDocumentPage

register = template.Library()


def _thread(context):
    """The page's Thread, or None where there is no document being served (previews, blocks
    rendered elsewhere)."""
    request, page = context.get("request"), context.get("page")
    if (
        request is None
        or not isinstance(page, PartyDocumentPage)
        or not page.pk
        or getattr(request, "is_preview", False)
    ):
        return None
    return thread_for(request, page)


@register.inclusion_tag("resolutions/comments/thread.html", takes_context=True)
def document_comments(context):
    return {"thread": _thread(context), "page": context.get("page"), "request": context["request"]}


@register.inclusion_tag("resolutions/comments/section_button.html", takes_context=True)
def section_comments(context, anchor):
    thread = _thread(context) if anchor else None
    if thread is None or not thread.readable:
        return {"thread": None}
    return {
        "thread": thread,
        "anchor": anchor,
        "count": thread.counts.get(anchor, 0),
        "list_url": thread.url(**{"binh-luan-muc": anchor}) + "#binh-luan",
        "form_url": thread.url(**{"binh-luan-muc": anchor}) + "#viet-binh-luan",
    }


@register.filter(name="comment_html")
def comment_html_filter(text):
    return comment_html(text)


@register.inclusion_tag("resolutions/comments/preferences.html", takes_context=True)
def comment_preferences(context):
    user = context["request"].user
    preferences = CommentPreferences.for_user(user)
    form = PreferencesForm(
        initial={
            "notify_replies": preferences.notify_replies,
            "notify_digest": preferences.notify_digest,
        }
    )
    return {"form": form, "show_digest": user.has_perm(VIEW_PERMISSION)}

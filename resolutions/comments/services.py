"""The rules of comments: who may read and write them, when, how often, and moderation.

Comments are for the document's audience only: a logged-in user who may see the page. Anonymous
visitors of a public document see neither the comments nor who wrote them.
"""

import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.audience import can_view
from resolutions.models import Comment, PartyDocumentPage

MAX_LENGTH = 5000
EDIT_WINDOW = timedelta(minutes=15)
PER_PAGE = 20  # top-level comments a page shows at first; "Xem thêm" brings the next ones
# At most one comment per MIN_INTERVAL seconds and PER_HOUR comments an hour, per member.
MIN_INTERVAL = 20
PER_HOUR = 30
MODERATE_PERMISSION = "resolutions.change_comment"
VIEW_PERMISSION = "resolutions.view_comment"

State = Comment.State
Mode = PartyDocumentPage.CommentsMode


class CommentRefused(Exception):
    """A comment cannot be written or changed; the message says why, in Vietnamese."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


# -- who and when -----------------------------------------------------------------------------


def can_read(page, user):
    return bool(user.is_authenticated and user.is_active and can_view(page, user))


def can_moderate(user):
    return user.is_authenticated and user.has_perm(MODERATE_PERMISSION)


@dataclass
class Window:
    """Whether the comment form is open now, and what to tell the member."""

    is_open: bool
    message: str = ""


def comment_window(page, now=None):
    now = now or timezone.now()
    if page.comments_mode == Mode.OFF:
        return Window(False, _("Comments are turned off for this document."))
    if page.comments_mode == Mode.OPEN:
        return Window(True)
    opens, closes = page.consultation_opens_at, page.consultation_closes_at
    period = {"opens": _moment(opens), "closes": _moment(closes)}
    if opens and now < opens:
        return Window(
            False,
            _("The consultation opens at %(opens)s and closes at %(closes)s.") % period,
        )
    if closes and now >= closes:
        return Window(False, _("The consultation closed at %(closes)s.") % period)
    return Window(True, _("Comments are collected until %(closes)s.") % period)


def _moment(value):
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y") if value else "…"


def can_edit(comment, user, now=None):
    """The author may change the text for EDIT_WINDOW after posting, while it is shown."""
    return comment.author_id == user.pk and still_editable(
        comment.state, comment.created_at, now or timezone.now()
    )


def still_editable(state, created_at, now):
    """Whether a comment in this state, written then, may still be changed by its author."""
    return state in (State.VISIBLE, State.PENDING) and now - created_at < EDIT_WINDOW


# -- writing ------------------------------------------------------------------------------------


def clean_text(text):
    """NFC, Unix line ends, no NUL, trimmed; refuses empty and over-long text."""
    text = unicodedata.normalize("NFC", (text or "").replace("\x00", ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise CommentRefused(_("Please write your comment before sending it."))
    if len(text) > MAX_LENGTH:
        raise CommentRefused(
            _("Your comment is too long: %(count)s characters, at most %(limit)s.")
            % {"count": _number(len(text)), "limit": _number(MAX_LENGTH)}
        )
    return text


def _number(value):
    return number_format(value, force_grouping=True)


def _rate_keys(user):
    return f"comments:last:{user.pk}", f"comments:hour:{user.pk}"


def check_rate(user):
    """Take the member's turn for MIN_INTERVAL seconds, or refuse.

    cache.add is atomic: of two posts sent at once (a double click), one gets the turn.
    """
    last_key, hour_key = _rate_keys(user)
    if (cache.get(hour_key) or 0) >= PER_HOUR:
        raise CommentRefused(
            _("You have sent %(count)s comments in the last hour. Please continue later.")
            % {"count": PER_HOUR},
            status=429,
        )
    if not cache.add(last_key, 1, MIN_INTERVAL):
        raise CommentRefused(
            _("You are commenting too fast. Please wait %(seconds)s seconds and send again.")
            % {"seconds": MIN_INTERVAL},
            status=429,
        )


def count_rate(user):
    _last_key, hour_key = _rate_keys(user)
    if cache.add(hour_key, 1, 60 * 60):
        return
    try:
        cache.incr(hour_key)
    except ValueError:  # expired between add and incr
        cache.add(hour_key, 1, 60 * 60)


def section_label(page, anchor):
    """The heading of a section as shown ("3. Giải pháp"), or None when there is no such section."""
    for section_anchor, number, text, _level in page.sections:
        if section_anchor == anchor:
            return f"{number} {text}".strip()
    return None


def post_comment(page, user, text, section="", parent_id=None):
    """Write a comment or a reply (one level deep) as `user`; returns the comment."""
    if not can_read(page, user):
        raise CommentRefused(_("You are not among the readers of this document."), status=403)
    window = comment_window(page)
    if not window.is_open:
        raise CommentRefused(window.message, status=403)
    text = clean_text(text)
    parent = None
    label = ""
    if parent_id:
        parent = (
            Comment.objects.filter(page=page, pk=parent_id, parent=None, state=State.VISIBLE)
            .only("pk", "section", "section_label", "author_id")
            .first()
        )
        if parent is None:
            raise CommentRefused(_("The comment you are replying to is no longer shown."))
        section, label = parent.section, parent.section_label
    elif section:
        label = section_label(page, section)
        if label is None:
            raise CommentRefused(_("This section is no longer in the document."))
    check_rate(user)
    pre_moderated = page.comment_moderation == PartyDocumentPage.CommentModeration.PRE
    state = State.PENDING if pre_moderated and not can_moderate(user) else State.VISIBLE
    comment = Comment.objects.create(
        page=page,
        parent=parent,
        author=user,
        section=section,
        section_label=label,
        text=text,
        state=state,
    )
    count_rate(user)
    if state == State.VISIBLE:
        _announce(comment)
    return comment


def edit_comment(comment, user, text):
    if not can_edit(comment, user):
        raise CommentRefused(
            _("A comment can be edited only during the first 15 minutes after it is sent."),
            status=403,
        )
    window = comment_window(comment.page)
    if not window.is_open:
        raise CommentRefused(window.message, status=403)
    previous = comment.text
    comment.text = clean_text(text)
    comment.edited_at = timezone.now()
    fields = ["text", "edited_at"]
    if (
        comment.page.comment_moderation == PartyDocumentPage.CommentModeration.PRE
        and not can_moderate(user)
    ):
        comment.state = State.PENDING  # an approved text changed: approve it again
        fields.append("state")
    with transaction.atomic():
        comment.save(update_fields=fields)
        # Every version of the text stays in the audit log, for the moderators.
        log(comment, LOG_ACTIONS["edit"], user=user, data={"previous_text": previous})
    return comment


def remove_comment(comment, user):
    """The author deletes their comment: the text goes, the row stays as evidence."""
    if comment.author_id != user.pk:
        raise CommentRefused(_("Only the author can delete a comment."), status=403)
    if comment.state == State.REMOVED:
        return comment
    if comment.state == State.HIDDEN:
        raise CommentRefused(_("A hidden comment stays as the moderator left it."), status=403)
    comment.text = ""
    comment.state = State.REMOVED
    comment.removed_at = timezone.now()
    comment.save(update_fields=["text", "state", "removed_at"])
    return comment


# -- moderation -----------------------------------------------------------------------------------

LOG_ACTIONS = {
    "hide": "resolutions.comment.hide",
    "restore": "resolutions.comment.restore",
    "approve": "resolutions.comment.approve",
    "edit": "resolutions.comment.edit",
}


def moderate(comment, moderator, action, reason=""):
    """Hide, restore or approve a comment; recorded in Wagtail's audit log."""
    allowed = {
        "hide": (State.VISIBLE, State.PENDING),
        "restore": (State.HIDDEN,),
        "approve": (State.PENDING,),
    }
    if comment.state not in allowed[action]:
        raise CommentRefused(_("This comment has changed meanwhile; reload the list."), 409)
    previous = comment.state
    comment.state = State.HIDDEN if action == "hide" else State.VISIBLE
    comment.moderated_by = moderator
    comment.moderated_at = timezone.now()
    comment.moderation_reason = reason
    with transaction.atomic():
        comment.save(update_fields=["state", "moderated_by", "moderated_at", "moderation_reason"])
        log(
            comment,
            LOG_ACTIONS[action],
            user=moderator,
            data={"reason": reason, "previous_state": previous},
        )
    if action == "hide":
        from resolutions.comments.notifications import send_hidden_notice

        transaction.on_commit(lambda: send_hidden_notice.enqueue(comment.pk))
    elif previous == State.PENDING:
        _announce(comment)
    return comment


def _announce(comment):
    """A newly shown reply: tell the author of the comment replied to."""
    if comment.parent_id is None:
        return
    from resolutions.comments.notifications import send_reply_notice

    transaction.on_commit(lambda: send_reply_notice.enqueue(comment.pk))


# -- reading --------------------------------------------------------------------------------------


def shown_to(user):
    """Comments this reader sees with their text: visible ones, and their own pending or hidden."""
    q = Q(state=State.VISIBLE)
    if user.is_authenticated:
        q |= Q(author=user, state__in=[State.PENDING, State.HIDDEN])
    return q


def section_counts(page):
    """{anchor: number of visible comments and replies} ("" for general ones), in one query."""
    rows = (
        Comment.objects.filter(page=page, state=State.VISIBLE)
        .values("section")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["section"]: row["n"] for row in rows}


def top_level(page, user, section=None):
    """Top-level comments as this reader sees them, with authors and replies prefetched.

    A removed or hidden comment still stands, without its text, where visible replies hang from
    it. The queryset runs in two queries whatever the number of comments.
    """
    replies = (
        Comment.objects.filter(shown_to(user))
        .select_related("author__party_cell")
        .order_by("created_at", "pk")
    )
    has_replies = Exists(Comment.objects.filter(parent=OuterRef("pk"), state=State.VISIBLE))
    comments = (
        Comment.objects.filter(page=page, parent=None)
        .annotate(has_replies=has_replies)
        .filter(shown_to(user) | Q(has_replies=True, state__in=[State.REMOVED, State.HIDDEN]))
        .select_related("author__party_cell")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="shown_replies"))
        .order_by("created_at", "pk")
    )
    if section is not None:
        comments = comments.filter(section=section)
    return comments

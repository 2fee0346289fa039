"""E-mails about comments, sent through Django's tasks API (a worker in production).

A reply tells the author of the comment replied to; a hidden comment tells its author why; the
daily digest tells the editors of each document what was written there. Members turn the first
and the last off in "Tài khoản của tôi"; notice of a hidden comment always goes out.
"""

from functools import partial

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from portal.models import User
from resolutions.comments.services import can_read
from resolutions.models import Comment, CommentPreferences, PartyDocumentPage

EDITORS_GROUP = "Biên tập viên"


def page_url(page):
    return settings.PUBLIC_SITE_URL + page.url_path.removeprefix("/home")


def comment_url(comment):
    return f"{page_url(comment.page)}#binh-luan-{comment.pk}"


def _message(template, recipient, context):
    with translation.override(settings.LANGUAGE_CODE):
        data = {**context, "recipient": recipient}
        subject = render_to_string(f"resolutions/comments/email/{template}_subject.txt", data)
        body = render_to_string(f"resolutions/comments/email/{template}.txt", data)
    return (" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [recipient.email])


def _wants(user, preference):
    return getattr(CommentPreferences.for_user(user), preference)


@task()
def send_reply_notice(comment_id):
    """Someone replied to a member's comment."""
    reply = Comment.objects.select_related("page", "author", "parent__author").get(pk=comment_id)
    recipient = reply.parent.author
    if (
        reply.state != Comment.State.VISIBLE
        or recipient.pk == reply.author_id
        or not recipient.is_active
        or not recipient.email
        or not can_read(reply.page, recipient)
        or not _wants(recipient, "notify_replies")
    ):
        return 0
    context = {"reply": reply, "page": reply.page, "url": comment_url(reply)}
    return send_mass_mail([_message("reply", recipient, context)])


@task()
def send_hidden_notice(comment_id):
    """A moderator hid a member's comment: tell them, with the reason."""
    comment = Comment.objects.select_related("page", "author").get(pk=comment_id)
    author = comment.author
    if comment.state != Comment.State.HIDDEN or not author.is_active or not author.email:
        return 0
    context = {"comment": comment, "page": comment.page, "url": comment_url(comment)}
    return send_mass_mail([_message("hidden", author, context)])


def document_editors(page):
    """Who edits a document: its owner, the authors of its revisions, and the editors group,
    those among them who may still edit it."""
    revision_authors = page.revisions.exclude(user=None).values("user_id")
    candidates = User.objects.filter(
        Q(pk=page.owner_id) | Q(pk__in=revision_authors) | Q(groups__name=EDITORS_GROUP),
        is_active=True,
    ).distinct()
    return [user for user in candidates if page.permissions_for_user(user).can_edit()]


def send_digest(now=None):
    """E-mail each editor the comments written since the last digest on their documents.

    Every comment goes out in one digest only. Returns (editors e-mailed, comments included).
    """
    now = now or timezone.now()
    new = (
        Comment.objects.filter(
            digested_at=None,
            created_at__lt=now,
            state__in=[Comment.State.VISIBLE, Comment.State.PENDING],
        )
        .select_related("author__party_cell")
        .order_by("page_id", "created_at", "pk")
    )
    by_page = {}
    for comment in new:
        by_page.setdefault(comment.page_id, []).append(comment)
    if not by_page:
        return 0, 0
    rows = {}  # editor id -> [(page, comments)]
    editors = {}
    for page in PartyDocumentPage.objects.filter(pk__in=by_page).order_by("title"):
        for editor in document_editors(page):
            editors[editor.pk] = editor
            rows.setdefault(editor.pk, []).append((page, by_page[page.pk]))
    recipients = [
        editor for editor in editors.values() if editor.email and _wants(editor, "notify_digest")
    ]
    with transaction.atomic():
        Comment.objects.filter(pk__in=[c.pk for cs in by_page.values() for c in cs]).update(
            digested_at=now
        )
        for editor in recipients:
            payload = [(page.pk, [c.pk for c in comments]) for page, comments in rows[editor.pk]]
            transaction.on_commit(partial(send_digest_mail.enqueue, editor.pk, payload))
    return len(recipients), sum(len(cs) for cs in by_page.values())


@task()
def send_digest_mail(editor_id, documents):
    """documents: [(page id, [comment ids])] for one editor."""
    editor = User.objects.get(pk=editor_id)
    pages = PartyDocumentPage.objects.in_bulk([page_id for page_id, _ids in documents])
    comment_ids = [pk for _page_id, ids in documents for pk in ids]
    comments = Comment.objects.select_related("author__party_cell").in_bulk(comment_ids)
    context = {
        "documents": [
            {
                "page": pages[page_id],
                "url": page_url(pages[page_id]),
                "comments": [comments[pk] for pk in ids],
            }
            for page_id, ids in documents
        ],
        "count": len(comment_ids),
        "admin_url": settings.WAGTAILADMIN_BASE_URL + reverse("comment_moderation:index"),
    }
    return send_mass_mail([_message("digest", editor, context)])

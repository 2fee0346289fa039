"""Members' side: post, edit and delete comments, load more of them, choose comment e-mails.

Every endpoint checks the audience: an anonymous POST is refused before anything is looked up
(so the refusal says nothing about what exists), a logged-in reader outside the audience gets
the same 404 as for a document that does not exist, and the author is always request.user.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from resolutions.comments import services
from resolutions.comments.display import Failure, build_thread, int_param
from resolutions.comments.forms import CommentForm, EditCommentForm, PreferencesForm
from resolutions.comments.services import CommentRefused
from resolutions.models import Comment, CommentPreferences, PartyDocumentPage


def member_post(view):
    @wraps(view)
    @require_POST
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _visible_document(request, page_id):
    page = get_object_or_404(PartyDocumentPage.objects.live(), pk=page_id)
    if not services.can_read(page, request.user):
        raise Http404
    return page


def _own_comment(request, comment_id):
    """The comment, 404 unless its document is visible to the reader, 403 unless theirs."""
    comment = get_object_or_404(Comment.objects.select_related("page"), pk=comment_id)
    if not (comment.page.live and services.can_read(comment.page, request.user)):
        raise Http404
    if comment.author_id != request.user.pk:
        raise PermissionDenied
    return comment


def _show_again(request, page, failure, status):
    """The document page again, with the refused form filled in as the member left it."""
    request.comment_failure = failure
    response = page.serve(request)
    response.status_code = status
    return response


@member_post
def post_comment(request, page_id):
    page = _visible_document(request, page_id)
    form = CommentForm(request.POST, page=page)
    parent_id = int_param(request.POST.get("parent"))
    try:
        if not form.is_valid():
            raise CommentRefused(_("This section is no longer in the document."))
        comment = services.post_comment(
            page,
            request.user,
            form.cleaned_data["text"],
            section=form.cleaned_data["section"],
            parent_id=parent_id,
        )
    except CommentRefused as refusal:
        target = ("reply", parent_id) if parent_id else "new"
        return _show_again(request, page, Failure(form, refusal.message, target), refusal.status)
    if comment.state == Comment.State.PENDING:
        messages.info(
            request, _("Your comment has been sent. It will appear once a moderator approves it.")
        )
    else:
        messages.success(request, _("Your comment has been posted."))
    return redirect(f"{page.url}#binh-luan-{comment.pk}")


@member_post
def edit_comment(request, comment_id):
    comment = _own_comment(request, comment_id)
    form = EditCommentForm(request.POST)
    form.is_valid()
    try:
        services.edit_comment(comment, request.user, form.cleaned_data.get("text", ""))
    except CommentRefused as refusal:
        failure = Failure(form, refusal.message, ("edit", comment.pk))
        return _show_again(request, comment.page, failure, refusal.status)
    messages.success(request, _("Your comment has been updated."))
    return redirect(f"{comment.page.url}#binh-luan-{comment.pk}")


@member_post
def delete_comment(request, comment_id):
    comment = _own_comment(request, comment_id)
    try:
        services.remove_comment(comment, request.user)
    except CommentRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Your comment has been deleted."))
    return redirect(f"{comment.page.url}#binh-luan")


@require_GET
@login_required
def more_comments(request, page_id):
    """The next comments, as HTML for "Xem thêm" (the plain link works without JavaScript)."""
    page = _visible_document(request, page_id)
    thread = build_thread(
        request, page, page_number=request.GET.get("trang"), section=request.GET.get("muc")
    )
    html = render_to_string(
        "resolutions/comments/list_items.html", {"thread": thread, "page": page}, request
    )
    next_url = thread.more_url if thread.page_obj.has_next() else None
    return JsonResponse({"html": html, "next": next_url})


@require_POST
@login_required
def save_preferences(request):
    form = PreferencesForm(request.POST)
    form.is_valid()
    CommentPreferences.objects.update_or_create(user=request.user, defaults=form.cleaned_data)
    messages.success(request, _("Your e-mail preferences have been saved."))
    return redirect(reverse("my_account") + "#thong-bao-gop-y")

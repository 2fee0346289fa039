"""Documents that hold evidence are archived, never deleted.

Acknowledgements and members' comments prove what members read and said, so they keep their
document (on_delete=PROTECT). Deleting such a document, or a page above one, in the admin shows
instead a confirmation that offers to unpublish it with Wagtail's unpublish action (recorded in
the audit log): readers lose the page, the editors keep the page, its revisions and every record.
Bulk deletion refuses those pages with a message. Pages without records are deleted as usual.

Members who acknowledged or commented are deactivated, not deleted: deleting them is refused
with a message saying so (a deactivated member keeps their history and no longer counts).
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page

from resolutions.models import Acknowledgement, Comment, PartyDocumentPage


def evidence_counts(page):
    """Acknowledgements and comments held by this page and the documents below it."""
    documents = PartyDocumentPage.objects.descendant_of(page, inclusive=True)
    return {
        "acknowledgements": Acknowledgement.objects.filter(page__in=documents).count(),
        "comments": Comment.objects.filter(page__in=documents).count(),
    }


def member_evidence_counts(user):
    return {
        "acknowledgements": Acknowledgement.objects.filter(member=user).count(),
        "comments": Comment.objects.filter(author=user).count(),
    }


# After resolutions.wagtail_hooks.keep_documents_with_comments, which answers first for comments.
@hooks.register("before_delete_page", order=1)
def archive_instead_of_deleting(request, page):
    counts = evidence_counts(page)
    if not any(counts.values()):
        return None
    has_live_pages = page.get_descendants(inclusive=True).live().exists()
    can_unpublish = has_live_pages and page.permissions_for_user(request.user).can_unpublish()
    if request.method == "POST" and "archive" in request.POST and can_unpublish:
        UnpublishPageAction(page, user=request.user, include_descendants=True).execute()
        messages.success(
            request,
            _("“%(title)s” was unpublished and archived; its records are kept.")
            % {"title": page.get_admin_display_title()},
        )
        return redirect("wagtailadmin_explore", page.get_parent().id)
    return TemplateResponse(
        request,
        "resolutions/admin/archive_instead_of_delete.html",
        {
            "page": page,
            "counts": counts,
            "can_unpublish": can_unpublish,
            "has_live_pages": has_live_pages,
            "is_document": isinstance(page, PartyDocumentPage),
        },
    )


@hooks.register("before_delete_user")
def deactivate_instead_of_deleting(request, user):
    if not any(member_evidence_counts(user).values()):
        return None
    messages.error(
        request,
        _(
            "%(name)s has acknowledged or commented on documents, so the account cannot be "
            "deleted. Deactivate it instead: the history is kept and the member no longer "
            "counts."
        )
        % {"name": user.get_full_name() or user.get_username()},
    )
    return redirect("wagtailusers_users:edit", user.pk)


@hooks.register("before_bulk_action")
def refuse_bulk_deletion_of_evidence(request, action_type, objects, action_class_instance):
    if action_type != "delete":
        return None
    model = action_class_instance.model
    if issubclass(model, Page):
        kept = [page for page in objects if any(evidence_counts(page).values())]
        message = _(
            "Not deleted: %(titles)s hold acknowledgements or members' comments. Use "
            "“Delete” on each page to unpublish and archive it instead."
        )
        names = [page.get_admin_display_title() for page in kept]
    elif issubclass(model, get_user_model()):
        kept = [user for user in objects if any(member_evidence_counts(user).values())]
        message = _(
            "Not deleted: %(titles)s acknowledged or commented on documents. Deactivate "
            "these accounts instead; their history is kept."
        )
        names = [user.get_full_name() or user.get_username() for user in kept]
    else:
        return None
    if not kept:
        return None
    messages.error(request, message % {"titles": ", ".join(f"“{name}”" for name in names)})
    return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_home")

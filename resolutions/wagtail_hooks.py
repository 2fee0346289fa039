"""Wagtail admin hooks of the document library (found by Wagtail in every app)."""

from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

# -- moderation of members' comments (see resolutions.comments.admin) -------------------------


@hooks.register("register_admin_viewset")
def comment_moderation_viewset():
    from resolutions.comments.admin import CommentViewSet

    return CommentViewSet()


@hooks.register("register_log_actions")
def comment_log_actions(actions):
    from resolutions.comments.admin import register_log_actions

    register_log_actions(actions)


@hooks.register("register_log_actions")
def cell_reminder_log_action(actions):
    from resolutions.acknowledgements.cell_views import REMIND_ACTION, CellReminderFormatter

    actions.register_action(REMIND_ACTION)(CellReminderFormatter)


@hooks.register("register_page_header_buttons")
def comment_moderation_button(page, user, view_name=None, next_url=None):
    from resolutions.comments.services import VIEW_PERMISSION
    from resolutions.models import PartyDocumentPage

    if page.specific_class is not PartyDocumentPage or not user.has_perm(VIEW_PERMISSION):
        return []
    url = reverse("comment_moderation:index") + f"?page={page.pk}"
    return [Button(_("Member comments"), url, icon_name="comment", priority=70)]


@hooks.register("before_delete_page")
def keep_documents_with_comments(request, page):
    """Comments are evidence: a document with comments (or a folder holding one) is not deleted
    (the database would refuse it too); the editor is told to unpublish it instead."""
    from resolutions.models import Comment

    count = Comment.objects.filter(page__path__startswith=page.path).count()
    if not count:
        return None
    messages.error(
        request,
        ngettext(
            "Members wrote %(count)s comment on this page, so it cannot be deleted. "
            "Unpublish it instead.",
            "Members wrote %(count)s comments on this page, so it cannot be deleted. "
            "Unpublish it instead.",
            count,
        )
        % {"count": count},
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


# -- the document importer ("Nhập văn bản", see resolutions.importer) -------------------------


class ImportDocumentsMenuItem(MenuItem):
    def is_shown(self, request):
        from resolutions.importer.views import can_import

        return can_import(request.user)


@hooks.register("register_admin_urls")
def import_documents_urls():
    from resolutions.importer.views import ImportDocumentsView

    return [path("nhap-van-ban/", ImportDocumentsView.as_view(), name="import_documents")]


@hooks.register("register_admin_menu_item")
def import_documents_menu_item():
    return ImportDocumentsMenuItem(
        _("Import documents"), reverse("import_documents"), icon_name="upload", order=270
    )

"""Wagtail admin entries for acknowledgement progress (imported by ResolutionsConfig.ready)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from resolutions.acknowledgements import admin_views
from resolutions.models import PartyDocumentPage


@hooks.register("register_admin_urls")
def acknowledgement_urls():
    return [
        path("xac-nhan/", admin_views.overview, name="acknowledgement_overview"),
        path("xac-nhan/<id:page_id>/", admin_views.document, name="acknowledgement_progress"),
        path(
            "xac-nhan/<id:page_id>/xuat/",
            admin_views.ExportView.as_view(),
            name="acknowledgement_export",
        ),
        path(
            "xac-nhan/<id:page_id>/nhac-nho/",
            admin_views.send_reminders,
            name="acknowledgement_remind",
        ),
    ]


class ProgressMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_admin_menu_item")
def acknowledgement_menu_item():
    return ProgressMenuItem(
        _("Acknowledgement progress"),
        reverse("acknowledgement_overview"),
        icon_name="tasks",
        order=250,
    )


def _progress_button(page, user):
    specific = page.specific_class
    if specific is PartyDocumentPage and user.has_perm(admin_views.PERMISSION):
        return Button(
            _("Acknowledgement progress"),
            reverse("acknowledgement_progress", args=[page.pk]),
            icon_name="tasks",
            priority=60,
        )
    return None


@hooks.register("register_page_header_buttons")
def progress_header_button(page, user, view_name=None, next_url=None):
    button = _progress_button(page, user)
    return [button] if button else []


@hooks.register("register_page_listing_more_buttons")
def progress_listing_button(page, user, next_url=None):
    button = _progress_button(page, user)
    return [button] if button else []

"""The membership in the Wagtail admin: chi bộ and committees, the member import, and Wagtail's
bulk actions on users narrowed to what a member manager may do (see portal.members.permissions).
"""

from django.db import transaction
from django.templatetags.static import static
from django.urls import path
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms.workflows import WorkflowPageForm
from wagtail.admin.menu import SubmenuMenuItem
from wagtail.models import Site
from wagtail.sites.views import IndexView as SitesIndexView
from wagtail.users.forms import PagePermissionsForm
from wagtail.users.views.bulk_actions import AssignRoleBulkAction, SetActiveStateBulkAction

from portal.caching import versions
from portal.members import views
from portal.members.permissions import can_manage, privileged_user_ids
from portal.members.viewsets import OrganisationViewSetGroup


@hooks.register("register_admin_viewset")
def organisation_viewsets():
    return OrganisationViewSetGroup()


@hooks.register("register_admin_urls")
def member_import_urls():
    return [path("members/import/", views.ImportView.as_view(), name="import_members")]


class MemberRoleBulkAction(AssignRoleBulkAction):
    """Roles carry rights: only a superuser hands them out."""

    def check_perm(self, obj):
        return self.request.user.is_superuser


class MemberActiveStateBulkAction(SetActiveStateBulkAction):
    """(De)activating is for the accounts the manager may change."""

    @cached_property
    def privileged(self):
        return privileged_user_ids()

    def check_perm(self, obj):
        return super().check_perm(obj) and can_manage(self.request.user, obj, self.privileged)

    @classmethod
    def execute_action(cls, objects, **kwargs):
        """Wagtail writes the accounts in one update, which sends no signal: the members' version
        is bumped here, or the editors' tallies would go on counting a deactivated member
        (resolutions.acknowledgements.progress)."""
        with transaction.atomic():
            result = super().execute_action(objects, **kwargs)
            versions.bump(versions.MEMBERS)
        return result


# Registered after Wagtail's own (order), so these replace them for the same action types.
hooks.register("register_bulk_action", MemberRoleBulkAction, order=1)
hooks.register("register_bulk_action", MemberActiveStateBulkAction, order=1)


# -- the organisation's name, emblem and colours instead of Wagtail's -------------------------


@hooks.register("insert_global_admin_css")
def organisation_colours():
    return format_html('<link rel="stylesheet" href="{}">', static("portal/css/admin.css"))


@hooks.register("construct_help_menu")
def office_help_menu(request, menu_items):
    """Wagtail's English guide and release notes are no help to the office."""
    menu_items[:] = [item for item in menu_items if item.name == "keyboard-shortcuts-trigger"]


@hooks.register("construct_main_menu")
def no_wagtail_version_in_menus(request, menu_items):
    """Wagtail's settings menu prints "Wagtail v8…" under it: the same menu, without it."""
    for index, item in enumerate(menu_items):
        if item.name == "settings":
            menu_items[index] = SubmenuMenuItem(
                item.label, item.menu, name=item.name, icon_name=item.icon_name, order=item.order
            )


def label_columns_from_fields(columns, model):
    """Wagtail labels a column given no label with its field's name in English ("Port", "Site
    name"): the field's translated verbose name instead."""
    for column in columns:
        if column.label == capfirst(column.name.replace("_", " ")):
            column.label = capfirst(model._meta.get_field(column.name).verbose_name)


label_columns_from_fields(SitesIndexView.columns, Site)
# Their page field has no label: Django makes "Page" of its name (read by screen readers).
for form in (PagePermissionsForm, WorkflowPageForm):
    form.base_fields["page"].label = _("Page")

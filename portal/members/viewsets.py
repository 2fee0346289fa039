"""The Wagtail admin for the membership: members (Wagtail's user admin, customised), chi bộ and
committees.

The members viewset replaces Wagtail's own through portal.members.apps.UsersAppConfig.
"""

import django_filters
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.admin.widgets.boolean_radio_select import BooleanRadioSelect
from wagtail.users.views import users

from portal.members.forms import MemberCreationForm, MemberEditForm
from portal.members.invitations import invite_members
from portal.members.permissions import can_manage, privileged_user_ids
from portal.models import Committee, PartyCell, User
from portal.text import fold, normalise


class MemberFilterSet(WagtailFilterSet):
    party_cell = django_filters.ModelChoiceFilter(
        label=_("Party cell"), queryset=PartyCell.objects.all()
    )
    position = django_filters.ChoiceFilter(label=_("Party position"), choices=User.Position)
    party_status = django_filters.ChoiceFilter(label=_("Membership status"), choices=User.Status)
    is_active = django_filters.BooleanFilter(label=_("Active"), widget=BooleanRadioSelect)
    committee = django_filters.ModelChoiceFilter(
        label=_("Committee"), field_name="groups__committee", queryset=Committee.objects.all()
    )

    def __init__(self, *args, is_searching=False, **kwargs):
        super().__init__(*args, **kwargs)

    class Meta:
        model = User
        fields = []


class MemberIndexView(users.IndexView):
    page_title = _("Members")
    add_item_label = _("Add a member")

    @cached_property
    def columns(self):
        title_column = self._get_title_column_class(users.UserColumn)
        return [
            *super().columns[:1],  # the bulk actions' checkboxes
            title_column(
                "name",
                accessor="get_full_name",
                label=_("Full name"),
                sort_key="name",
                get_url=self.get_edit_url,
                classname="name",
            ),
            Column("username", label=_("Username"), sort_key="username"),
            Column("email", label=_("E-mail"), sort_key="email"),
            Column("party_cell", label=_("Party cell"), sort_key="party_cell__order"),
            Column("position", label=_("Party position"), accessor="get_position_display"),
            Column("party_status", label=_("Status"), accessor="get_party_status_display"),
            BooleanColumn("is_active", label=_("Active"), sort_key="is_active"),
        ]

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perms(["portal.add_user", "portal.change_user"]):
            buttons.append(
                HeaderButton(_("Import from a file"), reverse("import_members"), icon_name="upload")
            )
        return buttons

    @cached_property
    def privileged(self):
        return privileged_user_ids()

    def get_edit_url(self, instance):
        if can_manage(self.request.user, instance, self.privileged):
            return super().get_edit_url(instance)
        return None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("party_cell")

    def order_queryset(self, queryset):
        if self.ordering in ("name", "-name"):
            descending = "-" if self.ordering.startswith("-") else ""
            return queryset.order_by(f"{descending}name_sort_key", f"{descending}pk")
        return super().order_queryset(queryset)

    def search_queryset(self, queryset):
        """Names match without diacritics ("nguyen van" finds "Nguyễn Văn")."""
        if not self.is_searching:
            return queryset
        query = normalise(self.search_query)
        return queryset.filter(
            Q(name_folded__icontains=fold(query))
            | Q(username__icontains=query)
            | Q(email__icontains=query)
        )


class ManagedMemberMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class MemberCreateView(ManagedMemberMixin, users.CreateView):
    page_title = _("Add a member")
    success_message = _("Member '%(object)s' created.")

    def save_instance(self):
        member = super().save_instance()
        if self.form.cleaned_data.get("invite"):
            transaction.on_commit(lambda: invite_members([member.pk]))
        return member


class MemberEditView(ManagedMemberMixin, users.EditView):
    success_message = _("Member '%(object)s' updated.")
    error_message = _("The member could not be saved due to errors.")

    def dispatch(self, request, *args, **kwargs):
        if not can_manage(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UserViewSet(users.UserViewSet):
    """Members: profile, chi bộ and committees; listed in Vietnamese order of names."""

    icon = "group"
    menu_label = _("Members")
    menu_order = 300
    add_to_settings_menu = False
    add_to_admin_menu = True
    ordering = "name"
    filterset_class = MemberFilterSet
    index_view_class = MemberIndexView
    add_view_class = MemberCreateView
    edit_view_class = MemberEditView
    create_template_name = "portal/admin/members/create.html"
    edit_template_name = "portal/admin/members/edit.html"

    def get_form_class(self, for_update=False):
        return MemberEditForm if for_update else MemberCreationForm

    def get_search_area(self):
        area = super().get_search_area()
        area.label = self.menu_label
        return area


class PartyCellForm(WagtailAdminModelForm):
    class Meta:
        model = PartyCell
        fields = ["name", "short_name", "secretary", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The secretary is one of the chi bộ's own active members (none yet for a new chi bộ).
        cell = self.instance
        members = Q(party_cell=cell, is_active=True) if cell.pk else Q(pk__in=[])
        self.fields["secretary"].queryset = User.objects.filter(
            members | Q(pk=cell.secretary_id)
        ).in_vietnamese_order()


class CountedIndexView(generic.IndexView):
    """Listings of bodies with the number of their active members."""

    count_lookup = None

    def get_base_queryset(self):
        active = Q(**{f"{self.count_lookup}__is_active": True})
        return (
            super()
            .get_base_queryset()
            .annotate(member_count=Count(self.count_lookup, filter=active, distinct=True))
        )


class PartyCellIndexView(CountedIndexView):
    count_lookup = "members"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("secretary")


class CommitteeIndexView(CountedIndexView):
    count_lookup = "group__user"

    def get_base_queryset(self):
        members = User.objects.filter(is_active=True).in_vietnamese_order()
        return (
            super()
            .get_base_queryset()
            .prefetch_related(Prefetch("group__user_set", queryset=members, to_attr="members"))
        )


def _member_names(committee):
    return ", ".join(member.get_full_name() for member in committee.group.members)


class PartyCellDeleteView(generic.DeleteView):
    """A chi bộ goes only once it has no members; its group goes with it."""

    def form_valid(self, form):
        if self.object.members.exists():
            messages.error(
                self.request, _("This chi bộ still has members: move them to another one first.")
            )
            return redirect(self.get_success_url())
        with transaction.atomic():
            group = self.object.group
            response = super().form_valid(form)
            group.delete()
        return response


class PartyCellViewSet(ModelViewSet):
    model = PartyCell
    icon = "group"
    menu_label = _("Party cells")
    add_to_admin_menu = False
    index_view_class = PartyCellIndexView
    delete_view_class = PartyCellDeleteView
    ordering = ["order", "name"]
    list_display = [
        "name",
        "short_name",
        "secretary",
        Column("member_count", label=_("Active members"), sort_key="member_count"),
        "order",
    ]
    search_fields = ["name", "short_name"]

    def get_form_class(self, for_update=False):
        return PartyCellForm


class CommitteeViewSet(ModelViewSet):
    model = Committee
    icon = "group"
    menu_label = _("Committees")
    index_view_class = CommitteeIndexView
    ordering = ["order", "name"]
    form_fields = ["name", "order"]
    list_display = [
        "name",
        Column("member_count", label=_("Active members"), sort_key="member_count"),
        Column("members", label=_("Members"), accessor=_member_names),
    ]


class OrganisationViewSetGroup(ViewSetGroup):
    """Chi bộ and committees, together in the admin menu."""

    menu_label = _("Organisation")
    menu_icon = "group"
    menu_order = 310
    items = (PartyCellViewSet("party_cells"), CommitteeViewSet("committees"))

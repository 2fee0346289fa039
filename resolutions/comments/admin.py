"""Moderation of members' comments in the Wagtail admin (registered in resolutions.wagtail_hooks).

Editors and moderators list every comment with filters, hide and restore them with a reason and
approve pending ones; each action goes into Wagtail's audit log. Comments are written on the site
only: the admin never creates, edits or deletes them, not even for a superuser.
"""

import datetime

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, re_path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button, HeaderButton, ListingButton
from wagtail.log_actions import LogFormatter

from portal.models import PartyCell, User
from resolutions.comments import exports, services
from resolutions.comments.forms import ModerationForm
from resolutions.models import Comment, PartyDocumentPage

State = Comment.State

# action: (button label, states it applies to, reason required)
ACTIONS = {
    "hide": (gettext_lazy("Hide"), (State.VISIBLE, State.PENDING), True),
    "restore": (gettext_lazy("Restore"), (State.HIDDEN,), False),
    "approve": (gettext_lazy("Approve"), (State.PENDING,), False),
}


class CommentFilterSet(WagtailFilterSet):
    page = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Document"),
        queryset=PartyDocumentPage.objects.filter(comments__isnull=False)
        .distinct()
        .order_by("title"),
    )
    author = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Author"),
        queryset=User.objects.filter(document_comments__isnull=False)
        .distinct()
        .in_vietnamese_order(),
    )
    party_cell = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Party cell"),
        field_name="author__party_cell",
        queryset=PartyCell.objects.all(),
    )
    state = django_filters.ChoiceFilter(label=gettext_lazy("State"), choices=State.choices)
    created_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Posted"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Comment
        fields = []


class CommentIndexView(generic.IndexView):
    default_ordering = "-created_at"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("page", "author__party_cell")

    @cached_property
    def filtered_page_id(self):
        value = self.request.GET.get("page", "")
        return int(value) if value.isdigit() else None

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.filtered_page_id:
            for fmt, label in (("xlsx", _("Export XLSX")), ("docx", _("Summary report (Word)"))):
                url = reverse("comment_moderation:export", args=[self.filtered_page_id, fmt])
                buttons.append(HeaderButton(label, url=url, icon_name="download"))
        return buttons

    def get_list_buttons(self, instance):
        buttons = []
        if self.request.user.has_perm(services.MODERATE_PERMISSION):
            for action, (label, states, _reason) in ACTIONS.items():
                if instance.state in states:
                    url = reverse("comment_moderation:moderate", args=[instance.pk, action])
                    buttons.append(ListingButton(label, url=url, priority=10))
        return buttons + super().get_list_buttons(instance)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            Button(
                _("History"),
                url=reverse("comment_moderation:history", args=[instance.pk]),
                icon_name="history",
                priority=40,
            )
        )
        if instance.page.live:
            buttons.append(
                Button(
                    _("Show on the site"),
                    url=f"{instance.page.url}#binh-luan-{instance.pk}",
                    icon_name="link-external",
                    priority=50,
                )
            )
        return buttons


class CommentHistoryView(HistoryView):
    """The audit log of one comment, for whoever may read the comments."""

    any_permission_required = ["view", "change"]
    header_buttons = []


class ModerateView(WagtailAdminTemplateMixin, FormView):
    template_name = "resolutions/comments/admin/moderate.html"
    form_class = ModerationForm
    header_icon = "comment"

    def dispatch(self, request, pk, action):
        if not request.user.has_perm(services.MODERATE_PERMISSION):
            raise PermissionDenied
        self.comment = get_object_or_404(
            Comment.objects.select_related("page", "author__party_cell"), pk=pk
        )
        self.action = action
        self.label, self.states, self.reason_required = ACTIONS[action]
        return super().dispatch(request)

    def get_page_title(self):
        return f"{self.label}: {self.comment}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("comment_moderation:index"), "label": _("Member comments")},
            {"url": "", "label": str(self.label)},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "reason_required": self.reason_required}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            comment=self.comment,
            action=self.action,
            applies=self.comment.state in self.states,
            submit_button_label=self.label,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.moderate(
                self.comment, self.request.user, self.action, form.cleaned_data["reason"]
            )
        except services.CommentRefused as refusal:
            messages.error(self.request, refusal.message)
        else:
            messages.success(self.request, _("Done: %(action)s.") % {"action": self.label})
        back = reverse("comment_moderation:index")
        return redirect(f"{back}?page={self.comment.page_id}")


def export(request, page_id, fmt):
    if not request.user.has_perm(services.VIEW_PERMISSION):
        raise PermissionDenied
    page = get_object_or_404(PartyDocumentPage, pk=page_id)
    if fmt == "xlsx":
        content, content_type = exports.comments_xlsx(page), exports.XLSX_TYPE
    else:
        content, content_type = exports.comments_docx(page), exports.DOCX_TYPE
    response = HttpResponse(content, content_type=content_type)
    filename = f"gop-y-{page.slug}.{fmt}" if fmt == "xlsx" else f"bao-cao-gop-y-{page.slug}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class CommentInspectView(generic.InspectView):
    """Empty fields as a dash, times in the portal's time zone and format."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return "—"
        if isinstance(value, datetime.datetime):
            return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
        return value


class CommentViewSet(ModelViewSet):
    model = Comment
    name = "comment_moderation"
    url_prefix = "gop-y"
    icon = "comment"
    menu_label = gettext_lazy("Member comments")
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = CommentIndexView
    history_view_class = CommentHistoryView
    filterset_class = CommentFilterSet
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = CommentInspectView
    inspect_view_fields = [
        "page",
        "section_label",
        "parent",
        "author",
        "text",
        "state",
        "created_at",
        "edited_at",
        "removed_at",
        "moderated_by",
        "moderated_at",
        "moderation_reason",
    ]
    search_fields = ["text", "author__full_name"]
    search_backend_name = None
    list_display = [
        "__str__",
        Column("page", label=gettext_lazy("Document")),
        Column("section_label", label=gettext_lazy("Section")),
        Column("author", label=gettext_lazy("Author")),
        Column("party_cell", label=gettext_lazy("Party cell"), accessor="author.party_cell"),
        Column("state", label=gettext_lazy("State"), accessor="get_state_display"),
        DateColumn("created_at", label=gettext_lazy("Posted"), sort_key="created_at"),
    ]

    def get_common_view_kwargs(self, **kwargs):
        """No add, edit, delete or usage views: comments are written on the site only."""
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "delete_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    @property
    def url_finder_class(self):
        """Links to a comment (the usage of a document, the site history) open its inspect
        view: there is no edit view to link to."""
        return type(
            "CommentURLFinder",
            (ModelAdminURLFinder,),
            {"edit_url_name": self.get_url_name("inspect")},
        )

    def get_urlpatterns(self):
        """The listing, inspect and history views only, and moderation and exports."""
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
            re_path(
                r"^(?P<pk>\d+)/(?P<action>hide|restore|approve)/$",
                ModerateView.as_view(),
                name="moderate",
            ),
            re_path(r"^xuat/(?P<page_id>\d+)/(?P<fmt>xlsx|docx)/$", export, name="export"),
        ]


def register_log_actions(actions):
    """Labels and messages of the moderation actions in the audit log."""
    labels = {
        "hide": (gettext_lazy("Hide member comment"), gettext_lazy("Comment hidden")),
        "restore": (gettext_lazy("Restore member comment"), gettext_lazy("Comment restored")),
        "approve": (gettext_lazy("Approve member comment"), gettext_lazy("Comment approved")),
        "edit": (gettext_lazy("Edit member comment"), gettext_lazy("Comment edited")),
    }
    for key, (label, message) in labels.items():

        class Formatter(LogFormatter):
            def format_message(self, log_entry, message=message):
                reason = (log_entry.data or {}).get("reason")
                return f"{message}: {reason}" if reason else str(message)

        Formatter.label = label
        actions.register_action(services.LOG_ACTIONS[key])(Formatter)

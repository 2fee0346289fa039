"""The member import as an admin screen: upload, then the per-row report."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from portal.members.forms import ImportForm
from portal.members.importing import ImportFileError, Outcome, import_members

# Rows listed on the report page beyond the errors (a 20,000-row file is summed up in counts).
LISTED_ROWS = 1000


class ImportView(WagtailAdminTemplateMixin, FormView):
    form_class = ImportForm
    template_name = "portal/admin/members/import.html"
    page_title = _("Import members")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perms(["portal.add_user", "portal.change_user"]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        members = {"url": reverse("wagtailusers_users:index"), "label": _("Members")}
        return [*self.breadcrumbs_items, members, {"url": "", "label": self.page_title}]

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            report = import_members(
                upload.read(),
                upload.name,
                dry_run=form.cleaned_data["dry_run"],
                accept_valid=form.cleaned_data["accept_valid"],
                invite=form.cleaned_data["invite"],
                actor=self.request.user,
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        errors = [row for row in report.rows if row.outcome == Outcome.ERROR]
        others = [row for row in report.rows if row.outcome != Outcome.ERROR]
        context = self.get_context_data(
            form=form,
            report=report,
            error_rows=errors,
            listed_rows=others[:LISTED_ROWS],
            unlisted=max(0, len(others) - LISTED_ROWS),
        )
        return self.render_to_response(context)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

"""The document editor's additions in the Wagtail admin (imported by ResolutionsConfig.ready)."""

import html

from django.contrib import messages as django_messages
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.action_menu import WorkflowMenuItem
from wagtail.log_actions import LogFormatter

from resolutions.templatetags.document_audience import reader_audience
from resolutions.viewsets import PartyDocumentListingViewSet


@hooks.register("insert_editor_js")
def document_editor_js():
    return format_html(
        '<script src="{}" defer></script><script src="{}" defer></script>',
        static("resolutions/js/numbering.js"),
        static("resolutions/js/audience.js"),
    )


@hooks.register("register_admin_viewset")
def party_document_listing():
    return PartyDocumentListingViewSet()


@hooks.register("register_log_actions")
def audience_log_action(actions):
    from resolutions.document_audience import LOG_ACTION

    @actions.register_action(LOG_ACTION)
    class AudienceChanged(LogFormatter):
        label = gettext_lazy("Choose who may read the document")

        def format_message(self, log_entry):
            audience = (log_entry.data or {}).get("audience", "")
            return _("Who may read it: %(audience)s") % {"audience": audience}


@hooks.register("construct_page_action_menu")
def approval_names_audience(menu_items, request, context):
    """ "Duyệt và xuất bản" says who will read the document."""
    page = context.get("page")
    audience = reader_audience(page) if page is not None else None
    if audience is None:
        return
    for item in menu_items:
        if isinstance(item, WorkflowMenuItem) and item.name == "approve":
            item.label = _("%(action)s for: %(audience)s") % {
                "action": item.label,
                "audience": audience.describe(),
            }


@hooks.register("construct_homepage_panels")
def office_today(request, panels):
    """ "What needs me today" first; Wagtail's news of its own releases out."""
    from resolutions.dashboard import OfficeTodayPanel

    panels[:] = [panel for panel in panels if panel.name != "whats_new_in_wagtail_version"]
    panels.insert(0, OfficeTodayPanel(request))


@hooks.register("after_edit_page")
def approval_says_what_happened(request, page):
    """Approving from the editor leaves Wagtail's "Đã cập nhật trang" message: say instead that
    the document was approved, and published for whom."""
    if "action-workflow-action" not in request.POST:
        return
    if request.POST.get("workflow-action-name") != "approve":
        return
    title = page.get_admin_display_title()
    updated = _("Page '%(page_title)s' has been updated.") % {"page_title": title}
    storage = django_messages.get_messages(request)
    storage._queued_messages = [
        m for m in storage._queued_messages if html.unescape(str(m)).strip() != updated
    ]
    page = type(page).objects.get(pk=page.pk)
    audience = reader_audience(page)
    if page.live and audience is not None:
        message = _("“%(title)s” was approved and published for: %(audience)s.") % {
            "title": title,
            "audience": audience.describe(),
        }
    else:
        message = _("“%(title)s” was approved.") % {"title": title}
    messages.success(request, message)

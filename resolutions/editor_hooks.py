"""The document editor's additions in the Wagtail admin (imported by ResolutionsConfig.ready)."""

from django.contrib import messages as django_messages
from django.templatetags.static import static
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.action_menu import WorkflowMenuItem
from wagtail.log_actions import LogFormatter

from resolutions.templatetags.document_audience import reader_audience
from resolutions.viewsets import OfficePageViewSet, PartyDocumentListingViewSet


@hooks.register("insert_editor_js")
def document_editor_js():
    scripts = ("numbering.js", "audience.js", "side_panel.js")
    return format_html_join(
        "", '<script src="{}" defer></script>', ((static(f"resolutions/js/{s}"),) for s in scripts)
    )


@hooks.register("register_admin_viewset")
def party_document_listing():
    return PartyDocumentListingViewSet()


@hooks.register("register_admin_viewset", order=1)  # after Wagtail's own, which it replaces
def office_pages():
    return OfficePageViewSet()


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


def replace_wagtail_message(request, wagtail_message, message):
    """Say `message` instead of Wagtail's success message (its msgid, already filled in), keeping
    the buttons Wagtail put beside it."""
    wagtail_html, message_html = escape(wagtail_message), escape(message)
    queued = django_messages.get_messages(request)._queued_messages
    replaced = [m for m in queued if wagtail_html in m.message]
    for m in replaced:
        m.message = mark_safe(m.message.replace(wagtail_html, message_html))  # noqa: S308
    if not replaced:
        messages.success(request, message)


@hooks.register("after_edit_page")
def approval_says_what_happened(request, page):
    """Approving from the editor leaves Wagtail's "Đã cập nhật trang" message: say instead that
    the document was approved, and published for whom."""
    if "action-workflow-action" not in request.POST:
        return
    if request.POST.get("workflow-action-name") != "approve":
        return
    title = page.get_admin_display_title()
    page = type(page).objects.get(pk=page.pk)
    audience = reader_audience(page)
    if page.live and audience is not None:
        message = _("“%(title)s” was approved and published for: %(audience)s.") % {
            "title": title,
            "audience": audience.describe(),
        }
    else:
        message = _("“%(title)s” was approved.") % {"title": title}
    updated = _("Page '%(page_title)s' has been updated.") % {"page_title": title}
    replace_wagtail_message(request, updated, message)


@hooks.register("after_create_page")
def creation_says_what_happened(request, page):
    """A new document: "Đã tạo văn bản …", saved as a draft, sent for approval or published,
    and for whom, instead of Wagtail's words for any page."""
    audience = reader_audience(page)
    if audience is None or request.method != "POST":
        return
    values = {"title": page.get_admin_display_title(), "audience": audience.describe()}
    if "action-publish" in request.POST:
        if not page.live:  # scheduled: Wagtail's message says when
            return
        wagtail_message = _("Page '%(page_title)s' created and published.")
        message = _("Document “%(title)s” created and published for: %(audience)s.")
    elif "action-submit" in request.POST:
        wagtail_message = _("Page '%(page_title)s' created and submitted for moderation.")
        message = _(
            "Document “%(title)s” created and sent for approval; once approved it is for: "
            "%(audience)s."
        )
    else:
        wagtail_message = _("Page '%(page_title)s' created.")
        message = _("Document “%(title)s” created as a draft: nobody reads it yet.")
    wagtail_message %= {"page_title": values["title"]}
    replace_wagtail_message(request, wagtail_message, message % values)

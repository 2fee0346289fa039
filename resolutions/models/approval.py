"""The secretary's approval step: approving a document shows who will read it, and publishing
one to visitors asks for a second confirmation."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.forms import TaskStateCommentForm
from wagtail.models import GroupApprovalTask


class ApprovalForm(TaskStateCommentForm):
    audience_is_public = forms.BooleanField(required=False, widget=forms.HiddenInput)
    confirm_public = forms.BooleanField(
        label=gettext_lazy("I confirm: publish this document for everyone, visitors included"),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("audience_is_public") and not cleaned.get("confirm_public"):
            self.add_error(
                "confirm_public",
                _("This document will be public: tick the confirmation to publish it."),
            )
        return cleaned


def is_public_document(page):
    from resolutions.models import PartyDocumentPage

    page = page.specific_deferred
    return isinstance(page, PartyDocumentPage) and page.reader_audience.is_public


class DocumentApprovalTask(GroupApprovalTask):
    """Wagtail's group approval, every decision taken in its dialog (which names the audience)."""

    def get_actions(self, obj, user):
        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve"), True),
        ]

    def get_form_for_action(self, action):
        return ApprovalForm if action == "approve" else super().get_form_for_action(action)

    def get_template_for_action(self, action):
        return "resolutions/admin/workflow_action_modal.html"

    def on_action(self, task_state, user, action_name, **kwargs):
        # The confirmation was checked by the dialog's form (and the page's form).
        kwargs.pop("confirm_public", None)
        kwargs.pop("audience_is_public", None)
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve; the dialog shows who will read it")

    class Meta:
        verbose_name = gettext_lazy("Approval of documents")
        verbose_name_plural = gettext_lazy("Approvals of documents")

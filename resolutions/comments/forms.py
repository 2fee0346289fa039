"""The comment forms on the document page; the rules themselves are in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from resolutions.comments.services import MAX_LENGTH, section_label


class CommentForm(forms.Form):
    """A new comment or a reply. Text length is checked by services.clean_text, so that what
    the member typed comes back to them whatever was wrong."""

    text = forms.CharField(
        label=_("Your comment"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "data-comment-limit": MAX_LENGTH}),
    )
    section = forms.ChoiceField(label=_("Comment on"), required=False)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("The whole document (general comment)"))]
        if page is not None:
            choices += [(anchor, section_label(page, anchor)) for anchor, *_rest in page.sections]
        self.fields["section"].choices = choices


class EditCommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "data-comment-limit": MAX_LENGTH}),
    )


class ModerationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the audit log; the author reads it when a comment is hidden."),
    )

    def __init__(self, *args, reason_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required


class PreferencesForm(forms.Form):
    notify_replies = forms.BooleanField(
        label=_("E-mail me when someone replies to my comments"), required=False
    )
    notify_digest = forms.BooleanField(
        label=_("Daily digest of new comments on the documents I edit"), required=False
    )

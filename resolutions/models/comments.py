"""Members' comments on documents: discussion, and consultation on drafts (lấy ý kiến góp ý).

A comment is evidence of what a member said. It keeps its author (PROTECT: deactivated members
keep their comments) and its document (PROTECT: a document with comments cannot be deleted;
Wagtail's delete screen lists them through the reference index). A comment deleted by its author
keeps its row with the text emptied; moderation hides, it never deletes.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Comment(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        VISIBLE = "visible", _("Visible")
        HIDDEN = "hidden", _("Hidden by a moderator")
        REMOVED = "removed", _("Deleted by the author")

    page = models.ForeignKey(
        "resolutions.PartyDocumentPage",
        verbose_name=pgettext_lazy("party document", "document"),
        on_delete=models.PROTECT,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="document_comments",
    )
    section = models.CharField(
        _("section"),
        max_length=100,
        blank=True,
        help_text=_("Anchor of the heading commented on; empty for a general comment."),
    )
    section_label = models.CharField(_("section heading"), max_length=320, blank=True)
    text = models.TextField(_("comment text"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.VISIBLE, db_index=True
    )
    created_at = models.DateTimeField(_("posted at"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    removed_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderation_reason = models.TextField(_("reason"), blank=True)
    # Set when the comment went out in the editors' daily digest, so it goes out once.
    digested_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("member comment")
        verbose_name_plural = _("member comments")
        indexes = [
            models.Index(
                fields=["page", "parent", "created_at"], name="resolutions_comment_thread"
            ),
            models.Index(fields=["page", "section", "state"], name="resolutions_comment_section"),
        ]

    def __str__(self):
        if self.state == self.State.REMOVED:
            return str(_("(deleted comment)"))
        text = " ".join(self.text.split())
        return text if len(text) <= 80 else text[:79] + "…"


class CommentPreferences(models.Model):
    """A member's choice of comment e-mails, set in "Tài khoản của tôi" (no row: all on)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="comment_preferences",
    )
    notify_replies = models.BooleanField(
        _("E-mail me when someone replies to my comments"), default=True
    )
    notify_digest = models.BooleanField(
        _("Daily digest of new comments on the documents I edit"), default=True
    )

    class Meta:
        verbose_name = _("comment e-mail preferences")
        verbose_name_plural = _("comment e-mail preferences")

    def __str__(self):
        return str(self.user)

    @classmethod
    def for_user(cls, user):
        """The member's preferences, unsaved defaults when they never changed them."""
        return cls.objects.filter(user=user).first() or cls(user=user)

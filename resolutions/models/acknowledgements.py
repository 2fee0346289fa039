"""Read receipts and acknowledgements: who opened and who confirmed each document, provably.

An acknowledgement round opens when a document requiring acknowledgement is first published,
and again at every publish marked as a substantive change; members owe one acknowledgement per
round. Each acknowledgement keeps the exact revision shown and a SHA-256 fingerprint of its
text, so what was acknowledged can be proven later (`manage.py verify_acknowledgements`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AcknowledgementRound(models.Model):
    page = models.ForeignKey(
        "resolutions.PartyDocumentPage",
        verbose_name=pgettext_lazy("party document", "document"),
        on_delete=models.PROTECT,
        related_name="acknowledgement_rounds",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revision that opened the round"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    is_current = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("acknowledgement round")
        verbose_name_plural = _("acknowledgement rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["page"],
                condition=models.Q(is_current=True),
                name="resolutions_one_current_round_per_page",
            )
        ]

    def __str__(self):
        return f"{self.page_id} @ {self.revision_id}"


class RevisionFingerprint(models.Model):
    """The fingerprint of a revision's text (resolutions.acknowledgements.services), stored when
    it is published: a revision never changes, and a page showing the code of its printed copy
    would otherwise load and decode its revision."""

    revision = models.OneToOneField(
        "wagtailcore.Revision", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64)

    def __str__(self):
        return f"{self.revision_id}: {self.fingerprint}"


class Channel(models.TextChoices):
    SITE = "site", _("the portal")
    EMAIL = "email", _("the link in an e-mail")


class Acknowledgement(models.Model):
    round = models.ForeignKey(
        AcknowledgementRound, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    page = models.ForeignKey(
        "resolutions.PartyDocumentPage",
        verbose_name=pgettext_lazy("party document", "document"),
        on_delete=models.PROTECT,
        related_name="acknowledgements",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="acknowledgements",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revision acknowledged"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=500, blank=True)
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64)
    takeaway = models.TextField(_("takeaway"), blank=True)
    channel = models.CharField(
        _("acknowledged through"),
        max_length=10,
        choices=Channel.choices,
        default=Channel.SITE,
        db_default=Channel.SITE,  # rows written in bulk (generate_scale) name no channel
    )
    previous_fingerprint = models.CharField(
        _("fingerprint of the version acknowledged before"),
        max_length=64,
        blank=True,
        db_default="",
        help_text=_("Set when the member confirmed only the sections changed since then."),
    )

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "round"], name="resolutions_one_acknowledgement_per_round"
            )
        ]
        indexes = [
            models.Index(fields=["page", "member"]),
            models.Index(fields=["round", "acknowledged_at"]),
            models.Index(fields=["member", "acknowledged_at"]),
            # Who acknowledged a round, read from the index alone (progress, pending members).
            models.Index(fields=["round", "member"], name="resolutions_ack_round_member"),
            # The progress view's takeaways: the few acknowledgements with one, newest first,
            # without reading every row of the round (most members write none).
            models.Index(
                fields=["round", "-acknowledged_at"],
                condition=~models.Q(takeaway=""),
                name="resolutions_ack_takeaway",
            ),
        ]

    def __str__(self):
        return f"{self.member} – {self.page_id}"


class ReadReceipt(models.Model):
    """First and last time a member opened a document (written at most once a day)."""

    page = models.ForeignKey(
        "resolutions.PartyDocumentPage", on_delete=models.CASCADE, related_name="read_receipts"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_receipts"
    )
    first_opened_at = models.DateTimeField(_("first opened"))
    last_opened_at = models.DateTimeField(_("last opened"))
    # Recorded once, by resolutions/static/resolutions/js/reading.js, when the end of the text
    # has been on the reader's screen; nothing else about the reading is recorded.
    reached_end_at = models.DateTimeField(_("reached the end"), null=True, blank=True)

    class Meta:
        verbose_name = _("read receipt")
        verbose_name_plural = _("read receipts")
        constraints = [
            models.UniqueConstraint(fields=["page", "member"], name="resolutions_one_receipt")
        ]

    def __str__(self):
        return f"{self.member_id} – {self.page_id}"


class AcknowledgementReminder(models.Model):
    """One reminder e-mail per member, document and day, whatever runs the reminders."""

    page = models.ForeignKey(
        "resolutions.PartyDocumentPage", on_delete=models.CASCADE, related_name="+"
    )
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "member", "sent_on"], name="resolutions_one_reminder_a_day"
            )
        ]

    def __str__(self):
        return f"{self.member_id} – {self.page_id} – {self.sent_on}"


class AcknowledgementLink(models.Model):
    """The single-use link of one e-mail: it signs one member in to one document.

    Only the SHA-256 of the token is stored; see the README's threat model."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey(
        "resolutions.PartyDocumentPage", on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    code_hash = models.CharField(max_length=64, blank=True)
    code_sent_at = models.DateTimeField(null=True, blank=True)
    codes_sent = models.PositiveSmallIntegerField(default=0)
    code_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("e-mail link")
        verbose_name_plural = _("e-mail links")
        indexes = [models.Index(fields=["member", "created_at"])]

    def __str__(self):
        return f"{self.member_id} – {self.page_id}"

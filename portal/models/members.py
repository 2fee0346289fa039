"""Members of the Đảng bộ, its chi bộ (party cells) and committees.

Every chi bộ and committee is backed by a Django group, so Wagtail's view restrictions and
permissions use them directly; a member's chi bộ membership is kept in step with the group.
"""

from django.contrib.auth.models import AbstractUser, Group, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from portal.collation import name_sort_key
from portal.text import fold


class GroupBackedMixin:
    """The body's members are the users of its own Django group, which carries its name."""

    def clean(self):
        super().clean()
        clash = Group.objects.filter(name=self.name)
        if self.group_id is not None:
            clash = clash.exclude(pk=self.group_id)
        if clash.exists():
            # Taking over another group (a role such as the editors) would hand out its rights.
            raise ValidationError({"name": _("A group with this name already exists.")})

    def save(self, *args, **kwargs):
        if self.group_id is None:
            self.group, _created = Group.objects.get_or_create(name=self.name)
        elif self.group.name != self.name:
            self.group.name = self.name
            self.group.save(update_fields=["name"])
        super().save(*args, **kwargs)


class PartyCell(GroupBackedMixin, models.Model):
    """A chi bộ."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, unique=True)
    secretary = models.ForeignKey(
        "portal.User",
        verbose_name=_("secretary"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="party_cell")

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("party cell")
        verbose_name_plural = _("party cells")

    def __str__(self):
        return self.name


class Committee(GroupBackedMixin, models.Model):
    """Ban Chấp hành, Ban Thường vụ, Ủy ban Kiểm tra: members are the users of its group."""

    class Kind(models.TextChoices):
        EXECUTIVE = "ban-chap-hanh", _("Executive committee")
        STANDING = "ban-thuong-vu", _("Standing committee")
        INSPECTION = "uy-ban-kiem-tra", _("Inspection committee")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="committee")

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")

    def __str__(self):
        return self.name


class MemberQuerySet(models.QuerySet):
    def active_members(self):
        """Active accounts that belong to a chi bộ: the people documents are addressed to."""
        return self.filter(is_active=True, party_cell__isnull=False)

    def in_vietnamese_order(self):
        return self.order_by("name_sort_key", "pk")


class MemberManager(UserManager.from_queryset(MemberQuerySet)):
    pass


class User(AbstractUser):
    """An account; for a Party member it also carries their profile."""

    class Position(models.TextChoices):
        SECRETARY = "bi-thu", _("Secretary")
        DEPUTY_SECRETARY = "pho-bi-thu", _("Deputy secretary")
        COMMITTEE_MEMBER = "dang-uy-vien", _("Party committee member")
        INSPECTION_MEMBER = "uy-vien-ubkt", _("Inspection committee member")
        MEMBER = "dang-vien", _("Party member")

    class Status(models.TextChoices):
        FULL = "chinh-thuc", _("Full member")
        PROBATIONARY = "du-bi", _("Probationary member")

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    name_sort_key = models.CharField(max_length=600, blank=True, editable=False, db_index=True)
    # The full name without diacritics, for searching "nguyen van a" as well as "Nguyễn Văn A".
    name_folded = models.CharField(max_length=150, blank=True, editable=False)
    party_cell = models.ForeignKey(
        PartyCell,
        verbose_name=_("party cell"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    position = models.CharField(
        _("Party position"), max_length=20, choices=Position.choices, default=Position.MEMBER
    )
    party_status = models.CharField(
        _("membership status"), max_length=20, choices=Status.choices, default=Status.FULL
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    objects = MemberManager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="portal_user_email_ci_unique",
                violation_error_message=_("Another account already uses this e-mail address."),
            )
        ]
        # The audience of a document (active members of a chi bộ) counted or listed per chi bộ
        # from the index alone, without reading each member's row (acknowledgement progress).
        indexes = [models.Index(fields=["party_cell", "is_active"], name="portal_user_cell_active")]

    def __str__(self):
        return self.full_name or self.get_username()

    def get_full_name(self):
        return self.full_name or super().get_full_name() or self.get_username()

    def get_short_name(self):
        return self.full_name.split()[-1] if self.full_name.strip() else self.get_username()

    def update_computed_fields(self):
        """Fill the full name from first/last name if empty, and the sort and search keys from
        it. save() calls this; bulk writes (the member import) call it themselves.

        The e-mail address is kept in lower case: allauth looks addresses up in lower case."""
        self.email = self.email.strip().lower()
        if not self.full_name:
            self.full_name = " ".join(p for p in (self.last_name, self.first_name) if p).strip()
        self.name_sort_key = name_sort_key(self.full_name or self.username)
        self.name_folded = fold(self.full_name)

    def save(self, *args, **kwargs):
        self.update_computed_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_sort_key", "name_folded"}
        super().save(*args, **kwargs)

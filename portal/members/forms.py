"""Forms of the members admin: the member's profile, and the import upload."""

from django import forms
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from portal.models import Committee

PROFILE_FIELDS = ["full_name", "party_cell", "position", "party_status", "phone"]


def role_groups():
    """Groups that are roles (editors, moderators…), not a chi bộ or committee."""
    return Group.objects.filter(party_cell__isnull=True, committee__isnull=True).order_by("name")


class MemberFormMixin:
    """The profile instead of first/last name; chi bộ and committees instead of raw groups.

    The chi bộ group follows the party_cell field (portal.signals). Committees are offered to
    every member manager (their groups give no rights in the admin); roles and the administrator
    flag only to superusers, so an editor cannot grant rights, themselves or anyone else.
    Nobody changes their own chi bộ or committees: that would grant themselves an audience.
    """

    first_name = None
    last_name = None

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["full_name"].required = True
        self.fields["committees"] = forms.ModelMultipleChoiceField(
            label=_("Committees"),
            queryset=Committee.objects.all(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=Committee.objects.filter(group__user=self.instance) if self.instance.pk else [],
        )
        if for_user is not None and for_user.is_superuser and "is_superuser" in self.fields:
            self.fields["roles"] = forms.ModelMultipleChoiceField(
                label=_("Roles"),
                queryset=role_groups(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_(
                    "Roles give access to the admin (editors) and the right to approve "
                    "and publish (moderators)."
                ),
                initial=role_groups().filter(user=self.instance) if self.instance.pk else [],
            )
        else:
            self.fields.pop("is_superuser", None)
        if for_user is not None and self.instance.pk == for_user.pk:
            for name in ("party_cell", "committees"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Another member manager changes your own party cell and committees."
                )

    def _save_m2m(self):
        super()._save_m2m()
        user = self.instance
        chosen = [committee.group for committee in self.cleaned_data["committees"]]
        self._replace_groups(user, Group.objects.filter(committee__isnull=False), chosen)
        if "roles" in self.fields:
            self._replace_groups(user, role_groups(), self.cleaned_data["roles"])

    @staticmethod
    def _replace_groups(user, scope, chosen):
        user.groups.remove(*scope.exclude(pk__in=[group.pk for group in chosen]))
        user.groups.add(*chosen)


class MemberCreationForm(MemberFormMixin, UserCreationForm):
    """A new member gets no password here: an invitation lets them choose it."""

    invite = forms.BooleanField(
        label=_("Send an invitation e-mail"),
        required=False,
        initial=True,
        help_text=_("The member receives a link to choose their password."),
    )

    password_required = False
    password_enabled = False

    class Meta(UserCreationForm.Meta):
        fields = ["username", "email", *PROFILE_FIELDS, "is_superuser"]

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
            self.save_m2m()
        return user


class MemberEditForm(MemberFormMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = ["username", "email", *PROFILE_FIELDS, "is_active", "is_superuser"]


class ImportForm(forms.Form):
    MAX_SIZE = 10 * 1024 * 1024

    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV or Excel (.xlsx) with the columns: họ tên, email, chi bộ, chức vụ, "
            "trạng thái, điện thoại. The first three are required."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the file"), required=False, help_text=_("Nothing is written.")
    )
    accept_valid = forms.BooleanField(
        label=_("Import the valid rows even if other rows have errors"), required=False
    )
    invite = forms.BooleanField(
        label=_("Send new members an invitation e-mail"), required=False, initial=True
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size > self.MAX_SIZE:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload

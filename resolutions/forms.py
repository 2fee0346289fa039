"""The editor's form for a Party document: who may read it, the header filled in from what the
office wrote before, and number suggestions per type and term."""

import json

from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.slugs import VietnameseSlugPageForm
from resolutions.document_audience import GROUPS, MEMBERS, PUBLIC, Audience, managed_groups

# Header fields a new document takes from the last document of its kind.
HEADER_FIELDS = ("superior_body", "issuing_body", "place", "term", "signing_capacity")
SIGNER_FIELDS = ("signer_title", "signer_name")


def is_publishing(data):
    """Whether the editor's button publishes: "Xuất bản", or approving in the workflow."""
    if "action-publish" in data:
        return True
    return "action-workflow-action" in data and data.get("workflow-action-name") == "approve"


def workflow_confirmed_public(data):
    """The approval dialog's confirmation, sent along with the form."""
    try:
        extra = json.loads(data.get("workflow-action-extra-data") or "{}")
    except ValueError:
        return False
    return isinstance(extra, dict) and extra.get("confirm_public") is True


class PartyDocumentForm(VietnameseSlugPageForm):
    audience = forms.ChoiceField(
        label=gettext_lazy("Who may read it"),
        choices=[
            (MEMBERS, gettext_lazy("All members")),
            (GROUPS, gettext_lazy("Only the chi bộ or committees ticked below")),
            (PUBLIC, gettext_lazy("Public: everyone, visitors included")),
        ],
        widget=forms.RadioSelect,
    )
    audience_groups = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Chi bộ and committees"),
        queryset=Group.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confirm_public = forms.BooleanField(
        label=gettext_lazy("I confirm: publish this document for everyone, visitors included"),
        required=False,
        help_text=gettext_lazy("Asked again only when a public document is published."),
    )
    checked_against_original = forms.BooleanField(
        label=gettext_lazy("Checked against the original"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        from resolutions.numbering import suggestions  # the models import this form

        super().__init__(*args, **kwargs)
        page = self.instance
        # Optional in the model only for imports whose header lost it; an editor names it.
        self.fields["issuing_body"].required = True
        self.fields["audience_groups"].queryset = managed_groups()
        self.fields["audience_groups"].label_from_instance = str
        current = Audience.of(page)
        self.initial.setdefault("audience", current.kind)
        self.initial.setdefault("audience_groups", [group.pk for group in current.groups])
        if not page.pk:
            self._prefill_header(page)
        self._ask_for_check(page)
        term = page.term or self.initial.get("term") or self._latest_term()
        issuing_body = page.issuing_body or self.initial.get("issuing_body", "")
        suggested = suggestions(term, issuing_body, exclude_pk=page.pk)
        number = self.fields["number"]
        number.widget.attrs["data-number-suggestions"] = json.dumps(suggested, ensure_ascii=False)
        number.widget.attrs["data-use-label"] = _("Use the suggested number")
        if page.doc_type in suggested:
            number.widget.attrs["placeholder"] = suggested[page.doc_type]
        number.help_text = _(
            'Without "Số", for example 05-NQ/ĐU. The next free number of the chosen type%(term)s '
            "is suggested in the box; leave it to type your own."
        ) % {"term": _(" in term %(term)s") % {"term": term} if term else ""}

    def _ask_for_check(self, page):
        """An imported page still to be checked says what to check; the box clears it."""
        if not page.needs_checking:
            del self.fields["checked_against_original"]
            return
        reasons = []
        if page.read_by_ocr:
            reasons.append(_("its text was read by OCR from a scan and may hold misread letters"))
        if page.fields_to_check:
            names = ", ".join(
                str(page._meta.get_field(name).verbose_name) for name in page.fields_to_check
            )
            reasons.append(_("check these fields: %(fields)s") % {"fields": names})
        self.fields["checked_against_original"].help_text = _(
            "This document was imported: %(reasons)s. Compare it with the original file "
            "(in the attachments), then tick this box."
        ) % {"reasons": "; ".join(reasons)}

    def _prefill_header(self, page):
        """A new document starts with the header of the office's last document (the signer of
        the last one of the same type when asked for a type), else the site's settings."""
        from portal.models import SiteSettings
        from resolutions.models import PartyDocumentPage

        documents = PartyDocumentPage.objects.order_by("-issued_on", "-pk")
        last = documents.first()
        if page.doc_type:
            last = documents.filter(doc_type=page.doc_type).first() or last
        if last is not None:
            values = {name: getattr(last, name) for name in HEADER_FIELDS + SIGNER_FIELDS}
        else:
            parent = getattr(self, "parent_page", None)
            site = parent.get_site() if parent is not None else None
            if site is None:
                return
            settings = SiteSettings.for_site(site)
            values = {
                "superior_body": settings.superior_body,
                "issuing_body": settings.organisation_name.upper(),
            }
        for name, value in values.items():
            if not self.initial.get(name):
                self.initial[name] = value

    @staticmethod
    def _latest_term():
        from resolutions.models import PartyDocumentPage

        latest = PartyDocumentPage.objects.exclude(term="").order_by("-issued_on", "-pk")
        return latest.values_list("term", flat=True).first() or ""

    def clean(self):
        cleaned = super().clean()
        kind, groups = cleaned.get("audience"), cleaned.get("audience_groups")
        if kind == GROUPS and not groups:
            self.add_error("audience_groups", _("Tick at least one chi bộ or committee."))
        parent = getattr(self, "parent_page", None) or (
            self.instance.get_parent() if self.instance.pk else None
        )
        if kind == PUBLIC and parent is not None and not Audience.of(parent).is_public:
            self.add_error(
                "audience",
                _("The library itself is for %(audience)s: its documents cannot be public.")
                % {"audience": Audience.of(parent).describe()},
            )
        if (
            kind == PUBLIC
            and is_publishing(self.data)
            and not cleaned.get("confirm_public")
            and not workflow_confirmed_public(self.data)
        ):
            self.add_error(
                "confirm_public",
                _(
                    "This document will be public: anyone on the internet can read it. Tick the "
                    "confirmation to publish it."
                ),
            )
        return cleaned

    def full_clean(self):
        """Errors on a tab other than the one open are easy to miss: say which tabs have them."""
        super().full_clean()
        if not self.is_bound or not self._errors:
            return
        from resolutions.models import PartyDocumentPage

        tabs = [
            str(tab.heading)
            for tab in PartyDocumentPage.get_edit_handler().children
            if set(tab.get_form_options().get("fields", [])) & set(self._errors)
        ]
        if tabs:
            self._errors.setdefault(NON_FIELD_ERRORS, self.error_class(error_class="nonfield"))
            self._errors[NON_FIELD_ERRORS].append(
                _("Check the fields marked on these tabs: %(tabs)s.") % {"tabs": ", ".join(tabs)}
            )

    def save(self, commit=True):
        page = super().save(commit=False)
        kind = self.cleaned_data["audience"]
        groups = tuple(self.cleaned_data["audience_groups"]) if kind == GROUPS else ()
        # Applied by the page when it is saved, before any publication (see the model).
        page.chosen_audience = (Audience(kind, groups), self.for_user)
        if self.cleaned_data.get("checked_against_original"):
            page.read_by_ocr, page.fields_to_check = False, []
        if commit:
            page.save()
        return page

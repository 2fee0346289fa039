"""Forms of the "Nhập văn bản" admin screen: the upload, then one review form per document."""

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import Committee, PartyCell
from resolutions.importer import ImportRefused
from resolutions.importer.document import ParsedDocument
from resolutions.importer.originals import forget_abandoned, stash
from resolutions.importer.parser import parse
from resolutions.importer.readers import read_upload
from resolutions.importer.service import Audience
from resolutions.models import DocumentIndexPage, DocumentType

MAX_FILES = 20


def importable_libraries(user):
    """The libraries under which this user may add documents."""
    return [
        library
        for library in DocumentIndexPage.objects.order_by("path")
        if library.permissions_for_user(user).can_add_subpage()
    ]


def audience_choices():
    groups = [
        (f"group:{cell.group.name}", cell.name)
        for cell in PartyCell.objects.select_related("group").order_by("order", "name")
    ]
    groups += [
        (f"group:{committee.group.name}", committee.name)
        for committee in Committee.objects.select_related("group").order_by("order")
    ]
    return [
        ("members", _("All members")),
        (_("One chi bộ or committee"), groups),
        ("public", _("Public: everyone, visitors included")),
    ]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                _("Upload at most %(count)d files at a time.") % {"count": MAX_FILES}
            )
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class ImportOptionsForm(forms.Form):
    """Where the documents go and who may read them; checked again when they are created."""

    parent = forms.ModelChoiceField(
        queryset=DocumentIndexPage.objects.none(),
        label=gettext_lazy("Library"),
        empty_label=None,
    )
    audience = forms.ChoiceField(
        label=gettext_lazy("Who may read them"),
        initial="members",
        required=False,
        help_text=gettext_lazy("All members unless you choose otherwise; never public by default."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        libraries = importable_libraries(user)
        self.fields["parent"].queryset = DocumentIndexPage.objects.filter(
            pk__in=[library.pk for library in libraries]
        ).order_by("path")
        self.fields["audience"].choices = audience_choices()

    def clean(self):
        cleaned = super().clean()
        value = cleaned.get("audience")
        try:
            cleaned["audience_value"] = Audience.parse(value)
        except ImportRefused as error:
            self.add_error("audience", str(error))
        return cleaned


class UploadForm(ImportOptionsForm):
    files = MultipleFileField(
        label=gettext_lazy("Files"),
        help_text=gettext_lazy(
            "Plain text (.txt), Word (.docx) or PDF (scans too), at most 10 MB each."
        ),
    )

    field_order = ["files", "parent", "audience"]

    def clean_files(self):
        """Read and parse every file: (name, text, parsed document or the reason it failed,
        the token of the original kept until the page is created)."""
        forget_abandoned()
        results = []
        for upload in self.cleaned_data["files"]:
            try:
                text = read_upload(upload)
                parsed = parse(text)
            except ImportRefused as error:
                results.append((upload.name, "", None, str(error), ""))
                continue
            upload.seek(0)
            results.append((upload.name, text, parsed, None, stash(upload.name, upload.read())))
        if not any(parsed for _name, _text, parsed, _error, _original in results):
            raise forms.ValidationError(
                [
                    _("“%(file)s”: %(reason)s.") % {"file": name, "reason": error}
                    for name, _text, _parsed, error, _original in results
                ]
            )
        return results


class DocumentReviewForm(forms.Form):
    """One document as found, for the editor to check and correct before it is created."""

    include = forms.BooleanField(label=gettext_lazy("Create this document"), required=False)
    file_name = forms.CharField(widget=forms.HiddenInput)
    from_scan = forms.BooleanField(widget=forms.HiddenInput, required=False)
    original = forms.CharField(widget=forms.HiddenInput, required=False)
    doc_type = forms.ChoiceField(label=gettext_lazy("Document type"), choices=DocumentType.choices)
    number = forms.CharField(label=gettext_lazy("Number and symbol"), max_length=50, required=False)
    superior_body = forms.CharField(
        label=gettext_lazy("Superior body"), max_length=255, required=False
    )
    issuing_body = forms.CharField(label=gettext_lazy("Issuing body"), max_length=255)
    place = forms.CharField(label=gettext_lazy("Place"), max_length=100, required=False)
    issued_on = forms.DateField(
        label=gettext_lazy("Date of issue"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    term = forms.CharField(label=gettext_lazy("Term"), max_length=20, required=False)
    title = forms.CharField(
        label=gettext_lazy("Title (trích yếu)"),
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    signing_capacity = forms.CharField(
        label=gettext_lazy("Signing capacity"), max_length=100, required=False
    )
    signer_title = forms.CharField(
        label=gettext_lazy("Signer's position"), max_length=100, required=False
    )
    signer_name = forms.CharField(label=gettext_lazy("Signer"), max_length=150, required=False)
    recipients = forms.CharField(
        label=gettext_lazy("Recipients"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One per line."),
    )
    author = forms.CharField(label=gettext_lazy("Author"), max_length=255, required=False)
    source = forms.CharField(label=gettext_lazy("Source"), max_length=255, required=False)
    text = forms.CharField(
        label=gettext_lazy("Original text"),
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false"}),
        help_text=gettext_lazy(
            "The body is taken from this text; correct it here and refresh the preview."
        ),
    )

    FIELD_NAMES = ParsedDocument.FIELDS

    @classmethod
    def initial_for(cls, name, text, parsed, original=""):
        values = {field: getattr(parsed, field) for field in cls.FIELD_NAMES}
        values.update(
            include=True,
            file_name=name,
            original=original,
            text=text,
            number=parsed.number or "",
            from_scan=parsed.needs_check,
            recipients="\n".join(parsed.recipients),
        )
        return values

    def full_clean(self):
        """A document the editor leaves out is not checked."""
        super().full_clean()
        if self.is_bound and not self.cleaned_data.get("include"):
            self._errors = ErrorDict()

    def clean_text(self):
        self.parsed = None
        try:
            self.parsed = parse(self.cleaned_data["text"])
        except ImportRefused as error:
            raise forms.ValidationError(str(error)) from None
        self.parsed.needs_check = bool(self.cleaned_data.get("from_scan"))
        return self.cleaned_data["text"]

    def corrected(self):
        """The parsed document with the editor's corrections of its fields."""
        parsed = self.parsed
        for name in self.FIELD_NAMES:
            value = self.cleaned_data.get(name)
            if isinstance(value, str):
                value = value.strip()
            setattr(parsed, name, value)
        parsed.number = parsed.number or None
        parsed.recipients = [
            line.strip() for line in self.cleaned_data["recipients"].splitlines() if line.strip()
        ]
        parsed.title = " ".join(parsed.title.split())
        return parsed


ReviewFormSet = forms.formset_factory(DocumentReviewForm, extra=0, max_num=MAX_FILES)

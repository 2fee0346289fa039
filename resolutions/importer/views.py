"""The "Nhập văn bản" admin screen: upload files, check what was found, create the drafts.

Step one uploads the files and parses them; step two shows, for each document, the fields found
(editable) beside the original text and the structure of its body, and creates the drafts.
Nothing is kept on the server between the steps: the review form carries the text.
"""

import html
import re

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from resolutions.importer import ImportRefused
from resolutions.importer.forms import (
    DocumentReviewForm,
    ImportOptionsForm,
    ReviewFormSet,
    UploadForm,
    importable_libraries,
)
from resolutions.importer.originals import stash, unstash
from resolutions.importer.parser import parse
from resolutions.importer.service import default_library, import_parsed


def can_import(user):
    return bool(user.is_authenticated and importable_libraries(user))


def preview(blocks):
    """The body blocks as plain data for the preview (the template escapes everything)."""
    result = []
    for block in blocks:
        value = block["value"]
        if block["type"] == "paragraph":
            text = html.unescape(re.sub(r"<[^>]+>", "", value))
            result.append({"kind": "paragraph", "text": text})
        elif block["type"] == "table":
            result.append(
                {
                    "kind": "table",
                    "headings": [column["heading"] for column in value["columns"]],
                    "rows": [row["values"] for row in value["rows"]],
                }
            )
        else:
            result.append({"kind": block["type"], **value})
    return result


class ImportDocumentsView(WagtailAdminTemplateMixin, View):
    page_title = gettext_lazy("Import documents")
    header_icon = "upload"
    upload_template = "resolutions/admin/import_upload.html"
    review_template = "resolutions/admin/import_review.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get(self, request):
        library = default_library()
        form = UploadForm(user=request.user, initial={"parent": library.pk if library else None})
        return self.render_upload(form)

    def post(self, request):
        if "doc-TOTAL_FORMS" in request.POST:
            return self.review(request)
        form = UploadForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.render_upload(form, status=400)
        initial = []
        for name, text, parsed, error, original in form.cleaned_data["files"]:
            if error:
                messages.error(
                    request, _("“%(file)s”: %(reason)s.") % {"file": name, "reason": error}
                )
            else:
                initial.append(DocumentReviewForm.initial_for(name, text, parsed, original))
        options = ImportOptionsForm(
            user=request.user,
            prefix="options",
            initial={
                "parent": form.cleaned_data["parent"].pk,
                "audience": form.cleaned_data["audience"],
            },
        )
        formset = ReviewFormSet(prefix="doc", initial=initial)
        parsed = [result[2] for result in form.cleaned_data["files"] if result[2]]
        return self.render_review(options, formset, parsed)

    def review(self, request):
        options = ImportOptionsForm(request.POST, user=request.user, prefix="options")
        formset = ReviewFormSet(request.POST, prefix="doc")
        valid = options.is_valid() & formset.is_valid()
        if "preview" in request.POST or not valid:
            return self.render_review(options, formset, status=200 if valid else 400)
        parent = options.cleaned_data["parent"]
        audience = options.cleaned_data["audience_value"]
        failed = False
        for form in formset:
            original = unstash(form.cleaned_data.get("original"))  # a file left out goes too
            if not form.cleaned_data.get("include"):
                continue
            try:
                result = import_parsed(
                    form.corrected(), parent, audience, user=request.user, original=original
                )
            except ImportRefused as error:
                form.data = form.data.copy()  # the file is kept again for the next attempt
                form.data[form.add_prefix("original")] = stash(*original) if original else ""
                form.add_error(None, str(error))
                failed = True
                continue
            message = (
                _("The draft “%(title)s” was created.")
                if result.created
                else _("“%(title)s” was already in the library: a new revision was saved.")
            )
            messages.success(
                request,
                message % {"title": result.page.title},
                buttons=[
                    messages.button(
                        reverse("wagtailadmin_pages:edit", args=[result.page.pk]), _("Edit")
                    )
                ],
            )
        if failed:
            return self.render_review(options, formset, status=400)
        return redirect("wagtailadmin_explore", parent.pk)

    # -- rendering ----------------------------------------------------------------------

    def render_upload(self, form, status=200):
        context = self.get_context_data(
            form=form,
            action_url=reverse("import_documents"),
            submit_button_label=_("Read the files"),
            submit_button_active_label=_("Reading…"),
            form_is_multipart=True,
        )
        return self.render_to_response(context, status=status, template=self.upload_template)

    def render_review(self, options, formset, parsed=None, status=200):
        if parsed is None:
            parsed = [self._parsed_of(form) for form in formset]
        documents = [
            (form, preview(found.blocks if found else []), self._field_rows(form, found))
            for form, found in zip(formset, parsed, strict=True)
        ]
        context = self.get_context_data(
            options=options,
            formset=formset,
            documents=documents,
            action_url=reverse("import_documents"),
        )
        return self.render_to_response(context, status=status, template=self.review_template)

    @staticmethod
    def _field_rows(form, parsed):
        """(field, line of the text it was found on, whether to check it) for each field."""
        sources = parsed.sources if parsed else {}
        to_check = set(parsed.fields_to_check) if parsed else set()
        return [
            (field, sources.get(field.name), field.name in to_check)
            for field in form.visible_fields()
            if field.name not in ("include", "text")
        ]

    @staticmethod
    def _parsed_of(form):
        parsed = getattr(form, "parsed", None)
        if parsed is not None:
            return parsed
        try:
            return parse(form.data.get(form.add_prefix("text"), ""))
        except ImportRefused:
            return None

    def render_to_response(self, context, status=200, template=None):
        return self.response_class(
            request=self.request, template=template, context=context, status=status
        )

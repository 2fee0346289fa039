"""The editor's form for a Party document: number suggestions per type and term."""

import json

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm


class PartyDocumentForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        from resolutions.numbering import suggestions  # the models import this form

        super().__init__(*args, **kwargs)
        page = self.instance
        term = page.term or self._latest_term()
        suggested = suggestions(term, page.issuing_body, exclude_pk=page.pk)
        number = self.fields["number"]
        number.widget.attrs["data-number-suggestions"] = json.dumps(suggested, ensure_ascii=False)
        number.widget.attrs["data-use-label"] = _("Use the suggested number")
        if page.doc_type in suggested:
            number.widget.attrs["placeholder"] = suggested[page.doc_type]
        number.help_text = _(
            'Without "Số", for example 05-NQ/ĐU. The next free number of the chosen type%(term)s '
            "is suggested in the box; leave it to type your own."
        ) % {"term": _(" in term %(term)s") % {"term": term} if term else ""}

    @staticmethod
    def _latest_term():
        from resolutions.models import PartyDocumentPage

        latest = PartyDocumentPage.objects.exclude(term="").order_by("-issued_on", "-pk")
        return latest.values_list("term", flat=True).first() or ""

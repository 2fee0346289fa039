"""What a document page serves under its own address besides the page (see
PartyDocumentPage.route): the Word file and the check of a printed copy. Both are reached only
through Wagtail's page serving, after the same audience checks as the page."""

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from portal.templatetags.portal_tags import vn_date
from resolutions import layout, printed, word


def serve_part(page, request, *path):
    if path[0] == printed.CHECK_PATH:
        return check(page, request, path[1])
    return word_file(page, request)


def word_file(page, request):
    """The .docx of the published document, named after its number and date."""
    content = word.document_bytes(page, printed.printed_check(page, request))
    response = HttpResponse(content, content_type=word.CONTENT_TYPE)
    name = layout.file_stem(page.number, page.issued_on, page.title) + ".docx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def check(page, request, code):
    """The document with what the printed copy of `code` is: the one in force, or older than
    the version published on a given day. A code that is not this document's answers as a
    missing page."""
    found = printed.printed_on(page, code)
    if found is None:
        raise Http404
    current, since = found
    if current:
        status = _("This is the current version.")
    else:
        published = since or page.last_published_at
        status = _("A newer version has been published (%(date)s).") % {
            "date": vn_date(timezone.localdate(published)) if published else ""
        }
    context = page.get_context(request)
    context["printed_status"] = {"code": code.upper(), "text": status, "current": current}
    return TemplateResponse(request, page.get_template(request), context)

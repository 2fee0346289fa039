"""PDF documents: the text layer, laid out as printed so that the header's columns stay apart;
a PDF without one (a scan) goes through OCR."""

import io
import logging
import re

from django.utils.translation import gettext as _

from resolutions.importer import ImportRefused

MAX_PDF_PAGES = 60
# Fewer letters than this per page: the pages are images (a scan), not text.
MIN_LETTERS_PER_PAGE = 80
_PAGE_NUMBER = re.compile(
    r"^\s*(?:-\s*)?(?:trang\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?\s*$", re.I
)


def pdf_reading(data):
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    from resolutions.importer.readers import Reading
    from resolutions.importer.readers.ocr import ocr_pdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # warnings about sloppy files are noise
    if not data.startswith(b"%PDF-"):
        raise ImportRefused(_("the file is not a PDF document"))
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ImportRefused(_("the PDF document is protected by a password"))
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise ImportRefused(
                _("the PDF document has more than %(count)d pages") % {"count": MAX_PDF_PAGES}
            )
        texts = [page.extract_text(extraction_mode="layout") for page in pages]
    except ImportRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise ImportRefused(_("the PDF document is damaged")) from None
    letters = sum(1 for text in texts for char in text if char.isalpha())
    if letters < MIN_LETTERS_PER_PAGE * len(texts):
        return Reading(ocr_pdf(data), "ocr")
    return Reading(layout_text(texts), "pdf")


def layout_text(pages):
    """The pages' lines in order, without the page numbers printed at the top or bottom."""
    lines = []
    for text in pages:
        page = [line.rstrip() for line in text.split("\n")]
        while page and (not page[-1].strip() or _PAGE_NUMBER.match(page[-1])):
            page.pop()
        while page and (not page[0].strip() or _PAGE_NUMBER.match(page[0])):
            page.pop(0)
        lines.extend(page)
    return "\n".join(lines)

"""Readers: a file becomes text whose lines keep the layout hints the recognisers use.

Columns stay apart as tabs or runs of spaces, table rows as cells joined by "|", and a line
Word marks as a heading (a heading style, or bold throughout) starts with HEADING_HINT. Plain
text (text.py), Word (word.py) and PDF with a text layer (pdf.py) are read as they are; a PDF
without one is a scan and goes through OCR (ocr.py), whose text the editor must check.

Files are refused before they are read when they are too large; each reader checks its format
for what could make a small file expensive (zip bombs, DTDs, pages without end).
"""

from pathlib import Path

from django.utils.translation import gettext as _

from resolutions.importer import ImportRefused

MAX_FILE_BYTES = 10 * 1024 * 1024
SUFFIXES = (".txt", ".docx", ".pdf")


class Reading(str):
    """The text of a file, which also says how it was read: "text", "word", "pdf" or "ocr".

    A string, so that whatever takes the text of a file takes a Reading as it is.
    """

    def __new__(cls, text, method, term=""):
        reading = super().__new__(cls, text)
        reading.method = method
        reading.term = term  # from the file's own properties (a Word file the portal wrote)
        return reading

    @property
    def needs_check(self):
        """Text recognised from an image may hold misread letters: the editor checks it."""
        return self.method == "ocr"


def read_path(path):
    """The Reading of the file at `path` (a pathlib.Path or str)."""
    path = Path(path)
    try:
        check_size(path.stat().st_size)
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        message = _("the file cannot be read (%(error)s)") % {"error": error.strerror}
        raise ImportRefused(message) from None
    return read_bytes(path.name, data)


def read_upload(upload):
    """The Reading of an uploaded file (a Django UploadedFile)."""
    check_size(upload.size)
    return read_bytes(upload.name, upload.read(MAX_FILE_BYTES + 1))


def read_bytes(name, data):
    from resolutions.importer.readers.pdf import pdf_reading
    from resolutions.importer.readers.text import decode_text
    from resolutions.importer.readers.word import docx_reading

    check_size(len(data))
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportRefused(
            _(
                "only plain text (.txt), Word (.docx) and PDF files can be imported, "
                "not “%(suffix)s”"
            )
            % {"suffix": suffix or name}
        )
    if not data.strip():
        raise ImportRefused(_("the file is empty"))
    if suffix == ".txt":
        reading = Reading(decode_text(data), "text")
    elif suffix == ".docx":
        reading = docx_reading(data)
    else:
        reading = pdf_reading(data)
    if not reading.strip():
        raise ImportRefused(_("the file is empty"))
    return reading


def check_size(size):
    if size > MAX_FILE_BYTES:
        raise ImportRefused(
            _("the file is larger than %(limit)d MB") % {"limit": MAX_FILE_BYTES // 1024 // 1024}
        )

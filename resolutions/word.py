"""The Word file of a document ("Tải về bản Word"), in the official layout of Hướng dẫn
36-HD/VPTW: A4, margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman; the
header in a borderless two-column table (superior body 14 pt, issuing body 14 pt bold, "*",
number; the motto 15 pt bold underlined and the place and date 14 pt italic); the type name
16 pt bold in capitals and the trích yếu 14 pt bold; body 14 pt, justified, first lines
indented 1.27 cm; the signature beside "Nơi nhận" (14 pt, underlined; recipients 12 pt) in a
second borderless table; page numbers at the top centre from page 2; a draft marked "DỰ THẢO"
and printed without a signature. The QR code and short code of resolutions.printed sit in
the first page's footer.

The same parts as the page (templates/resolutions/includes/official_document.html), and
resolutions.importer reads them back: `import_document` of this file gives the same fields.
"""

import datetime
import io
import zipfile
from html.parser import HTMLParser

import docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from portal.templatetags.portal_tags import vn_date
from resolutions.layout import DRAFT_MARK

FONT = "Times New Roman"
TEXT_WIDTH = Cm(16.5)  # A4 less the margins
HEADER_COLUMNS = (Cm(8.5), Cm(8.0))  # the bodies' names need the wider column
INDENT = Cm(1.27)
LIST_MARKERS = {"dash": "-", "bullet": "-", "plus": "+"}
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def document_bytes(page, check=None):
    """The .docx of `page` (its fields as they are now) with `check` (resolutions.printed)."""
    document = docx.Document()
    _page_setup(document.sections[0], check)
    _styles(document)
    heading = page.heading
    if page.is_draft:
        _draft_mark(document)
    _header(document, page, heading)
    if not heading.beside_number:
        _title(document, heading)
    _body(document, page)
    _footer(document, page)
    properties = document.core_properties
    properties.title = heading.printed_title
    properties.author = " ".join(page.issuing_body.split())
    properties.comments = ""
    if page.term:  # not printed (36-HD/VPTW has no line for it), kept for a re-import
        properties.keywords = f"nhiệm kỳ {page.term}"
    issued = datetime.datetime.combine(page.issued_on or EPOCH.date(), datetime.time())
    properties.created = properties.modified = issued
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue(), issued)


EPOCH = datetime.datetime(1980, 1, 1)  # the earliest time a zip file can hold


def _stable_zip(data, when):
    """The same file for the same document: python-docx stamps each part with the time of
    saving, which would make every download differ (and tell a watcher when the text was
    rebuilt); every part is stamped with the date of issue instead."""
    stamp = max(when, EPOCH).timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(
                zipfile.ZipInfo(item.filename, stamp),
                source.read(item.filename),
                zipfile.ZIP_DEFLATED,
            )
    return output.getvalue()


# -- page, styles ------------------------------------------------------------------------------


def _page_setup(section, check):
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.header_distance = section.footer_distance = Cm(1)
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    number._p.append(field)
    if check is not None:
        _check_footer(section.first_page_footer, check)


def _check_footer(footer, check):
    table = footer.add_table(1, 2, TEXT_WIDTH)
    _borderless(table, (Cm(2.2), TEXT_WIDTH - Cm(2.2)))
    picture, words = table.rows[0].cells
    picture.paragraphs[0].add_run().add_picture(io.BytesIO(check.png()), width=Cm(1.8))
    line = words.paragraphs[0]
    _run(line, f"{check.label}: ", size=10)
    _run(line, check.code, size=10, bold=True)
    _run(words.add_paragraph(), check.url, size=9)


def _styles(document):
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0


def _paragraph(container, text="", align=None, size=None, bold=False, italic=False, **spacing):
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    for name, value in spacing.items():
        setattr(paragraph.paragraph_format, name, value)
    if text:
        _lines(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


def _lines(paragraph, text, **style):
    """The text's lines as runs, with Word line breaks where the editor broke them."""
    for index, line in enumerate(text.split("\n")):
        run = _run(paragraph, line, **style)
        if index:
            run._r.addprevious(_break())


def _break():
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:br"))
    return run


def _run(paragraph, text, size=None, bold=False, italic=False, underline=False):
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
    if size:
        run.font.size = Pt(size)
    return run


def _borderless(table, widths):
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _first(cell):
    """The cell's first paragraph, which Word requires and python-docx already made."""
    return cell.paragraphs[0]


# -- header and title --------------------------------------------------------------------------


def _draft_mark(document):
    paragraph = _paragraph(document, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=Pt(6))
    _run(paragraph, DRAFT_MARK, bold=True)
    border = OxmlElement("w:pBdr")
    for edge in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{edge}")
        for name, value in (("val", "single"), ("sz", "8"), ("space", "2"), ("color", "000000")):
            element.set(qn(f"w:{name}"), value)
        border.append(element)
    paragraph.paragraph_format.left_indent = TEXT_WIDTH - Cm(3)
    paragraph._p.get_or_add_pPr().append(border)


def _header(document, page, heading):
    table = document.add_table(1, 2)
    _borderless(table, HEADER_COLUMNS)
    left, right = table.rows[0].cells
    centre = WD_ALIGN_PARAGRAPH.CENTER
    lines = []
    if page.superior_body:
        lines.append((page.superior_body.upper(), {}))
    lines.append((page.issuing_body.upper(), {"bold": True}))
    lines.append(("*", {}))
    if page.number:
        lines.append((f"Số {page.number}", {}))
    for index, (text, style) in enumerate(lines):
        paragraph = _first(left) if index == 0 else left.add_paragraph()
        paragraph.alignment = centre
        _lines(paragraph, text, size=14, **style)
    if heading.beside_number:
        about = left.add_paragraph()
        about.alignment = centre
        about.paragraph_format.space_before = Pt(3)
        _run(about, heading.printed_title, size=12, italic=True)
    motto = _first(right)
    motto.alignment = centre
    _run(motto, page.motto, size=15, bold=True, underline=True)
    if page.issued_on:
        place = f"{page.place}, " if page.place else ""
        _paragraph(
            right, place + vn_date(page.issued_on), centre, 14, italic=True, space_before=Pt(6)
        )


def _title(document, heading):
    centre = WD_ALIGN_PARAGRAPH.CENTER
    if heading.type_line:
        _paragraph(document, heading.type_line, centre, 16, bold=True, space_before=Pt(18))
        if heading.excerpt:
            _paragraph(document, heading.excerpt, centre, 14, bold=True)
    else:
        _paragraph(document, heading.excerpt, centre, 16, bold=True, space_before=Pt(18))
    _paragraph(document, "-----", centre, 14, space_after=Pt(12))


# -- body --------------------------------------------------------------------------------------


def _body(document, page):
    for block in page.body:
        kind, value = block.block_type, block.value
        if kind == "heading":
            text = f"{value['number']} {value['text']}".strip()
            paragraph = _body_paragraph(document)
            _run(paragraph, text, bold=True, italic=value["level"] == "3")
        elif kind == "paragraph":
            _RichText(document).feed(value.source)
        elif kind == "list":
            for number, item in enumerate(value["items"], start=1):
                marker = LIST_MARKERS.get(value["style"], f"{number}.")
                _lines(_body_paragraph(document), f"{marker} {item}")
        elif kind == "quote":
            _lines(_body_paragraph(document), value["text"], italic=True)
            if value["attribution"]:
                _paragraph(document, value["attribution"], WD_ALIGN_PARAGRAPH.RIGHT)
        elif kind == "table":
            _table(document, value)


def _body_paragraph(document):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = INDENT
    paragraph.paragraph_format.space_after = Pt(6)
    return paragraph


def _table(document, value):
    columns, rows = list(value.columns), list(value.rows)
    table = document.add_table(1 + len(rows), len(columns))
    table.style = document.styles["Table Grid"]
    for cell, column in zip(table.rows[0].cells, columns, strict=True):
        _run(_first(cell), str(column["heading"]), size=13, bold=True)
    for row, cells in zip(table.rows[1:], rows, strict=True):
        for cell, content in zip(row.cells, cells, strict=True):
            _run(_first(cell), _cell_text(content), size=13)
    _paragraph(document, space_after=Pt(6))


def _cell_text(content):
    source = getattr(content, "source", None)
    if source is None:
        return str(content)
    parser = _PlainText()
    parser.feed(source)
    return " ".join(parser.parts).strip()


class _PlainText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data.strip())


class _RichText(HTMLParser):
    """A paragraph block's HTML as Word paragraphs: bold and italic kept, list items with the
    dash of the official layout."""

    def __init__(self, document):
        super().__init__()
        self.document, self.paragraph = document, None
        self.bold = self.italic = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "li", "h2", "h3", "h4"):
            self.paragraph = _body_paragraph(self.document)
            if tag == "li":
                self.paragraph.add_run("- ")
        elif tag in ("b", "strong"):
            self.bold += 1
        elif tag in ("i", "em"):
            self.italic += 1
        elif tag == "br" and self.paragraph is not None:
            self.paragraph.add_run().add_break()

    def handle_endtag(self, tag):
        if tag in ("b", "strong"):
            self.bold -= 1
        elif tag in ("i", "em"):
            self.italic -= 1
        elif tag in ("p", "li", "h2", "h3", "h4"):
            self.paragraph = None

    def handle_data(self, data):
        if not data.strip() and self.paragraph is None:
            return
        if self.paragraph is None:
            self.paragraph = _body_paragraph(self.document)
        _run(self.paragraph, data, bold=self.bold > 0, italic=self.italic > 0)


# -- signature and recipients -----------------------------------------------------------------


def _footer(document, page):
    table = document.add_table(1, 2)
    _borderless(table, (TEXT_WIDTH / 2, TEXT_WIDTH / 2))
    left, right = table.rows[0].cells
    recipients = page.printed_recipients
    if recipients:
        _run(_first(left), "Nơi nhận:", size=14, underline=True)
        for recipient in recipients:
            _paragraph(left, recipient, size=12)
    if page.is_draft:
        return
    centre = WD_ALIGN_PARAGRAPH.CENTER
    lines = [page.signing_capacity, page.signer_title]
    for index, text in enumerate(line for line in lines if line):
        paragraph = _first(right) if index == 0 else right.add_paragraph()
        paragraph.alignment = centre
        _run(paragraph, text, size=14, bold=True)
    for _blank in range(3):
        right.add_paragraph()
    if page.signer_name:
        _paragraph(right, page.signer_name, centre, 14, bold=True)

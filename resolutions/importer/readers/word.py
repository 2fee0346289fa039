"""Word (.docx) documents as offices type them.

The header may be a table, tab-separated paragraphs, text boxes or the first page's header
part; cells hold soft line breaks; revisions are tracked (insertions kept, deletions and the old
place of moved text dropped) and comments left in; numbers hold non-breaking hyphens; headings
are Word heading styles, bold paragraphs or automatic numbering; content controls wrap parts.

The archive is checked first (how much it unpacks to, how much it is compressed) so that a small
upload cannot expand into gigabytes, and for DTDs, which Word never writes (external entities).
"""

import io
import re
import zipfile
import zlib

from django.utils.translation import gettext as _

from portal.text import fold
from resolutions.importer import HEADING_HINT, ImportRefused
from resolutions.importer.readers.word_numbering import Numbering

MAX_DOCX_UNPACKED = 60 * 1024 * 1024
MAX_DOCX_MEMBERS = 2000
MAX_COMPRESSION_RATIO = 120

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# What a damaged archive raises while it is read: a cut-off file, garbled compressed data.
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError)
# Word never declares a DTD; one in a part can only be there to declare entities (XXE, bombs).
_DOCTYPES = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))
# Text that is not in the document as it reads now: deleted, or moved away from here.
_DROPPED = {f"{W}del", f"{W}moveFrom", f"{W}txbxContent"}
_LAYOUT_WORDS = re.compile(
    r"dang cong san|so\s*[:.]?\s*\d|ngay\s*\d+\s*thang|t\s*/\s*m\b|\btm\.|noi nhan|\bk\s*/\s*t\b"
    r"|\bt\s*/\s*l\b|cong hoa xa hoi"
)
_HEADER_WORDS = re.compile(r"dang cong san|dang uy|dang bo|chi bo|so\s*[:.]?\s*\d|ngay\s*\d")


def check_archive(data):
    if not zipfile.is_zipfile(io.BytesIO(data)):
        if _starts_like_word(data):  # cut off: the archive's directory is at its end
            raise ImportRefused(_("the Word document is damaged"))
        raise ImportRefused(_("the file is not a Word (.docx) document"))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise ImportRefused(_("the file is not a Word (.docx) document"))
            _check_sizes(members)
            for member in members:
                if member.filename.endswith((".xml", ".rels")):
                    content = archive.read(member)
                    if any(doctype in content for doctype in _DOCTYPES):
                        raise ImportRefused(_("the Word document is damaged"))
    except _DAMAGED:
        raise ImportRefused(_("the Word document is damaged")) from None


def _starts_like_word(data):
    """Whether the first entry of the archive is a part of an Office document."""
    if not data.startswith(b"PK\x03\x04") or len(data) < 30:
        return False
    name = data[30 : 30 + int.from_bytes(data[26:28], "little")]
    return name == b"[Content_Types].xml" or name.startswith((b"_rels/", b"word/", b"docProps/"))


def _check_sizes(members):
    unpacked = sum(member.file_size for member in members)
    if len(members) > MAX_DOCX_MEMBERS or unpacked > MAX_DOCX_UNPACKED:
        raise ImportRefused(_("the Word document unpacks to an unreasonable size"))
    for member in members:
        if member.file_size > 1024 * 1024 and (
            member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        ):
            raise ImportRefused(_("the Word document unpacks to an unreasonable size"))


def docx_reading(data):
    """The Reading of a Word document: the first page's header part when it holds the Party
    header, then paragraphs and tables in reading order; the term from the file's keywords
    ("nhiệm kỳ 2025-2030"), where the portal's own Word export keeps it (the paper has no line
    for it).

    A layout table (the two-column header, the signature beside "Nơi nhận") gives its cells
    one after another; a data table gives one line per row with the cells joined by "|".
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    check_archive(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, SyntaxError, *_DAMAGED):
        raise ImportRefused(_("the Word document is damaged")) from None
    except Exception as error:  # lxml raises its own XMLSyntaxError and friends
        if error.__class__.__module__.startswith("lxml"):
            raise ImportRefused(_("the Word document is damaged")) from None
        raise
    from resolutions.importer.readers import Reading

    reader = _BlockReader(document)
    lines = reader.page_header(document)
    reader.read(document.element.body, lines)
    return Reading("\n".join(lines), "word", term=document.core_properties.keywords or "")


class _BlockReader:
    def __init__(self, document):
        self.numbering = Numbering(document)
        self.heading_styles = set()
        for style in document.styles.element.iterchildren(f"{W}style"):
            name = style.find(f"{W}name")
            name = (name.get(f"{W}val") if name is not None else "").lower()
            if (
                name.startswith(("heading", "title"))
                or style.find(f"{W}pPr/{W}outlineLvl") is not None
            ):
                self.heading_styles.add(style.get(f"{W}styleId"))

    def page_header(self, document):
        """The lines of the first page's header part, when the Party header was put there."""
        if not document.sections:
            return []
        section = document.sections[0]
        header = section.first_page_header if section.different_first_page_header_footer else None
        for part in (header, section.header):
            if part is None or part.is_linked_to_previous:
                continue
            lines = []
            self.read(part._element, lines)
            if _HEADER_WORDS.search(fold(" ".join(lines))):
                return [*lines, ""]
        return []

    def read(self, parent, lines):
        for child in parent.iterchildren():
            if child.tag == f"{W}p":
                lines.extend(self.textbox_lines(child))
                text = self.numbering.prefix(child) + paragraph_text(child)
                if text.strip() and self.is_heading(child):
                    text = HEADING_HINT + text
                lines.append(text)
            elif child.tag == f"{W}tbl":
                self.read_table(child, lines)
            elif child.tag in (f"{W}sdt", f"{W}ins", f"{W}moveTo"):
                content = child.find(f"{W}sdtContent")
                self.read(child if content is None else content, lines)

    def is_heading(self, p):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val") in self.heading_styles:
            return True
        runs = [
            run
            for run in p.iter(f"{W}r")
            if "".join(t.text or "" for t in run.iter(f"{W}t")).strip()
        ]
        return bool(runs) and all(_bold(run) for run in runs)

    def textbox_lines(self, p):
        """Text boxes anchored in the paragraph (headers are sometimes drawn in them)."""
        lines = []
        for box in p.iter(f"{W}txbxContent"):
            if any(ancestor.tag == _MC_FALLBACK for ancestor in box.iterancestors()):
                continue  # the same box again, for old Word versions
            self.read(box, lines)
        return lines

    def cell_lines(self, tc):
        lines = []
        self.read(tc, lines)
        return [line for line in lines if line.strip()]

    def read_table(self, tbl, lines):
        rows = []
        for tr in tbl.iterchildren(f"{W}tr"):
            cells = []
            for tc in tr.xpath("./w:tc | ./w:sdt/w:sdtContent/w:tc"):
                merge = tc.find(f"{W}tcPr/{W}vMerge")
                if merge is not None and merge.get(f"{W}val") in (None, "continue"):
                    cells.append([])  # the lower part of a vertically merged cell
                    continue
                cells.append(self.cell_lines(tc))
            rows.append(cells)
        if is_layout_table(rows):
            for cells in rows:
                for cell in cells:
                    lines.extend(cell)
                    lines.append("")
        else:
            lines.append("")
            for cells in rows:
                texts = (" ".join(cell).replace(HEADING_HINT, "") for cell in cells)
                lines.append(" | ".join(" ".join(text.split()).replace("|", "/") for text in texts))
            lines.append("")


def _bold(run):
    bold = run.find(f"{W}rPr/{W}b")
    return bold is not None and bold.get(f"{W}val") not in ("0", "false", "off")


def paragraph_text(p):
    """The paragraph's text as it reads now; soft line breaks become lines of their own."""
    parts = []
    for node in p.iter(
        f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen", f"{W}softHyphen"
    ):
        if any(ancestor.tag in _DROPPED for ancestor in _ancestors(node, p)):
            continue
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            parts.append("\t")
        elif node.tag == f"{W}noBreakHyphen":
            parts.append("-")
        elif node.tag != f"{W}softHyphen":
            parts.append("\n")
    return "".join(parts)


def _ancestors(node, p):
    parent = node.getparent()
    while parent is not None and parent is not p:
        yield parent
        parent = parent.getparent()


def is_layout_table(rows):
    """Tables that only place the header or the signature in columns."""
    if not rows or len(rows) > 4 or max(len(cells) for cells in rows) > 3:
        return False
    text = fold(" ".join(" ".join(line for line in cell) for cells in rows for cell in cells))
    return bool(_LAYOUT_WORDS.search(text))

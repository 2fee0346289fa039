"""The text of an uploaded or found file: plain text (UTF-8, UTF-8 with BOM, UTF-16) or Word.

Files are refused before they are read when they are too large, and a .docx is checked as a zip
archive first (how much it unpacks to, and how much it is compressed) so that a small upload
cannot expand into gigabytes, and for DTDs, which Word never writes (external entities).
"""

import codecs
import io
import re
import zipfile
import zlib
from pathlib import Path

from django.utils.translation import gettext as _

from resolutions.importer import ImportRefused

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DOCX_UNPACKED = 60 * 1024 * 1024
MAX_DOCX_MEMBERS = 2000
MAX_COMPRESSION_RATIO = 120
SUFFIXES = (".txt", ".docx")

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def read_path(path):
    """The text of the file at `path` (a pathlib.Path or str)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        _check_size(size)
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        message = _("the file cannot be read (%(error)s)") % {"error": error.strerror}
        raise ImportRefused(message) from None
    return read_bytes(path.name, data)


def read_upload(upload):
    """The text of an uploaded file (a Django UploadedFile)."""
    _check_size(upload.size)
    return read_bytes(upload.name, upload.read(MAX_FILE_BYTES + 1))


def read_bytes(name, data):
    _check_size(len(data))
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportRefused(
            _("only plain text (.txt) and Word (.docx) files can be imported, not “%(suffix)s”")
            % {"suffix": suffix or name}
        )
    if not data.strip():
        raise ImportRefused(_("the file is empty"))
    text = decode_text(data) if suffix == ".txt" else docx_text(data)
    if not text.strip():
        raise ImportRefused(_("the file is empty"))
    return text


def _check_size(size):
    if size > MAX_FILE_BYTES:
        raise ImportRefused(
            _("the file is larger than %(limit)d MB") % {"limit": MAX_FILE_BYTES // 1024 // 1024}
        )


# -- plain text ------------------------------------------------------------------------------


def decode_text(data):
    """Unicode text from UTF-8 (with or without BOM) or UTF-16 (with a BOM, or without one
    when every other byte is zero); anything else is refused."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif len(data) >= 4 and data[1::2].count(0) > len(data) * 0.3:
        encoding = "utf-16-le"
    elif len(data) >= 4 and data[0::2].count(0) > len(data) * 0.3:
        encoding = "utf-16-be"
    else:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportRefused(
            _("the file is not text in UTF-8 or UTF-16; save it again as Unicode text")
        ) from None
    if len(_CONTROL.findall(text)) > max(3, len(text) // 1000):
        raise ImportRefused(_("the file is not a text document"))
    return _CONTROL.sub("", text)


# -- Word ------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


# What a damaged archive raises while it is read: a cut-off file, garbled compressed data.
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError)
# Word never declares a DTD; one in a part can only be there to declare entities (XXE, bombs).
_DOCTYPES = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))


def _check_archive(data):
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


def docx_text(data):
    """The text of a Word document, paragraphs and tables in reading order.

    A layout table (the two-column header, the signature beside "Nơi nhận") gives its cells
    one after another; a data table gives one line per row with the cells joined by "|".
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    _check_archive(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, SyntaxError, *_DAMAGED):
        raise ImportRefused(_("the Word document is damaged")) from None
    except Exception as error:  # lxml raises its own XMLSyntaxError and friends
        if error.__class__.__module__.startswith("lxml"):
            raise ImportRefused(_("the Word document is damaged")) from None
        raise
    numbering = _Numbering(document)
    lines = []
    _read_blocks(document.element.body, lines, numbering)
    return "\n".join(lines)


def _read_blocks(parent, lines, numbering):
    for child in parent.iterchildren():
        if child.tag == f"{_W}p":
            lines.extend(_textbox_lines(child, numbering))
            lines.append(numbering.prefix(child) + _paragraph_text(child))
        elif child.tag == f"{_W}tbl":
            _read_table(child, lines, numbering)
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                _read_blocks(content, lines, numbering)


def _paragraph_text(p):
    parts = []
    for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}txbxContent"):
        if node.tag == f"{_W}t":
            if not _inside_textbox(node, p):
                parts.append(node.text or "")
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        elif not _inside_textbox(node, p) and node.tag != f"{_W}txbxContent":
            parts.append("\n")
    return "".join(parts)


def _inside_textbox(node, p):
    parent = node.getparent()
    while parent is not None and parent is not p:
        if parent.tag == f"{_W}txbxContent":
            return True
        parent = parent.getparent()
    return False


def _textbox_lines(p, numbering):
    """Text boxes anchored in the paragraph (headers are sometimes drawn in them)."""
    lines = []
    for box in p.iter(f"{_W}txbxContent"):
        if any(ancestor.tag == _MC_FALLBACK for ancestor in box.iterancestors()):
            continue  # the same box again, for old Word versions
        _read_blocks(box, lines, numbering)
    return lines


def _cell_lines(tc, numbering):
    lines = []
    _read_blocks(tc, lines, numbering)
    return [line for line in lines if line.strip()]


def _read_table(tbl, lines, numbering):
    rows = []
    for tr in tbl.iterchildren(f"{_W}tr"):
        cells = []
        for tc in tr.iterchildren(f"{_W}tc"):
            merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            if merge is not None and merge.get(f"{_W}val") in (None, "continue"):
                cells.append([])  # the lower part of a vertically merged cell
                continue
            cells.append(_cell_lines(tc, numbering))
        rows.append(cells)
    if _is_layout_table(rows):
        for cells in rows:
            for cell in cells:
                lines.extend(cell)
                lines.append("")
    else:
        lines.append("")
        for cells in rows:
            lines.append(" | ".join(" ".join(cell).replace("|", "/") for cell in cells))
        lines.append("")


_LAYOUT_WORDS = re.compile(
    r"dang cong san|so\s*[:.]?\s*\d|ngay\s*\d+\s*thang|t\s*/\s*m\b|\btm\.|noi nhan|\bk\s*/\s*t\b"
    r"|\bt\s*/\s*l\b|dang uy|dang bo|chi bo|cong hoa xa hoi"
)


def _is_layout_table(rows):
    """Tables that only place the header or the signature in columns."""
    from portal.text import fold

    if not rows or len(rows) > 4 or max(len(cells) for cells in rows) > 3:
        return False
    text = fold(" ".join(" ".join(line for line in cell) for cells in rows for cell in cells))
    return bool(_LAYOUT_WORDS.search(text))


class _Numbering:
    """Word's automatic numbering ("1.", "a)", "-"), which is not part of the paragraph text."""

    FORMATS = {"decimal", "upperRoman", "lowerRoman", "upperLetter", "lowerLetter", "bullet"}

    def __init__(self, document):
        self.levels = {}
        self.counters = {}
        self.styles = {}  # style id -> the numPr of a numbered style ("List Bullet")
        for style in document.styles.element.iterchildren(f"{_W}style"):
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                self.styles[style.get(f"{_W}styleId")] = num_pr
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for node in root.iterchildren(f"{_W}abstractNum"):
            levels = {}
            for level in node.iterchildren(f"{_W}lvl"):
                fmt = level.find(f"{_W}numFmt")
                text = level.find(f"{_W}lvlText")
                start = level.find(f"{_W}start")
                levels[level.get(f"{_W}ilvl")] = (
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val") if text is not None else "%1.",
                    int(start.get(f"{_W}val")) if start is not None else 1,
                )
            abstract[node.get(f"{_W}abstractNumId")] = levels
        for node in root.iterchildren(f"{_W}num"):
            ref = node.find(f"{_W}abstractNumId")
            if ref is not None:
                self.levels[node.get(f"{_W}numId")] = abstract.get(ref.get(f"{_W}val"), {})

    def prefix(self, p):
        num_pr = p.find(f"{_W}pPr/{_W}numPr")
        if num_pr is None:
            style = p.find(f"{_W}pPr/{_W}pStyle")
            num_pr = self.styles.get(style.get(f"{_W}val")) if style is not None else None
        if num_pr is None:
            return ""
        num_id = num_pr.find(f"{_W}numId")
        ilvl = num_pr.find(f"{_W}ilvl")
        num_id = num_id.get(f"{_W}val") if num_id is not None else None
        ilvl = ilvl.get(f"{_W}val") if ilvl is not None else "0"
        level = self.levels.get(num_id, {}).get(ilvl)
        if not level or level[0] not in self.FORMATS:
            return ""
        fmt, pattern, start = level
        if fmt == "bullet":
            return f"{pattern} " if pattern in ("-", "–", "+") else "• "
        key = (num_id, ilvl)
        self.counters[key] = self.counters.get(key, start - 1) + 1
        for (other_id, other_level), _count in list(self.counters.items()):
            if other_id == num_id and int(other_level) > int(ilvl):
                del self.counters[(other_id, other_level)]
        value = _format_number(self.counters[key], fmt)
        return re.sub(r"%\d", value, pattern, count=1).replace("%", "") + " "


def _format_number(value, fmt):
    if fmt == "upperRoman":
        return _roman(value)
    if fmt == "lowerRoman":
        return _roman(value).lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = "abcdefghijklmnopqrstuvwxyz"[(value - 1) % 26]
        return letter.upper() if fmt == "upperLetter" else letter
    return str(value)


def _roman(value):
    result = ""
    for number, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while value >= number:
            result, value = result + letters, value - number
    return result

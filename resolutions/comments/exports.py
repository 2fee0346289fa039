"""Synthesis of a consultation: every visible comment of a document, grouped by section in
document order (general comments first), as a spreadsheet and as a Word draft of the summary
report (báo cáo tổng hợp ý kiến góp ý) for the office to edit.

The report is an official Party document, always in Vietnamese like the document layout itself;
the spreadsheet's headings follow the reader's language.
"""

import io
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from portal.exports import neutralise
from resolutions.models import PARTY_MOTTO, Comment

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"


@dataclass
class Group:
    anchor: str
    label: str
    comments: list = field(default_factory=list)


def _when(moment):
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def grouped_comments(page):
    """[Group] in document order: general comments, each section (even without comments), then
    sections that have left the document since. In each, threads in order, replies after their
    comment; only visible comments."""
    comments = list(
        Comment.objects.filter(page=page, state=Comment.State.VISIBLE)
        .select_related("author__party_cell", "parent__author")
        .order_by("created_at", "pk")
    )

    def thread_key(comment):
        root = comment.parent or comment
        return (root.created_at, root.pk, comment.parent_id is not None, comment.created_at)

    groups = {"": Group("", _("General comments"))}
    for anchor, number, text, _level in page.sections:
        groups[anchor] = Group(anchor, f"{number} {text}".strip())
    for comment in sorted(comments, key=thread_key):
        if comment.section not in groups:
            label = _("%(section)s (no longer in the document)") % {
                "section": comment.section_label or comment.section
            }
            groups[comment.section] = Group(comment.section, label)
        groups[comment.section].comments.append(comment)
    return list(groups.values())


def _reply_to(comment):
    if comment.parent is None:
        return ""
    if comment.parent.state == Comment.State.REMOVED:
        return _("(a deleted comment)")
    return comment.parent.author.get_full_name()


def comments_xlsx(page):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Member comments")[:31]
    sheet.append([neutralise(page.title)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Exported at %(when)s") % {"when": _when(timezone.now())}])
    sheet.append([])
    headers = [
        _("Section"),
        _("No."),
        _("Commented by"),
        _("Party cell"),
        _("Posted at"),
        _("Comment text"),
        _("Reply to"),
    ]
    sheet.append(headers)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    number = 0
    for group in grouped_comments(page):
        for comment in group.comments:
            number += 1
            author = comment.author
            sheet.append(
                [
                    neutralise(group.label),
                    number,
                    neutralise(author.get_full_name()),
                    neutralise(author.party_cell.name if author.party_cell else ""),
                    _when(comment.created_at),
                    neutralise(comment.text),
                    neutralise(_reply_to(comment)),
                ]
            )
    for column, width in zip("ABCDEFG", (28, 6, 24, 26, 17, 80, 24), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=5, min_col=6, max_col=6):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A5"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# -- the Word draft ---------------------------------------------------------------------------


def _paragraph(container, text="", bold=False, italic=False, align=None, size=None, before=0):
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(3)
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
    return paragraph


def _plain(text):
    """What members wrote, without the control characters Word cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _add_text(paragraph, text):
    """Plain text with its line breaks."""
    first, *rest = text.split("\n")
    run = paragraph.add_run(first)
    for line in rest:
        run.add_break()
        run.add_text(line)


def _setup_styles(document):
    for name in ("Normal", "Heading 1", "Heading 2"):
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(13)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)


def _drop_empty_first_paragraph(cell):
    """A new table cell starts with an empty paragraph; the lines were added after it."""
    first = cell.paragraphs[0]
    if not first.text:
        first._element.getparent().remove(first._element)


def _header(document, page):
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    if page.superior_body:
        _paragraph(left, page.superior_body.upper(), align=WD_ALIGN_PARAGRAPH.CENTER, size=12)
    _paragraph(left, page.issuing_body.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=12)
    _paragraph(left, "*", align=WD_ALIGN_PARAGRAPH.CENTER)
    symbol = page.number.partition("/")[2]  # the issuing body's, "ĐU" in "05-NQ/ĐU"
    _paragraph(left, f"Số       -BC/{symbol}", align=WD_ALIGN_PARAGRAPH.CENTER)
    motto = _paragraph(right, PARTY_MOTTO, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=13)
    motto.runs[0].underline = True
    today = timezone.localdate()
    place = f"{page.place}, " if page.place else ""
    _paragraph(
        right,
        f"{place}ngày {today:%d} tháng {today:%m} năm {today:%Y}",
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before=6,
    )
    for cell in (left, right):
        _drop_empty_first_paragraph(cell)


def comments_docx(page):
    groups = grouped_comments(page)
    comments = [comment for group in groups for comment in group.comments]
    document = Document()
    _setup_styles(document)
    _header(document, page)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(
        document, "BÁO CÁO TỔNG HỢP Ý KIẾN GÓP Ý", bold=True, align=centre, size=14, before=18
    )
    _paragraph(document, f"đối với {page.title}", bold=True, align=centre)
    _paragraph(document, "-----", align=centre)
    members = {comment.author_id for comment in comments}
    cells = {comment.author.party_cell_id for comment in comments if comment.author.party_cell_id}
    period = ""
    if page.consultation_opens_at and page.consultation_closes_at:
        period = f" từ {_when(page.consultation_opens_at)} đến {_when(page.consultation_closes_at)}"
    intro = _paragraph(document, before=6)
    intro.paragraph_format.first_line_indent = Cm(1)
    intro.add_run(
        f"Thực hiện việc lấy ý kiến góp ý đối với {page.title}{period}, đã có "
        f"{len(comments)} ý kiến của {len(members)} đảng viên thuộc {len(cells)} chi bộ. "
        "Kết quả tổng hợp như sau:"
    )
    document.add_heading("I. Ý KIẾN GÓP Ý THEO TỪNG MỤC", level=1)
    for group in groups:
        document.add_heading(group.label, level=2)
        if not group.comments:
            _paragraph(document, "Không có ý kiến.", italic=True)
        for comment in group.comments:
            author = comment.author
            paragraph = _paragraph(document)
            paragraph.paragraph_format.first_line_indent = Cm(1)
            if comment.parent_id:
                paragraph.paragraph_format.left_indent = Cm(1)
            cell = f"{author.party_cell.name}, " if author.party_cell else ""
            paragraph.add_run(_plain(f"Đồng chí {author.get_full_name()}")).bold = True
            reply = _reply_to(comment)
            paragraph.add_run(
                _plain(
                    f" ({cell}{_when(comment.created_at)})"
                    + (f", trả lời ý kiến của {reply}" if reply else "")
                    + ": "
                )
            )
            _add_text(paragraph, _plain(comment.text))
    document.add_heading("II. TIẾP THU, GIẢI TRÌNH", level=1)
    _paragraph(document, "(Văn phòng Đảng ủy bổ sung ý kiến tiếp thu, giải trình.)", italic=True)
    _signature(document, page)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _signature(document, page):
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    _paragraph(left, "Nơi nhận:", bold=True, italic=True, size=12, before=12)
    _paragraph(left, "- Ban Chấp hành Đảng bộ,", size=12)
    _paragraph(left, "- Lưu Văn phòng Đảng ủy.", size=12)
    capacity = page.signing_capacity or "T/M BAN CHẤP HÀNH"
    _paragraph(right, capacity.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=12)
    if page.signer_title:
        _paragraph(right, page.signer_title.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for cell in (left, right):
        _drop_empty_first_paragraph(cell)

"""The importer's corpus: Party documents retyped the ways offices keep them.

The plain-text documents of tests/data/importer_corpus are typed by hand (their expected fields
are in text_expected.json there). The Word and PDF documents are made here from DOCUMENTS, each in
one of the layouts that broke the importer before: `.venv/bin/python -m tests.importer_corpus`
writes them again (python-docx with raw XML where Word's features need it; PDFs printed by
Debian's chromium, the scanned ones rendered to slightly rotated images with a red stamp over the
signature). The expected fields are what the paper says, written before the importer read them.
"""

import html
import io
import sys
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml

from tests.importer_corpus_documents import DOCUMENTS

CORPUS = Path(__file__).parent / "data" / "importer_corpus"
FIELDS = (
    "doc_type",
    "number",
    "issued_on",
    "place",
    "superior_body",
    "issuing_body",
    "title",
    "signing_capacity",
    "signer_title",
    "signer_name",
    "recipients",
    "term",
    "sections",
)
MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"
TYPE_LINE = {
    "nghi-quyet": "NGHỊ QUYẾT",
    "ke-hoach": "KẾ HOẠCH",
    "bao-cao": "BÁO CÁO",
    "thong-bao": "THÔNG BÁO",
    "huong-dan": "HƯỚNG DẪN",
    "quy-che": "QUY CHẾ",
    "chi-thi": "CHỈ THỊ",
    "cong-van": "",
}
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def expected_fields():
    """{file name: expected fields} of every document of the corpus."""
    import json

    expected = json.loads((CORPUS / "text_expected.json").read_text(encoding="utf-8"))
    expected.update({document.name: document.expected() for document in DOCUMENTS})
    return expected


# -- Word ------------------------------------------------------------------------------------


def left_lines(document):
    return [*document.superior_body, *document.issuing_body, "*", document.number_line]


def right_lines(document):
    return [MOTTO, "---------------", document.date_line]


def _centred(paragraph):
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _fill(cell, lines, bold=False):
    cell.text = ""
    first = cell.paragraphs[0]
    for index, line in enumerate(lines):
        paragraph = first if index == 0 else cell.add_paragraph()
        _centred(paragraph).add_run(line).bold = bold


def header_table(container, document, width=None):
    table = container.add_table(rows=1, cols=2, **({"width": width} if width else {}))
    left, right = table.rows[0].cells
    _fill(left, left_lines(document))
    _fill(right, right_lines(document))
    return table


def add_title(word, document, soft_break=False):
    type_line = TYPE_LINE.get(document.doc_type, "")
    word.add_paragraph("")
    if type_line:
        _centred(word.add_paragraph()).add_run(type_line).bold = True
    paragraph = _centred(word.add_paragraph())
    if soft_break:
        first, _space, rest = document.title.partition(" Trường ")
        paragraph.add_run(first + " Trường").bold = True
        paragraph.runs[-1].add_break()
        paragraph.add_run(rest).bold = True
    else:
        paragraph.add_run(document.title).bold = True
    if document.term_line:
        _centred(word.add_paragraph()).add_run(document.term_line).bold = True
    _centred(word.add_paragraph("-----"))


def add_body(word, document, headings="plain"):
    for item in document.body:
        if item[0] == "h":
            _number, text = item[1], item[2]
            if _number.startswith("Chương"):
                _centred(word.add_paragraph()).add_run(_number).bold = True
                _centred(word.add_paragraph()).add_run(text).bold = True
                continue
            line = f"{_number} {text}".strip()
            if headings == "style":
                word.add_paragraph(line, style="Heading 2")
            else:
                word.add_paragraph().add_run(line).bold = headings == "bold"
        elif item[0] == "p":
            word.add_paragraph(item[1])
        elif item[0] == "li":
            word.add_paragraph(f"{item[1]} {item[2]}")
        else:
            add_data_table(word, item[1])


def add_data_table(word, rows):
    table = word.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value


def add_signature(word, document):
    signer = [document.signing_capacity, document.signer_title, "(Đã ký)", document.signer_name]
    if not document.recipients:
        for line in signer:
            word.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        return
    table = word.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = "Nơi nhận:"
    for recipient in document.recipients:
        left.add_paragraph(recipient)
    _fill(right, signer)


def textbox(lines, x):
    """A floating text box (DrawingML, with the VML copy old Word versions read)."""
    paragraphs = "".join(f"<w:p><w:r><w:t>{html.escape(line)}</w:t></w:r></w:p>" for line in lines)
    return (
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" '
        'distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" '
        'locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="margin"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="margin"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="2900000" cy="900000"/><wp:wrapNone/><wp:docPr id="1" name="Text Box"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/><wps:txbx>'
        f"<w:txbxContent>{paragraphs}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback>"
        f"<w:pict><v:shape><v:textbox><w:txbxContent>{paragraphs}</w:txbxContent></v:textbox>"
        "</v:shape></w:pict></mc:Fallback></mc:AlternateContent>"
    )


TEXTBOX_NAMESPACES = (
    f"{W_NS} "
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def _numbering(word):
    """A multi-level list (I., 1.) as numId 90 and a bullet list as numId 91."""
    part = word.part.numbering_part.element
    levels = (
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>'
        '<w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
    )
    bullet = '<w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>'
    for number, content in (("90", levels), ("91", bullet)):
        abstract = parse_xml(
            f'<w:abstractNum {W_NS} w:abstractNumId="{number}">{content}</w:abstractNum>'
        )
        first_num = part.find(abstract.tag.replace("abstractNum", "num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            part.append(abstract)
        part.append(
            parse_xml(
                f'<w:num {W_NS} w:numId="{number}"><w:abstractNumId w:val="{number}"/></w:num>'
            )
        )


def _numbered(word, text, num_id, level):
    paragraph = word.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def build_docx(document):
    word = docx.Document()
    layout = document.layout
    headings = {
        "page_header": "style",
        "textbox": "bold",
        "soft_breaks": "bold",
        "nbhyphen": "bold",
    }.get(layout, "plain")
    if layout == "page_header":
        section = word.sections[0]
        section.different_first_page_header_footer = True
        header_table(section.first_page_header, document, width=word.sections[0].page_width)
    elif layout == "textbox":
        boxes = textbox(left_lines(document), 0) + textbox(right_lines(document), 3000000)
        word.element.body.insert(
            0, parse_xml(f"<w:p {TEXTBOX_NAMESPACES}><w:r>{boxes}</w:r></w:p>")
        )
    elif layout == "tabs":
        left, right = left_lines(document), [MOTTO, "", document.date_line]
        for index, line in enumerate(left):
            tail = right[index] if index < len(right) else ""
            word.add_paragraph(f"{line}\t\t{tail}" if tail else line)
    elif layout == "soft_breaks":
        table = word.add_table(rows=1, cols=2)
        for cell, lines in zip(
            table.rows[0].cells, (left_lines(document), right_lines(document)), strict=False
        ):
            paragraph = cell.paragraphs[0]
            for index, line in enumerate(lines):
                run = paragraph.add_run(line)
                if index < len(lines) - 1:
                    run.add_break()
    elif layout == "nbhyphen":
        table = header_table(word, document)
        number = table.rows[0].cells[0].paragraphs[-1]
        serial, _hyphen, symbol = document.number_line.partition("-")
        for run in number.runs:
            run._r.getparent().remove(run._r)
        number.add_run(serial)._r.append(parse_xml(f"<w:noBreakHyphen {W_NS}/>"))
        number.add_run(symbol)
    elif layout == "cong_van":
        table = header_table(word, document)
        _centred(table.rows[0].cells[0].add_paragraph(document.title))
    else:
        header_table(word, document)
    if layout == "controls":
        add_title(word, document)
        title = word.paragraphs[-2]._p
        control = parse_xml(
            f"<w:sdt {W_NS}><w:sdtPr><w:alias w:val='Trích yếu'/></w:sdtPr><w:sdtContent/></w:sdt>"
        )
        title.addprevious(control)
        control[1].append(title)
    elif layout != "cong_van":
        add_title(word, document, soft_break=layout == "tabs")
    if layout == "numbering":
        _numbering(word)
        for item in document.body:
            if item[0] == "h":
                _numbered(word, item[2], "90", 0 if item[1] in ("I.", "II.", "III.") else 1)
            elif item[0] == "li" and item[1] == "•":
                _numbered(word, item[2], "91", 0)
            else:
                word.add_paragraph(item[1] if item[0] == "p" else f"{item[1]} {item[2]}")
    else:
        add_body(word, document, headings)
    if layout == "tracked":
        _track_changes(word)
    add_signature(word, document)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _revision(tag, text, number, deleted=False):
    """A tracked insertion, deletion or move of a run of text, as Word writes it."""
    text_tag = "w:delText" if deleted else "w:t"
    return parse_xml(
        f'<w:{tag} {W_NS} w:id="{number}" w:author="VP" w:date="2021-01-30T08:00:00Z"><w:r>'
        f'<{text_tag} xml:space="preserve">{text}</{text_tag}></w:r></w:{tag}>'
    )


def _track_changes(word):
    """An insertion and a deletion in the first paragraph, a sentence moved in the second, and
    a comment: the text as it reads now is the document's."""
    paragraphs = [p for p in word.paragraphs if p.text.startswith(("Quy chế này", "Ban Chấp"))]
    first, second = paragraphs[0], paragraphs[1]
    moved = " Đảng ủy họp thường kỳ mỗi tháng một lần."
    first._p.append(_revision("del", " (bản cũ)", 1, deleted=True))
    first._p.append(_revision("ins", " của Ban Chấp hành", 2))
    second._p.insert(1, _revision("moveFrom", moved.strip() + " ", 3))
    second._p.append(_revision("moveTo", moved, 4))
    word.add_comment(second.runs[0], text="Xem lại câu này", author="VP", initials="VP")


# -- PDF -------------------------------------------------------------------------------------


def build_html(document):
    def lines(items):
        return "<br>".join(html.escape(item) for item in items)

    body = []
    for item in document.body:
        if item[0] == "h":
            body.append(f"<p><b>{html.escape(f'{item[1]} {item[2]}'.strip())}</b></p>")
        elif item[0] == "p":
            body.append(f"<p>{html.escape(item[1])}</p>")
        elif item[0] == "li":
            body.append(f"<p>{html.escape(item[1])} {html.escape(item[2])}</p>")
    title = [document.title] + ([document.term_line] if document.term_line else [])
    left = left_lines(document)
    if document.doc_type == "cong-van":
        left.append(document.title)
        title = []
    type_line = TYPE_LINE.get(document.doc_type, "")
    signer = [document.signing_capacity, document.signer_title]
    recipients = ["<i>Nơi nhận:</i>", *map(html.escape, document.recipients)]
    return f"""<html><head><meta charset="utf-8"><style>
      body {{ font-family: 'Liberation Serif'; font-size: 13.5pt; }}
      td {{ text-align: center; vertical-align: top; width: 50%; }}
      p {{ margin: 0 0 6pt 0; text-align: justify; }}
    </style></head><body>
    <table style="width:100%"><tr><td>{lines(left)}</td><td><b>{MOTTO}</b><br>
      ---------------<br><i>{html.escape(document.date_line)}</i></td></tr></table>
    <p style="text-align:center;margin-top:14pt"><b>{type_line}</b><br><b>{lines(title)}</b></p>
    {"".join(body)}
    <table style="width:100%;margin-top:12pt"><tr>
      <td style="text-align:left;font-size:11pt">{"<br>".join(recipients)}</td>
      <td><b>{lines(signer)}</b><br><br><br><br>
      <b>{html.escape(document.signer_name)}</b></td></tr></table>
    </body></html>"""


def print_pdfs(documents):
    """The PDFs as Chromium prints them (a text layer laid out as on paper)."""
    from playwright.sync_api import sync_playwright

    result = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        for document in documents:
            page.set_content(build_html(document))
            result[document.name] = page.pdf(
                format="A4",
                margin={"top": "20mm", "bottom": "20mm", "left": "30mm", "right": "15mm"},
            )
        browser.close()
    return result


def stamp_over(image, name_box):
    """A round red stamp pressed over the signer's name: red ink multiplies with the black, so
    the letters under it stay dark, as on paper."""
    from PIL import Image, ImageChops, ImageDraw, ImageFont

    left, top, right, bottom = name_box
    radius = int((bottom - top) * 2.6)
    centre = ((left + right) // 2 + radius // 3, (top + bottom) // 2 - radius // 3)
    layer = Image.new("RGB", image.size, "white")
    draw = ImageDraw.Draw(layer)
    red = (205, 30, 35)
    for ring, width in ((radius, 7), (radius - 16, 3)):
        box = (centre[0] - ring, centre[1] - ring, centre[0] + ring, centre[1] + ring)
        draw.ellipse(box, outline=red, width=width)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", radius // 5)
    for text, dy in (("ĐẢNG ỦY", -radius // 2), ("★", -radius // 8), ("CƠ QUAN", radius // 4)):
        draw.text((centre[0], centre[1] + dy), text, fill=red, font=font, anchor="mm")
    return ImageChops.multiply(image, layer.rotate(-12, center=centre, fillcolor="white"))


def scan(pdf, signer_name, angle):
    """The printed PDF as a scanner gives it back: pages as images fed in slightly askew, with
    the red stamp over the signer's name."""
    import pypdfium2
    from PIL import Image

    scale = 200 / 72
    images = []
    for page in pypdfium2.PdfDocument(pdf):
        image = page.render(scale=scale).to_pil().convert("RGB")
        text = page.get_textpage()
        found = text.search(signer_name).get_next()
        if found:
            boxes = [text.get_charbox(i) for i in range(found[0], found[0] + found[1])]
            height = page.get_height()
            box = (
                min(b[0] for b in boxes) * scale,
                (height - max(b[3] for b in boxes)) * scale,
                max(b[2] for b in boxes) * scale,
                (height - min(b[1] for b in boxes)) * scale,
            )
            image = stamp_over(image, tuple(int(v) for v in box))
        rotated = image.rotate(
            angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor="white"
        )
        images.append(rotated)
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:], resolution=200)
    return buffer.getvalue()


def main(names=()):
    CORPUS.mkdir(parents=True, exist_ok=True)
    documents = [document for document in DOCUMENTS if not names or document.name in names]
    for document in documents:
        if document.name.endswith(".docx"):
            (CORPUS / document.name).write_bytes(build_docx(document))
    pdfs = [document for document in documents if document.name.endswith(".pdf")]
    printed = print_pdfs(pdfs)
    for index, document in enumerate(pdfs):
        pdf = printed[document.name]
        if document.layout == "scan":
            pdf = scan(pdf, document.signer_name, angle=1.5 if index % 2 else -1.2)
        (CORPUS / document.name).write_bytes(pdf)


if __name__ == "__main__":
    main(sys.argv[1:])

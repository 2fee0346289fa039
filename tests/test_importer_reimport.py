"""Importing a document that is already in the library: nothing widens, nothing is lost.

Run on SQLite by `make test`, and on PostgreSQL with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/h18 (the matching compares numbers and bodies
in Python after a query by type and date, so both databases must agree).
"""

import csv
import json

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import PageLogEntry, PageViewRestriction

from resolutions.importer.parser import parse
from resolutions.importer.service import Audience, import_parsed
from resolutions.models import PartyDocumentPage
from tests import factories
from tests.importer_corpus import CORPUS

pytestmark = pytest.mark.django_db

WORD = CORPUS / "word_table_header.docx"
# The same resolution as a web copy: the body's name in small letters with "uỷ", the number
# spaced, the page's own title above it.
WEB_COPY = """Nghị quyết về kiểm tra, giám sát năm 2022 - Cổng thông tin Sở Tài chính

Đảng bộ Khối các cơ quan tỉnh             ĐẢNG CỘNG SẢN VIỆT NAM
Đảng uỷ Sở Tài chính
     *                          Sóc Trăng, ngày 15 tháng 4 năm 2022
Số 08 - NQ/ĐU

NGHỊ QUYẾT
về tăng cường công tác kiểm tra, giám sát của Đảng năm 2022

I. MỤC TIÊU
Nâng cao hiệu lực, hiệu quả công tác kiểm tra, giám sát và thi hành kỷ luật.
II. NHIỆM VỤ VÀ GIẢI PHÁP
- Kiểm tra ít nhất 02 chi bộ và 04 đảng viên trong năm.
III. TỔ CHỨC THỰC HIỆN
Ủy ban Kiểm tra Đảng ủy giúp Ban Chấp hành theo dõi, đôn đốc thực hiện.

T/M ĐẢNG ỦY
BÍ THƯ

Nguyễn Thị Hồng Nhung
"""


def restriction_of(page):
    restrictions = list(PageViewRestriction.objects.filter(page=page))
    return [(r.restriction_type, [g.name for g in r.groups.all()]) for r in restrictions]


def import_file(path, *options):
    call_command("import_document", str(path), *options)
    return PartyDocumentPage.objects.get()


def test_a_reimport_never_changes_who_may_read_the_page_unless_asked(tmp_path, capsys):
    cell = factories.committee_group()
    page = import_file(WORD, "--publish", "--audience", f"group:{cell.name}")
    before = restriction_of(page)
    assert before == [("groups", [cell.name])]
    copy = tmp_path / "ban-web.txt"
    copy.write_text(WEB_COPY, "utf-8")

    import_file(copy)  # a draft from another source, no audience given
    assert restriction_of(page) == before
    parsed = parse(WEB_COPY)
    result = import_parsed(parsed, factories.library(), Audience.of(page))
    assert result.audience_change == () and restriction_of(page) == before  # the same: no-op
    capsys.readouterr()

    import_file(copy, "--audience", "members")  # asked for: changed, shown and logged
    assert restriction_of(page) == [("login", [])]
    out = capsys.readouterr().out
    assert f"từ {cell.name} sang Tất cả đảng viên" in out
    actions = PageLogEntry.objects.filter(page=page).values_list("action", flat=True)
    assert {"wagtail.view_restriction.delete", "wagtail.view_restriction.create"} <= set(actions)


def test_the_same_document_from_two_sources_is_one_page(tmp_path, client):
    page = import_file(WORD, "--publish")
    copy = tmp_path / "ban-web.txt"
    copy.write_text(WEB_COPY, "utf-8")
    import_file(copy)
    assert PartyDocumentPage.objects.count() == 1
    page.refresh_from_db()
    assert page.revisions.count() == 2
    # Indexed once per import, as published: the site's search finds it.
    client.force_login(factories.UserFactory())
    assert page.title in client.get("/tim-kiem/", {"q": "kiem tra giam sat"}).content.decode()
    # Another document of the same body, number and type but another date is another page.
    other = tmp_path / "khac.txt"
    other.write_text(WEB_COPY.replace("ngày 15 tháng 4", "ngày 16 tháng 4"), "utf-8")
    call_command("import_document", str(other))
    assert PartyDocumentPage.objects.count() == 2


def test_a_much_shorter_revision_is_not_published_and_is_reported(tmp_path, capsys):
    page = import_file(WORD, "--publish")
    live_revision = page.live_revision_id
    truncated = tmp_path / "ban-cat-ngan.txt"
    truncated.write_text(WEB_COPY.split("II. NHIỆM VỤ")[0] + "\nT/M ĐẢNG ỦY\nBÍ THƯ\n", "utf-8")
    report = tmp_path / "bao-cao.json"
    capsys.readouterr()
    call_command("import_document", str(truncated), "--publish", "--report", str(report))
    page.refresh_from_db()
    assert page.live_revision_id == live_revision and page.has_unpublished_changes
    assert "Chưa đăng" in capsys.readouterr().out
    [row] = json.loads(report.read_text("utf-8"))
    assert row["outcome"] == "held" and "1 mục" in row["reason"]
    # A complete revision is published as usual.
    call_command("import_document", str(WORD), "--publish")
    page.refresh_from_db()
    assert page.live_revision_id != live_revision and not page.has_unpublished_changes


def test_a_folder_gives_a_report_of_every_file(tmp_path):
    folder = tmp_path / "luu-tru"
    folder.mkdir()
    for name in ("missing_issuing_body.txt", "pdf_thong_bao.pdf", "word_tabs.docx"):
        (folder / name).write_bytes((CORPUS / name).read_bytes())
    (folder / "hong.docx").write_bytes(b"PK\x03\x04 not a document")
    report = tmp_path / "bao-cao.csv"
    with pytest.raises(CommandError, match="1 trong 4"):
        call_command("import_document", str(folder), "--report", str(report))
    with report.open(encoding="utf-8-sig") as handle:
        rows = {row["file"].rsplit("/", 1)[1]: row for row in csv.DictReader(handle)}
    assert {name: row["outcome"] for name, row in rows.items()} == {
        "hong.docx": "refused",
        "missing_issuing_body.txt": "created",
        "pdf_thong_bao.pdf": "created",
        "word_tabs.docx": "created",
    }
    assert rows["missing_issuing_body.txt"]["fields_to_check"] == "issuing_body"
    assert "number" in rows["word_tabs.docx"]["fields_found"]
    pdf_page = PartyDocumentPage.objects.get(number="14-TB/CB")
    assert [a.document.title for a in pdf_page.attachments.all()] == ["pdf_thong_bao.pdf"]
    assert PartyDocumentPage.objects.get(number="09-TB/ĐU").issuing_body == ""


def test_a_large_folder_is_read_in_parallel_and_written_in_batches(tmp_path, monkeypatch):
    """Read by a pool of processes, written ten files a transaction: a file refused in the
    middle of a batch (its number taken by another document of the body) leaves no trace and
    the others of its batch are imported, published and in the search index."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.models import IndexEntry

    from portal.workload.bench.import_documents import generate
    from resolutions.management.commands import import_document

    monkeypatch.setattr(import_document, "BATCH", 10)
    generate(tmp_path, count=import_document.PARALLEL_FROM + 5)
    first = (tmp_path / "0000.txt").read_text("utf-8")
    clash = first.replace("ngày 01 tháng", "ngày 02 tháng", 1)
    assert clash != first
    (tmp_path / "0004a.txt").write_text(clash, "utf-8")
    with pytest.raises(CommandError, match="1 trong 26"):
        call_command("import_document", str(tmp_path), "--publish")
    pages = PartyDocumentPage.objects.all()
    assert pages.count() == 25 and pages.filter(live=True).count() == 25
    kind = ContentType.objects.get_for_model(PartyDocumentPage)
    assert IndexEntry.objects.filter(content_type=kind).count() == 25

"""The document as the Party prints it: the title rules, the Word file ("Tải về bản Word"), its
round trip through the importer, and the check of a printed copy (QR code and short code)."""

import datetime
import io
import json
import re

import docx
import pytest
from django.core.management import call_command

from portal.workload import demo
from resolutions import printed
from resolutions.models import PartyDocumentPage
from tests import factories
from tests.importer_corpus import CORPUS, FIELDS
from tests.test_importer import FIXTURES, SEED

pytestmark = pytest.mark.django_db
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def word(client, page):
    return client.get(f"{page.url}ban-word/")


def demo_document(slug):
    """A demo document (portal.workload.demo) as seed_demo builds it, public."""
    _slug, _audience, fields, body = next(item for item in demo.DOCUMENTS if item[0] == slug)
    values = {
        "issuing_body": demo.ISSUING_BODY,
        "superior_body": demo.SUPERIOR_BODY,
        **{key: value for key, value in fields.items() if key != "acknowledgement_deadline"},
        "issued_on": datetime.date.fromisoformat(fields["issued_on"]),
    }
    return factories.document(body=body, **values)


# -- the title ------------------------------------------------------------------------------------


def test_type_name_above_the_excerpt_and_never_twice(client):
    page = demo_document("nghi-quyet-05-nq-du-nhiem-vu-nam-hoc-2026-2027")
    html = client.get(page.url).content.decode()
    assert '<span class="od-type">NGHỊ QUYẾT</span>' in html
    excerpt = "về lãnh đạo thực hiện nhiệm vụ chính trị năm học 2026 - 2027"
    assert f'<span class="od-excerpt">{excerpt}</span>' in html
    assert html.count("NGHỊ QUYẾT") == 1
    assert "<title>Nghị quyết về lãnh đạo" in html


def test_a_title_in_capitals_is_printed_as_written_and_listed_in_sentence_case(client):
    call_command(
        "import_document", str(SEED), "--publish", "--audience", "public", stdout=io.StringIO()
    )
    page = PartyDocumentPage.objects.get()
    assert page.title.startswith(
        "Các giải pháp nâng cao năng lực lãnh đạo và sức chiến đấu của BCH"
    )
    assert page.paper_title.startswith("CÁC GIẢI PHÁP NÂNG CAO NĂNG LỰC")
    html = client.get(page.url).content.decode()
    assert f'od-excerpt--alone">{page.paper_title}<' in html  # once, as on paper
    assert "od-type" not in html
    assert f"<title>{page.title}" in html
    # Imported again, it is the same document (matched on the title as printed), not a second.
    call_command("import_document", str(SEED), stdout=io.StringIO())
    assert PartyDocumentPage.objects.count() == 1


def test_a_draft_is_marked_and_carries_no_signature(client):
    page = demo_document("du-thao-nghi-quyet-chuyen-doi-so")
    html = client.get(page.url).content.decode()
    assert '<p class="od-draft">DỰ THẢO</p>' in html
    assert "od-signature" not in html and page.signer_name not in html
    issued = client.get(demo_document("thong-bao-03-tb-du-lich-sinh-hoat").url).content.decode()
    assert "od-draft" not in issued and "od-signature" in issued


# -- the Word file and the round trip -----------------------------------------------------------


def test_word_file_is_in_the_official_layout(client):
    page = demo_document("ke-hoach-12-kh-du-hoc-tap-quan-triet")
    response = word(client, page)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "12-KH-%C4%90U_2026-09-20.docx" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(margin.cm, 1) for margin in margins] == [2.0, 2.0, 3.0, 1.5]
    assert section.different_first_page_header_footer
    assert 'w:instr="PAGE"' in section.header._element.xml  # page numbers from page 2
    assert document.styles["Normal"].font.name == "Times New Roman"
    header, data, signature = document.tables
    left, right = header.rows[0].cells
    assert left.width > right.width  # the bodies' names get the wider column
    motto = right.paragraphs[0].runs[0]
    assert (motto.text, motto.bold, motto.underline, motto.font.size.pt) == (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        True,
        True,
        15,
    )
    assert right.paragraphs[1].runs[0].italic
    type_line = next(p for p in document.paragraphs if p.text == "KẾ HOẠCH")
    assert type_line.runs[0].bold and type_line.runs[0].font.size.pt == 16
    assert len(data.rows) == 5 and data.rows[0].cells[0].text == "Nội dung"
    recipients = signature.rows[0].cells[0].paragraphs[0].runs[0]
    assert recipients.text == "Nơi nhận:" and recipients.underline
    footer = section.first_page_footer
    assert printed.current_code(page) in footer._element.xml  # the check
    assert word(client, page).content == response.content  # the same file every time


def _import_dry_run(tmp_path, content):
    path = tmp_path / "van-ban.docx"
    path.write_bytes(content)
    out = io.StringIO()
    call_command("import_document", str(path), "--dry-run", "--json", stdout=out)
    return json.loads(out.getvalue())


def _printed_fields(page):
    """What the paper shows of each field, as the importer is to read it back."""
    signed = not page.is_draft
    return {
        "doc_type": page.doc_type,
        "number": page.number or None,
        "issued_on": page.issued_on and page.issued_on.isoformat(),
        "place": page.place,
        "superior_body": " ".join(page.superior_body.split()).upper(),
        "issuing_body": " ".join(page.issuing_body.split()).upper(),
        "title": page.heading.printed_title,
        "signing_capacity": page.signing_capacity if signed else "",
        "signer_title": page.signer_title if signed else "",
        "signer_name": page.signer_name if signed else "",
        "recipients": page.recipient_list,
        # The term is not printed (36-HD/VPTW has no line for it): the Word file keeps it.
        "term": page.term,
        "sections": [text for _anchor, _number, text, _level in page.sections],
    }


def _read_back(data):
    data = {key: data[key] for key in FIELDS}
    data["superior_body"] = data["superior_body"].upper()
    data["issuing_body"] = data["issuing_body"].upper()
    return data


def _importer_documents():
    """The importer's fixtures, the seed and its corpus (text, Word, PDF, scans), imported and
    published (a scan is imported as a draft for the editor to check: published here)."""
    paths = [SEED, *sorted(FIXTURES.glob("*.txt")), *sorted(CORPUS.glob("*.*"))]
    paths = [path for path in paths if path.suffix in (".txt", ".docx", ".pdf")]
    documents = []
    for path in paths:
        call_command("import_document", str(path), "--publish", stdout=io.StringIO())
        page = PartyDocumentPage.objects.order_by("-pk").first()
        if not page.live:
            page.get_latest_revision().publish()
        documents.append(page)
    return documents, len(paths)


def test_round_trip_of_every_demo_and_importer_document(client, tmp_path):
    client.force_login(factories.UserFactory())  # imported documents are for all members
    documents = [demo_document(item[0]) for item in demo.DOCUMENTS]
    imported, files = _importer_documents()
    documents += imported
    differences = {}
    for page in documents:
        page = PartyDocumentPage.objects.get(pk=page.pk)
        read = _read_back(_import_dry_run(tmp_path, word(client, page).content))
        expected = _printed_fields(page)
        wrong = {key: (expected[key], read[key]) for key in FIELDS if read[key] != expected[key]}
        if wrong:
            differences[page.slug] = wrong
    assert not differences, json.dumps(differences, ensure_ascii=False, indent=1)
    assert len({page.pk for page in documents}) == len(demo.DOCUMENTS) + files


# -- audience ------------------------------------------------------------------------------------


def test_word_file_and_check_of_a_restricted_document_answer_as_missing_ones(client):
    group = factories.committee_group()
    page = factories.document(audience=group)
    code = printed.current_code(page)
    missing = "/van-ban/khong-co-van-ban-nay/"
    parts = ("ban-word/", f"kiem-tra/{code}/")

    def answers(path):
        response = client.get(path)
        content = CSRF_TOKEN.sub("", response.content.decode())  # masked anew in every response
        return response.status_code, response.get("Location", ""), content

    for part in parts:  # a visitor: sent to log in, as for an address that does not exist
        status, location, _content = answers(page.url + part)
        assert (status, location) == (
            302,
            f"/accounts/login/?next={page.url}{part}",
        )
        assert answers(missing + part)[:2] == (302, location.replace(page.url, missing))
    outsider = factories.UserFactory()
    client.force_login(outsider)
    for part in parts:  # a member outside the audience: the very 404 of a missing page
        assert answers(page.url + part) == answers(missing + part)
        assert answers(page.url + part)[0] == 404
    insider = factories.UserFactory()
    insider.groups.add(group)
    client.force_login(insider)
    response = word(client, page)
    assert response.status_code == 200 and "no-cache" in response.get("Cache-Control", "")
    assert client.get(page.url + parts[1]).status_code == 200


# -- is this printed copy current? -------------------------------------------------------------


def test_printed_copy_says_whether_it_is_current(client):
    page = demo_document("thong-bao-03-tb-du-lich-sinh-hoat")
    first = printed.current_code(page)
    html = client.get(page.url).content.decode()
    assert f"<strong>{first}</strong>" in html and "<svg" in html  # printed with the page
    check = client.get(f"{page.url}kiem-tra/{first}/").content.decode()
    assert "Đây là bản hiện hành." in check
    page.save_revision().publish()  # republished as it was: the same text, the same code
    page.refresh_from_db()
    assert printed.current_code(page) == first and str(page.live_revision_id) not in first
    page.signer_name = "Nguyễn Văn Tư"
    page.save_revision().publish()
    page.refresh_from_db()
    old = client.get(f"{page.url}kiem-tra/{first}/").content.decode()
    assert "Đã có bản mới hơn" in old and "Đây là bản hiện hành." not in old
    assert printed.current_code(page) != first
    other = factories.document()
    client.force_login(factories.UserFactory())  # a visitor would be sent to log in instead
    forged = printed.current_code(other)  # another document's code
    assert client.get(f"{page.url}kiem-tra/{forged}/").status_code == 404
    tampered = first[:-1] + ("A" if first[-1] != "A" else "B")
    assert client.get(f"{page.url}kiem-tra/{tampered}/").status_code == 404


def test_members_share_the_page_with_the_code_of_the_revision_they_see(client):
    """The QR code and short code are part of the members' shared page
    (portal.caching.shared_pages): a new revision gives every member the new code, never the shared
    page of the old one."""
    page = factories.document(audience="members")
    client.force_login(factories.UserFactory())
    first = printed.current_code(page)
    assert f"<strong>{first}</strong>" in client.get(page.url).content.decode()
    page.signer_name = "Nguyễn Văn Tư"  # a new text: republishing the same keeps its code
    page.save_revision().publish()
    page.refresh_from_db()
    client.force_login(factories.UserFactory())
    html = client.get(page.url).content.decode()
    assert f"<strong>{printed.current_code(page)}</strong>" in html
    assert first not in html

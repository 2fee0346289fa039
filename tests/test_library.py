"""The document library: the official layout, numbering, filters, the editors' side."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Workflow

from resolutions.models import DocumentRelation, PartyDocumentPage
from resolutions.numbering import next_number, suggestions
from tests import factories
from tests.listings import library_titles, shown_count

pytestmark = pytest.mark.django_db


def test_document_renders_in_the_official_layout(client):
    page = factories.document(
        title="Các giải pháp nâng cao năng lực lãnh đạo",
        doc_type="giai-phap",
        number="",
        superior_body="Đảng ủy Khối các cơ quan tỉnh Bạc Liêu",
        issuing_body="Đảng bộ Trường TH Kinh tế - Kỹ thuật",
        place="Bạc Liêu",
        issued_on=datetime.date(2011, 4, 8),
        recipients="Đảng ủy Khối,\nLưu VP.",
        term="2010-2015",
    )
    html = client.get(page.url).content.decode()
    header = html.split('class="od-header"', 1)[1].split("</header>", 1)[0]
    left, right = header.split('class="od-header__right"')
    assert "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH BẠC LIÊU" in left and "*" in left
    assert "ĐẢNG BỘ TRƯỜNG TH KINH TẾ - KỸ THUẬT" in left
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in right
    assert "Bạc Liêu, ngày 08 tháng 04 năm 2011" in right
    # The title names its type ("Các giải pháp…"): shown once, as written, without a type line.
    assert '<span class="od-excerpt od-excerpt--alone">Các giải pháp nâng cao' in html
    assert "od-type" not in html
    assert "T/M BAN CHẤP HÀNH" in html and "Trần Văn Ký" in html
    assert "Nơi nhận:" in html and "Lưu VP." in html
    assert 'id="muc-1"' in html
    assert "In văn bản" in html
    css = client.get("/static/portal/css/document.css").getvalue().decode()
    assert "Times New Roman" in css and "Tinos-Regular.woff2" in css


def test_long_documents_get_a_table_of_contents(client):
    body = [
        {"type": "heading", "value": {"number": f"{n}.", "text": f"Phần {n}", "level": "2"}}
        for n in range(1, 5)
    ]
    html = client.get(factories.document(body=body).url).content.decode()
    assert 'class="toc' in html and 'href="#muc-3"' in html
    short = factories.document().url
    assert 'class="toc' not in client.get(short).content.decode()


def test_heading_anchors_are_stable_and_unique():
    body = [
        {"type": "heading", "value": {"number": "1.", "text": "Mục tiêu", "level": "2"}},
        {"type": "heading", "value": {"number": "1.", "text": "Chỉ tiêu", "level": "3"}},
        {"type": "heading", "value": {"number": "", "text": "Tổ chức thực hiện", "level": "2"}},
    ]
    page = factories.document(body=body)
    assert [section[0] for section in page.sections] == ["muc-1", "muc-1-2", "to-chuc-thuc-hien"]


def test_next_number_is_suggested_per_type_and_term():
    factories.document(number="05-NQ/ĐU", doc_type="nghi-quyet", term="2020-2025")
    factories.document(number="04-NQ/ĐU", doc_type="nghi-quyet", term="2020-2025")
    factories.document(number="11-NQ/ĐU", doc_type="nghi-quyet", term="2015-2020")
    factories.document(number="12-KH/ĐU", doc_type="ke-hoach", term="2020-2025")
    assert next_number("nghi-quyet", "2020-2025") == "06-NQ/ĐU"
    assert next_number("ke-hoach", "2020-2025") == "13-KH/ĐU"
    assert next_number("bao-cao", "2020-2025") == "01-BC/ĐU"
    assert next_number("khac", "2020-2025") == ""
    assert suggestions("2025-2030")["nghi-quyet"] == "01-NQ/ĐU"


def test_editor_form_offers_the_suggestion(client):
    factories.document(number="05-NQ/ĐU", term="2020-2025")
    client.force_login(factories.editor())
    library = factories.library()
    url = f"/admin/pages/add/resolutions/partydocumentpage/{library.pk}/"
    html = client.get(url).content.decode()
    assert "06-NQ/ĐU" in html and "numbering.js" in html


def test_duplicate_number_for_the_same_issuing_body_is_refused():
    factories.document(number="05-NQ/ĐU", issuing_body="Đảng bộ Trường A")
    clash = PartyDocumentPage(
        title="Trùng số", number="Số: 05-NQ/ĐU", issuing_body="Đảng bộ Trường A", doc_type="khac"
    )
    with pytest.raises(ValidationError) as error:
        clash.clean()
    assert "đã được dùng" in str(error.value.message_dict["number"])
    other_body = PartyDocumentPage(
        title="Khác cơ quan", number="05-NQ/ĐU", issuing_body="Đảng bộ Trường B", doc_type="khac"
    )
    other_body.clean()
    assert other_body.number == "05-NQ/ĐU"


def test_superseded_documents_link_to_their_replacement(client):
    new = factories.document(title="Quy chế mới")
    old = factories.document(title="Quy chế cũ", status="het-hieu-luc", superseded_by=new)
    html = client.get(old.url).content.decode()
    assert "đã hết hiệu lực" in html and new.url in html
    with pytest.raises(ValidationError):
        PartyDocumentPage(
            title="x", issuing_body="y", doc_type="khac", status="het-hieu-luc"
        ).clean()


def test_relations_show_both_ways(client):
    plan = factories.document(title="Kế hoạch thực hiện", doc_type="ke-hoach")
    resolution = factories.document(title="Nghị quyết gốc")
    DocumentRelation.objects.create(page=plan, target=resolution, kind="implements")
    assert "Nghị quyết gốc" in client.get(plan.url).content.decode()
    assert "Kế hoạch thực hiện" in client.get(resolution.url).content.decode()


def related_items(html):
    return re.findall(r"<li>([^<:]+): <a href=\"[^\"]+\">([^<]+)</a></li>", html)


def test_relations_name_their_direction_and_leave_out_unpublished_documents(client):
    plan = factories.document(title="Kế hoạch thực hiện", doc_type="ke-hoach", number="")
    resolution = factories.document(title="Nghị quyết gốc", number="")
    withdrawn = factories.document(title="Hướng dẫn đã thu hồi", number="")
    DocumentRelation.objects.create(page=plan, target=resolution, kind="implements")
    DocumentRelation.objects.create(page=withdrawn, target=resolution, kind="implements")
    DocumentRelation.objects.create(page=resolution, target=withdrawn, kind="amends")
    withdrawn.unpublish()
    assert related_items(client.get(plan.url).content.decode()) == [
        ("Triển khai thực hiện", "Nghị quyết gốc")
    ]
    assert related_items(client.get(resolution.url).content.decode()) == [
        ("Được triển khai thực hiện bởi", "Kế hoạch thực hiện")
    ]


@pytest.fixture
def shelf():
    docs = []
    for year in (2019, 2020, 2021):
        for doc_type in ("nghi-quyet", "ke-hoach"):
            docs.append(
                factories.document(
                    doc_type=doc_type,
                    issued_on=datetime.date(year, 3, 1),
                    title=f"{doc_type} {year}",
                    issuing_body="Đảng bộ A" if year < 2021 else "Đảng bộ B",
                )
            )
    factories.document(title="Dự thảo", status="du-thao", issued_on=datetime.date(2022, 1, 1))
    return docs


def listed(client, **params):
    response = client.get("/van-ban/", params)
    return shown_count(response), library_titles(response)


def test_library_filters_and_sort(client, shelf):
    assert listed(client)[0] == 7
    assert listed(client, doc_type="ke-hoach")[0] == 3
    assert listed(client, year=2020)[0] == 2
    assert listed(client, issuing_body="Đảng bộ B")[0] == 2
    assert listed(client, status="du-thao") == (1, ["Dự thảo"])
    assert listed(client)[1][0] == "Dự thảo"  # newest first
    assert listed(client, sort="oldest")[1][0].endswith("2019")
    html = client.get("/van-ban/", {"doc_type": "ke-hoach"}).content.decode()
    assert "3 văn bản" in html


def test_library_paginates_without_per_row_queries(client):
    # Each listing is rendered anew (publishing makes cached ones stale); the home page first
    # fills the site-wide caches the same way both times.
    for n in range(25):
        factories.document(title=f"Văn bản {n}")
    client.get("/")
    with CaptureQueriesContext(connection) as first:
        client.get("/van-ban/")
    for n in range(25, 60):
        factories.document(title=f"Văn bản {n}")
    client.get("/")
    with CaptureQueriesContext(connection) as more:
        response = client.get("/van-ban/", {"page": 2})
    assert len(more.captured_queries) == len(first.captured_queries)
    assert len(library_titles(response)) == 20


def test_bad_filter_values_do_not_break_the_library(client, shelf):
    assert (
        client.get("/van-ban/", {"year": "abc", "page": "x", "doc_type": "<script>"}).status_code
        == 200
    )


def test_a_filter_not_understood_is_left_out_and_said_so(client, shelf):
    response = client.get("/van-ban/", {"year": "abc", "doc_type": "ke-hoach"})
    html = response.content.decode()
    assert "Các bộ lọc sau không hợp lệ nên đã được bỏ qua: Năm." in html
    assert "3 văn bản" in html  # the type still applies
    assert "không hợp lệ" not in client.get("/van-ban/", {"doc_type": "ke-hoach"}).content.decode()


def test_the_approval_workflow_is_configured():
    workflow = Workflow.objects.get(name="Soạn thảo → Duyệt → Ban hành")
    assert workflow.active
    task = workflow.tasks.get().specific
    assert [group.name for group in task.groups.all()] == ["Kiểm duyệt (Bí thư)"]


def test_editors_submit_and_moderators_publish(client):
    editor = factories.editor()
    page = factories.document(publish=False, title="Dự thảo gửi duyệt")
    client.force_login(editor)
    edit_url = f"/admin/pages/{page.pk}/edit/"
    html = client.get(edit_url).content.decode()
    assert "Gửi duyệt" in html or "Soạn thảo → Duyệt → Ban hành" in html
    assert not page.permissions_for_user(editor).can_publish()
    assert page.permissions_for_user(factories.moderator()).can_publish()


def test_admin_document_listing_filters(client, shelf):
    client.force_login(factories.editor())
    response = client.get("/admin/party_documents/", {"doc_type": "ke-hoach", "year": 2021})
    assert response.status_code == 200
    html = response.content.decode()
    assert "ke-hoach 2021" in html and "nghi-quyet 2021" not in html


def test_the_catalogue_holds_each_shared_value_once(shelf):
    """Every process keeps the catalogue: a value thousands of documents share is one object."""
    from resolutions.listing import catalogue

    _key, entries = catalogue(factories.library())
    for field in ("year", "doc_type", "issuing_body", "status"):
        values = [getattr(entry, field) for entry in entries]
        assert len({id(value) for value in values}) == len(set(values)), field

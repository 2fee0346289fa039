"""Site search: Vietnamese with or without diacritics, numbers, snippets, filters."""

import datetime

import pytest

from tests import factories
from tests.listings import search_titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    return {
        "resolution": factories.document(
            title="Nghị quyết Đảng bộ về công tác kiểm tra, giám sát",
            number="05-NQ/ĐU",
            issued_on=datetime.date(2021, 3, 9),
            body=[
                {"type": "heading", "value": {"number": "1.", "text": "Mục tiêu", "level": "2"}},
                {
                    "type": "paragraph",
                    "value": "<p>Nâng cao năng lực lãnh đạo và sức chiến đấu của tổ chức "
                    "cơ sở Đảng; ủy ban kiểm tra giám sát thường xuyên.</p>",
                },
            ],
        ),
        "plan": factories.document(
            title="Kế hoạch học tập chuyên đề năm 2024",
            doc_type="ke-hoach",
            number="12-KH/ĐU",
            issued_on=datetime.date(2024, 5, 2),
            body=[{"type": "paragraph", "value": "<p>Học tập và làm theo tư tưởng.</p>"}],
        ),
        "news": factories.news(
            title="Đảng bộ tổ chức hội nghị học tập nghị quyết",
            summary="Hội nghị quán triệt nghị quyết của Đảng bộ năm 2024.",
        ),
    }


def titles(client, **params):
    return search_titles(client.get("/tim-kiem/", params))


@pytest.mark.parametrize(
    "query",
    ["nghị quyết đảng bộ", "nghi quyet dang bo", "NGHI QUYET DANG BO", "Nghi quyết Dang bộ"],
)
def test_vietnamese_with_and_without_diacritics(client, corpus, query):
    found = titles(client, q=query)
    assert corpus["resolution"].title in found
    assert corpus["news"].title in found
    assert corpus["plan"].title not in found


def test_d_with_stroke_and_double_marks_fold(client, corpus):
    assert corpus["resolution"].title in titles(client, q="dang")
    assert corpus["resolution"].title in titles(client, q="suc chien dau")  # ứ, ế, ấ
    assert corpus["resolution"].title in titles(client, q="uy ban kiem tra")  # ủ
    assert titles(client, q="khong co tu nay xyz") == []


def test_decomposed_unicode_query_matches(client, corpus):
    import unicodedata

    query = unicodedata.normalize("NFD", "Nghị quyết")
    assert corpus["resolution"].title in titles(client, q=query)


def test_document_number_finds_its_document_first(client, corpus):
    assert titles(client, q="05-NQ")[0] == corpus["resolution"].title
    assert titles(client, q="05-NQ/ĐU")[0] == corpus["resolution"].title
    assert titles(client, q="12-KH")[0] == corpus["plan"].title


def test_snippets_highlight_the_match_and_escape_the_text(client, corpus):
    factories.document(
        title="Thông báo có ký tự đặc biệt",
        body=[{"type": "paragraph", "value": "<p>Ghi chú &lt;script&gt; giám sát</p>"}],
    )
    response = client.get("/tim-kiem/", {"q": "giam sat"})
    html = response.content.decode()
    assert "<mark>giám sát</mark>" in html
    assert "<script>" not in html.split("search-results", 1)[1]


def test_filters_by_kind_and_year(client, corpus):
    assert titles(client, q="hoc tap", kind="news") == [corpus["news"].title]
    assert titles(client, q="hoc tap", kind="documents") == [corpus["plan"].title]
    assert titles(client, q="nghi quyet", year=2021) == [corpus["resolution"].title]


def test_bad_queries_get_a_clear_answer_not_an_error(client, corpus):
    assert client.get("/tim-kiem/", {"q": "x" * 5000}).status_code == 200
    response = client.get("/tim-kiem/", {"q": "a\x00b"})
    assert response.status_code == 200
    assert "không được phép" in response.content.decode()
    assert client.get("/tim-kiem/", {"year": "abc", "q": "dang"}).status_code == 200
    assert titles(client, q="") is None


def test_unpublished_documents_are_not_found(client):
    factories.document(title="Bản nháp chưa ban hành zzqq", publish=False)
    assert titles(client, q="zzqq") == []


def test_restricted_texts_move_nothing_in_an_outsiders_results(client, monkeypatch):
    """Results are filtered by audience before they are ordered, counted and cut: documents an
    outsider may not see change neither the order (a relevance score weighing each word by
    how many texts hold it would) nor which results fit under the limit."""
    monkeypatch.setattr("portal.search.MAX_MATCHES", 2)

    def paragraph(text):
        return [{"type": "paragraph", "value": f"<p>{text}</p>"}]

    for n, text in enumerate(["alpha alpha alpha beta", "alpha beta beta beta", "beta", "ga"]):
        factories.document(
            title=f"Văn bản công khai {n}",
            issued_on=datetime.date(2020, 1, 1 + n),
            body=paragraph(text),
        )
    before = titles(client, q="alpha beta")
    assert len(before) == 2
    group = factories.PartyCellFactory().group
    for n in range(4):
        factories.document(
            audience=group,
            title=f"Văn bản mật {n}",
            issued_on=datetime.date(2025, 1, 1 + n),
            body=paragraph("alpha " * 20),
        )
    assert titles(client, q="alpha beta") == before


def test_a_match_deep_in_a_long_text_is_shown_and_marked(client):
    """The passage shown is around the first match however far into the text it is, and the
    other matches inside it are marked too."""
    filler = "Nội dung thường lệ của chi bộ. " * 400
    ending = "Tăng cường kiểm tra, giám sát đảng viên; giám sát thường xuyên."
    factories.document(
        title="Văn bản dài", body=[{"type": "paragraph", "value": f"<p>{filler}{ending}</p>"}]
    )
    html = client.get("/tim-kiem/", {"q": "giam sat"}).content.decode()
    snippet = html.split('class="search-result__snippet">', 1)[1].split("</p>", 1)[0]
    assert snippet.startswith("…")
    assert snippet.count("<mark>giám sát</mark>") == 2


def test_an_index_entry_made_after_the_entries_were_read_is_found():
    """The index entries' pages are read once per version of the content: an entry made since
    without a new version (the index brought up to date later) is still found."""
    from wagtail.search.backends import get_search_backend

    from portal.search import matching_ids
    from resolutions.models import PartyDocumentPage

    page = factories.document(title="Văn bản lập chỉ mục muộn qxqx")
    backend = get_search_backend()
    backend.delete(page)
    assert matching_ids(PartyDocumentPage, ["qxqx"]) == []
    backend.add(page)
    assert matching_ids(PartyDocumentPage, ["qxqx", "muon"]) == [page.pk]

"""Documents printed on A4 in Chromium: the sample from the old school website, and one document
of each kind the office prints most, on screen and on paper."""

import io
import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from resolutions.models import PartyDocumentPage
from tests.test_importer import SEED

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-results"
A4_POINTS = (595, 842)


def test_sample_document_prints_in_the_official_layout(page):
    call_command(
        "import_document", str(SEED), "--publish", "--audience", "public", stdout=io.StringIO()
    )
    document = PartyDocumentPage.objects.get()
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.goto(document.url)
    assert page.locator(".od-motto").inner_text() == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert page.locator(".od-date").inner_text() == "Bạc Liêu, ngày 08 tháng 04 năm 2011"
    header = page.locator(".od-header").bounding_box()
    left = page.locator(".od-header__left").bounding_box()
    right = page.locator(".od-header__right").bounding_box()
    assert left["x"] < right["x"] and abs(left["y"] - right["y"]) < 5  # two columns
    signature = page.locator(".od-signature").bounding_box()
    assert signature["x"] > header["x"] + header["width"] / 3  # signature block on the right
    title = page.locator(".od-title").bounding_box()
    assert abs((title["x"] + title["width"] / 2) - (header["x"] + header["width"] / 2)) < 10
    font = page.locator(".official-document").evaluate("e => getComputedStyle(e).fontFamily")
    assert font.startswith("Tinos") and "Times New Roman" in font
    # The shipped font itself draws every letter: no fallback to another serif for "ỆỮỸ".
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('14pt Tinos', 'ĐẢNG CỘNG SẢN VIỆT NAM ữ ỹ ẵ')")
    assert page.evaluate(
        "[...document.fonts].filter(f => f.family === 'Tinos' && f.status === 'loaded').length"
    )
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "seed-document.png"), full_page=True)

    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator("[data-print]").is_hidden()
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    (OUTPUT / "seed-document.pdf").write_bytes(pdf)
    sizes = {tuple(round(float(v)) for v in box.split()[2:]) for box in _media_boxes(pdf)}
    assert sizes == {A4_POINTS}
    assert 2 <= len(_media_boxes(pdf)) <= 4  # the paper original runs to about three pages


def _media_boxes(pdf):
    """The page sizes written in the PDF, one "x0 y0 x1 y1" per page."""
    return [box.decode() for box in re.findall(rb"/MediaBox\s*\[\s*([\d.\s]+?)\s*\]", pdf)]


# One document of each kind the office prints most, at two widths and on paper.
KINDS = {
    "nghi-quyet": "nghi-quyet-05-nq-du-nhiem-vu-nam-hoc-2026-2027",
    "ke-hoach-bang": "ke-hoach-12-kh-du-hoc-tap-quan-triet",
    "cong-van": "cong-van-15-cv-du-trien-khai-cong-thong-tin",
    "du-thao": "du-thao-nghi-quyet-chuyen-doi-so",
}


def test_documents_on_screen_and_on_a4(page):
    """Screenshots at 1280 and 390 px and the first two printed A4 pages of each kind (kept in
    test-results/), and the printed text: page numbers from page 2, "DỰ THẢO" on the draft."""
    from pypdf import PdfReader

    from tests.test_printed_document import demo_document

    OUTPUT.mkdir(exist_ok=True)
    texts = {}
    for name, slug in KINDS.items():
        document = demo_document(slug)
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(document.url)
            page.evaluate("document.fonts.ready")
            page.screenshot(path=str(OUTPUT / f"document-{name}-{width}.png"), full_page=True)
        assert page.locator(".od-header__left").bounding_box()["width"] > 0
        page.set_viewport_size({"width": 1280, "height": 900})
        page.emulate_media(media="print")
        pdf = OUTPUT / f"document-{name}.pdf"
        pdf.write_bytes(page.pdf(format="A4", prefer_css_page_size=True))
        page.emulate_media(media="screen")
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-f",
                "1",
                "-l",
                "2",
                str(pdf),
                str(pdf.with_suffix("")),
            ],
            check=True,
        )
        texts[name] = [p.extract_text() for p in PdfReader(pdf).pages]

    resolution = texts["nghi-quyet"]
    assert len(resolution) >= 2
    assert resolution[1].split("\n")[0].strip() == "2"  # at the top of page 2
    assert not resolution[0].split("\n")[0].strip().isdigit()  # none on the first page
    assert "NGHỊ QUYẾT" in resolution[0] and "Tải về" not in resolution[0]
    draft = "\n".join(texts["du-thao"])
    assert "DỰ THẢO" in draft and "Nguyễn Văn Khánh" not in draft  # no signature
    assert "DỰ THẢO" not in "\n".join(texts["nghi-quyet"])
    assert "V/v triển khai sử dụng Cổng thông tin" in texts["cong-van"][0]
    assert "Hội nghị quán triệt cho cấp ủy viên" in "\n".join(texts["ke-hoach-bang"])

"""The sample document from the old school website, imported and printed on A4 in Chromium."""

import io
import re
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
    assert font.startswith('"Times New Roman"') and "Liberation Serif" in font
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

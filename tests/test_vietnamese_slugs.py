"""Slugs of Vietnamese titles keep every letter without its marks (đ → d), on the server and in
the browser (Wagtail's slug field with portal.slugs.slug_formatters; the browser journey in
tests/e2e/test_office_journey.py types a title and reads the slug)."""

import re
import unicodedata

import pytest
from django.urls import reverse

from portal.slugs import VIETNAMESE_LETTERS, slug_formatters, vietnamese_slug
from portal.text import fold
from tests import factories


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Chi bộ Khoa Kỹ thuật học tập", "chi-bo-khoa-ky-thuat-hoc-tap"),
        ("ĐẢNG BỘ TRƯỜNG", "dang-bo-truong"),
        ("Nghị quyết Đại hội đại biểu lần thứ XIII", "nghi-quyet-dai-hoi-dai-bieu-lan-thu-xiii"),
    ],
)
def test_server_slugs_keep_every_letter(title, slug):
    assert vietnamese_slug(title) == slug


def test_the_browser_folds_as_the_server_does():
    """The replacements sent to the browser turn each letter, composed or typed with combining
    marks, into the letter the server's fold gives."""

    def browser_fold(text):
        for pattern, replacement in slug_formatters():
            text = re.sub(pattern, replacement, text)
        return text.lower()

    for letter in VIETNAMESE_LETTERS:
        assert browser_fold(letter) == fold(letter), letter
        assert browser_fold(unicodedata.normalize("NFD", letter)) == fold(letter), letter


@pytest.mark.parametrize(
    "add_args",
    [("resolutions", "partydocumentpage", "van-ban"), ("news", "newspage", "tin-tuc")],
)
def test_document_and_news_forms_fold_the_slug(client, db, add_args):
    app, model, parent_slug = add_args
    parent = factories.library() if parent_slug == "van-ban" else factories.news_index()
    client.force_login(factories.editor())
    html = client.get(reverse("wagtailadmin_pages:add", args=[app, model, parent.pk])).content
    assert b"data-w-slug-formatters-value" in html
    assert b'data-w-sync-target-value="#id_slug"' in html  # the slug follows the title

"""Vietnamese everywhere: complete catalogues, and no English interface words on the screens
editors and members use."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from portal.catalogues import catalogues
from tests import factories

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")
ENGLISH = [
    line.strip()
    for line in (ROOT / "tests/data/english_ui_words.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]


def test_every_catalogue_is_complete_and_compiled():
    files = list(catalogues())
    assert len(files) >= 5
    for po_path in files:
        po = polib.pofile(str(po_path))
        assert po.metadata.get("Language") == "vi", po_path
        assert [e.msgid for e in po.untranslated_entries()] == [], po_path
        assert [e.msgid for e in po.fuzzy_entries()] == [], po_path
        for entry in po.translated_entries():
            # Vietnamese has one plural form: it takes the placeholders of the English plural.
            source = entry.msgid_plural or entry.msgid
            translation = entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr
            assert set(PLACEHOLDER.findall(source)) == set(PLACEHOLDER.findall(translation)), (
                po_path,
                entry.msgid,
            )
        mo = polib.mofile(str(po_path.with_suffix(".mo")))
        compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in mo}
        for entry in po.translated_entries():
            expected = entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr
            assert compiled.get((entry.msgctxt, entry.msgid)) == expected, (po_path, entry.msgid)


def test_locale_paths_come_before_the_packages():
    assert Path(settings.LOCALE_PATHS[0]) == ROOT / "portal/locale"
    assert ("vi", "Tiếng Việt") in settings.WAGTAILADMIN_PERMITTED_LANGUAGES


def english_words(html):
    """The listed English words in the page's visible text (tags, scripts and styles removed)."""
    text = re.sub(r"<(script|style|template|svg)\b.*?</\1>", " ", html, flags=re.S | re.I)
    text = re.sub(r"<[^>]+>", " ", text)
    found = set()
    for word in ENGLISH:
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
            found.add(word)
    return found


@pytest.fixture
def editor_client(client, db):
    editor = factories.editor(full_name="Lâm Thị Thu Hà")
    client.force_login(editor)
    return client


def admin_screens():
    page = factories.document(title="Nghị quyết để kiểm tra giao diện")
    page.title = "Nghị quyết đã sửa"
    page.save_revision()
    revision = page.latest_revision
    library = factories.library()
    return [
        "/admin/",
        f"/admin/pages/{library.pk}/",
        f"/admin/pages/{page.pk}/edit/",
        f"/admin/pages/add/resolutions/partydocumentpage/{library.pk}/",
        f"/admin/pages/{page.pk}/history/",
        f"/admin/pages/{page.pk}/revisions/compare/earliest...{revision.pk}/",
        "/admin/documents/",
        "/admin/images/",
        "/admin/snippets/",
        "/admin/users/",
        "/admin/reports/site-history/",
        "/admin/pages/search/?q=nghi",
        "/admin/party_documents/",
        reverse("acknowledgement_overview"),
        reverse("acknowledgement_progress", args=[page.pk]),
    ]


def test_admin_screens_have_no_english_interface_words(editor_client):
    problems = {}
    for url in admin_screens():
        response = editor_client.get(url)
        assert response.status_code == 200, url
        found = english_words(response.content.decode())
        if found:
            problems[url] = sorted(found)
    assert problems == {}


ACCOUNT_SCREENS = [
    "account_login",
    "account_reset_password",
    "account_signup",
]
MEMBER_SCREENS = [
    "account_change_password",
    "my_account",
    "mfa_index",
    "acknowledgement_pending",
    "acknowledgement_history",
]


def test_account_and_member_screens_have_no_english_interface_words(client, db):
    problems = {}
    for name in ACCOUNT_SCREENS:
        found = english_words(client.get(reverse(name)).content.decode())
        if found:
            problems[name] = sorted(found)
    client.force_login(factories.UserFactory())
    for name in MEMBER_SCREENS:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        found = english_words(response.content.decode())
        if found:
            problems[name] = sorted(found)
    assert problems == {}


def test_browser_language_does_not_switch_the_portal_but_the_member_choice_does(client, db):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in html and "Trang chủ" in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html and ">Home<" in html


def test_a_member_chooses_english_in_their_account(client, db):
    client.force_login(factories.UserFactory())
    html = client.get(reverse("my_account")).content.decode()
    assert 'action="/i18n/setlang/"' in html and "Ngôn ngữ" in html
    client.post("/i18n/setlang/", {"language": "en", "next": reverse("my_account")})
    assert "My account" in client.get(reverse("my_account")).content.decode()

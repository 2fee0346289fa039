"""What the importer could not be sure of stays marked on the page until an editor checks it,
and the original file stays with the page, from the command and from the admin screen."""

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from resolutions.importer.originals import PENDING_FOLDER
from resolutions.models import PartyDocumentPage
from tests import factories
from tests.importer_corpus import CORPUS
from tests.test_document_audience import form_data
from tests.test_importer import review_data, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client):
    factories.library()
    client.force_login(factories.editor())
    return client


def edit(client, page, **changes):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    return PartyDocumentPage.objects.get(pk=page.pk).get_latest_revision_as_object()


def test_a_scan_stays_marked_to_check_until_an_editor_ticks_that_it_was_compared(office):
    call_command("import_document", str(CORPUS / "scan_cong_van.pdf"))
    page = PartyDocumentPage.objects.get()
    assert page.read_by_ocr and "title" in page.fields_to_check
    assert page.attachments.get().document.file.read()[:5] == b"%PDF-"

    edit_page = office.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Đã đối chiếu với bản gốc" in edit_page and "đọc bằng OCR từ bản quét" in edit_page
    listing = office.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk]))
    assert "cần đối chiếu" in listing.content.decode()

    assert edit(office, page).read_by_ocr  # saved without the box: still to check
    checked = edit(office, page, checked_against_original="on")
    assert not checked.read_by_ocr and checked.fields_to_check == []
    edit_page = office.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Đã đối chiếu với bản gốc" not in edit_page


def test_a_field_the_importer_did_not_find_is_flagged_on_the_page(office):
    call_command("import_document", str(CORPUS / "missing_issuing_body.txt"))
    page = PartyDocumentPage.objects.get()
    assert (page.read_by_ocr, page.fields_to_check) == (False, ["issuing_body"])
    assert not page.attachments.exists()  # a text file's text is the page itself
    edit_page = office.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "cần kiểm tra các trường: cơ quan ban hành" in edit_page.lower()


def test_the_import_screen_keeps_the_original_file_as_the_attachment(office):
    url = reverse("import_documents")
    original = (CORPUS / "word_table_header.docx").read_bytes()
    response = office.post(
        url,
        {
            "files": [
                upload("nghi-quyet.docx", original),
                upload("cong-van.pdf", (CORPUS / "pdf_cong_van.pdf").read_bytes()),
            ],
            "parent": factories.library().pk,
        },
    )
    data = review_data(response)
    assert data["doc-0-original"] and data["doc-1-original"]
    data["doc-1-original"] = data["doc-0-original"][:-3] + "abc"  # a forged token names nothing
    data["create"] = "1"
    assert office.post(url, data).status_code == 302
    word, pdf = PartyDocumentPage.objects.order_by("pk")
    attachment = word.attachments.get()
    assert attachment.title == "nghi-quyet.docx"
    assert attachment.document.file.read() == original
    assert not pdf.attachments.exists()
    folders, _files = default_storage.listdir(PENDING_FOLDER)
    waiting = [
        name
        for folder in folders
        for name in default_storage.listdir(f"{PENDING_FOLDER}/{folder}")[1]
    ]
    assert waiting == ["cong-van.pdf"]  # the Word file left the pending folder with its page

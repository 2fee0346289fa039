"""The small things of the office's first morning: the form starts from what the office wrote
last, `make run` shows the portal's own 404, e-mail links follow the port it serves on."""

import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

from portal.models import SiteSettings
from tests import factories
from tests.test_document_audience import form_data

ROOT = Path(__file__).resolve().parent.parent


def add_form(client):
    url = reverse(
        "wagtailadmin_pages:add",
        args=["resolutions", "partydocumentpage", factories.library().pk],
    )
    return client.get(url)


def test_a_new_document_starts_from_the_last_one_or_the_site_settings(client, db):
    client.force_login(factories.editor())
    settings = SiteSettings.for_site(factories.library().get_site())
    settings.superior_body = "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH"
    settings.save()
    data = form_data(add_form(client))
    assert data["superior_body"] == "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH"

    factories.document(number="05-NQ/ĐU", term="2025-2030", place="Bạc Liêu")
    data = form_data(add_form(client))
    assert (data["issuing_body"], data["place"], data["term"], data["signer_name"]) == (
        "Đảng bộ Trường Thử nghiệm",
        "Bạc Liêu",
        "2025-2030",
        "Trần Văn Ký",
    )
    # The next number of each type is offered, to be taken with one click (numbering.js).
    assert "06-NQ/ĐU" in add_form(client).content.decode()


def test_make_run_shows_the_vietnamese_404(client, db, settings):
    settings.DEBUG = True
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_links_in_e_mails_follow_the_port_make_run_serves():
    environment = {**os.environ, "PORT": "8123", "DJANGO_SETTINGS_MODULE": "portal.settings.dev"}
    environment.pop("PUBLIC_SITE_URL", None)
    printed = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.PUBLIC_SITE_URL)"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert printed.stdout.strip() == "http://127.0.0.1:8123"


def test_the_two_factor_screen_names_an_authenticator_app_and_says_dong_chi(client, db):
    client.force_login(factories.editor())
    client.post(reverse("account_reauthenticate"), {"password": factories.PASSWORD})
    html = client.get(reverse("mfa_activate_totp")).content.decode()
    assert "Google Authenticator" in html and "đồng chí" in html
    assert " bạn " not in html


def test_errors_say_which_tab_they_are_on(client, db):
    from tests.test_document_audience import create

    client.force_login(factories.editor())
    response = create(client, comments_mode="period")  # a consultation without its dates
    assert response.status_code == 200
    assert (
        "Kiểm tra các trường được đánh dấu ở thẻ: Góp ý của đảng viên." in response.content.decode()
    )

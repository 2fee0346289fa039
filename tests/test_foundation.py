"""The base: the site tree, the layout, Vietnamese by default, settings, demo content."""

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.models import PartyCell, User
from resolutions.models import PartyDocumentPage
from tests import factories

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


def run_manage(*args, env=None):
    # tests/e2e/conftest.py allows async-unsafe ORM calls for Playwright; a deployment does not.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**inherited, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_page_tree_has_home_news_and_library(client):
    for url in ("/", "/tin-tuc/", "/van-ban/", "/tim-kiem/"):
        assert client.get(url).status_code == 200, url


def test_home_speaks_vietnamese_with_navigation_and_login_link(client):
    html = client.get("/").content.decode()
    assert '<html lang="vi">' in html
    assert 'href="/tin-tuc/"' in html and ">Tin tức<" in html
    assert 'href="/van-ban/"' in html and ">Văn bản<" in html
    assert re.search(r'href="/accounts/login/[^"]*">Đăng nhập<', html)
    assert 'class="skip-link"' in html


def test_logged_in_member_sees_their_name_and_log_out(client, member):
    client.force_login(member)
    html = client.get("/").content.decode()
    assert member.full_name in html
    assert "Đăng xuất" in html
    assert 'href="/accounts/login/' not in html


def test_login_page_is_vietnamese(client):
    html = client.get(reverse("account_login")).content.decode()
    for text in ("Đăng nhập", "Mật khẩu", "Tên đăng nhập hoặc e-mail", "Quên mật khẩu?"):
        assert text in html
    assert "Sign In" not in html and "Password" not in html


def test_editor_logs_in_to_a_vietnamese_admin(client):
    editor = factories.editor()
    response = client.post(
        reverse("account_login"),
        {"login": editor.username, "password": factories.PASSWORD},
    )
    assert response.status_code == 302
    html = client.get("/admin/").content.decode()
    assert 'lang="vi"' in html
    assert "Bảng điều khiển" in html or "Trang" in html
    assert "Dashboard" not in html


def test_admin_login_form_is_out_of_reach(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_sitemap_and_robots(client):
    factories.document(audience="members", title="Văn bản nội bộ kín")
    public = factories.document(title="Văn bản công khai")
    sitemap = client.get("/sitemap.xml").content.decode()
    assert public.url_path.removeprefix("/home") in sitemap
    assert "van-ban-noi-bo-kin" not in sitemap and "Văn bản nội bộ kín" not in sitemap
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    assert "Disallow: /admin/" in robots.content.decode()


def test_unknown_page_is_a_vietnamese_404(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_seed_demo_builds_the_organisation_and_is_idempotent():
    call_command("seed_demo", verbosity=0)
    counts = {
        "users": User.objects.count(),
        "cells": PartyCell.objects.count(),
        "pages": factories.library().get_children().count(),
        "news": factories.news_index().get_children().count(),
    }
    passwords = dict(User.objects.values_list("username", "password"))
    call_command("seed_demo", verbosity=0)
    assert counts == {
        "users": User.objects.count(),
        "cells": PartyCell.objects.count(),
        "pages": factories.library().get_children().count(),
        "news": factories.news_index().get_children().count(),
    }
    assert passwords == dict(User.objects.values_list("username", "password"))
    for username in ["admin", "bientap", "bithu", "uybch"] + [f"dangvien{i}" for i in range(1, 10)]:
        assert User.objects.get(username=username).check_password("demo-portal-2026")
    assert counts["cells"] == 3
    for cell in PartyCell.objects.all():
        members = cell.members.filter(username__startswith="dangvien").count()
        assert members >= 3, cell
        assert set(cell.group.user_set.all()) == set(cell.members.all())
    assert User.objects.get(username="bientap").groups.filter(name="Biên tập viên").exists()
    assert User.objects.get(username="bithu").groups.filter(name="Kiểm duyệt (Bí thư)").exists()
    assert User.objects.get(username="uybch").groups.filter(name="Ban Chấp hành Đảng bộ").exists()
    assert counts["pages"] >= 5 and counts["news"] >= 3
    # Documents as the importer makes them from files, each with its original attached.
    word = PartyDocumentPage.objects.get(attachments__title="word_table_header.docx")
    assert word.live and not word.read_by_ocr
    scan = PartyDocumentPage.objects.get(attachments__title="scan_cong_van.pdf")
    assert not scan.live and scan.read_by_ocr and scan.fields_to_check


def test_the_demo_password_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "mot-mat-khau-khac-2026")
    call_command("seed_demo", verbosity=0)
    assert User.objects.get(username="dangvien1").check_password("mot-mat-khau-khac-2026")


def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    db = tmp_path / "wal.sqlite3"
    result = run_manage(
        "shell",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "print(c.execute('PRAGMA journal_mode').fetchone()[0], "
        "c.execute('PRAGMA busy_timeout').fetchone()[0])",
        env={"DATABASE_URL": f"sqlite:///{db}", "DJANGO_SETTINGS_MODULE": "portal.settings.dev"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["wal", "20000"]
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "x" * 20 + "-production-secret-for-the-check-" + "y" * 20,
    "ALLOWED_HOSTS": "dangbo.example.vn",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def test_production_refuses_to_start_without_secret_key_hosts_or_redis():
    no_key = run_manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": ""})
    assert no_key.returncode != 0 and "SECRET_KEY" in no_key.stderr
    no_hosts = run_manage("check", env={**PRODUCTION_ENV, "ALLOWED_HOSTS": ""})
    assert no_hosts.returncode != 0 and "ALLOWED_HOSTS" in no_hosts.stderr
    no_redis = run_manage("check", "--deploy", env={**PRODUCTION_ENV, "REDIS_URL": ""})
    assert no_redis.returncode != 0 and "REDIS_URL" in no_redis.stderr


def test_production_deploy_check_is_silent():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr and "no issues" in result.stdout


def test_email_url_selects_smtp():
    from portal.settings.email import email_settings

    smtp = email_settings("smtp+tls://thu%40dangbo.vn:bi%20mat@mail.example.vn:587")
    assert smtp["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    assert (smtp["EMAIL_HOST"], smtp["EMAIL_PORT"], smtp["EMAIL_USE_TLS"]) == (
        "mail.example.vn",
        587,
        True,
    )
    assert (smtp["EMAIL_HOST_USER"], smtp["EMAIL_HOST_PASSWORD"]) == ("thu@dangbo.vn", "bi mat")
    assert email_settings("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    with pytest.raises(ValueError):
        email_settings("carrier-pigeon://")

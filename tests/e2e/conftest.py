"""Browser tests: Playwright for Python driving Debian's chromium (never a downloaded browser)."""

import datetime
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import axe_playwright_python
import pytest
from django.utils import timezone

from tests import factories

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
# itself (building data) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Inside Playwright's sync API Django hands out new connection objects (another asgiref
    # context) that lack the data serialized at set-up: carry it over, or serialized_rollback
    # restores nothing and the page tree of the data migrations is gone after the first flush.
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def context(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    yield context
    context.close()


@pytest.fixture
def page_errors():
    """Uncaught script errors of every page the test opened with `page` or `new_page`."""
    return []


@pytest.fixture
def page(context, page_errors):
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    return page


@pytest.fixture
def new_page(browser, live_server, page_errors):
    """Opens a page in a browser context of its own: another person at another computer."""
    contexts = []

    def open_page(**options):
        context = browser.new_context(base_url=live_server.url, locale="vi-VN", **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("pageerror", lambda error: page_errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()


def log_in(page, username, password):
    """Log in through the real form, as a member would."""
    page.goto("/accounts/login/")
    submit_log_in(page, username, password)


def submit_log_in(page, username, password):
    """Fill in and send the log-in form the page shows."""
    page.fill("#id_login", username)
    page.fill("#id_password", password)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state("networkidle")


@pytest.fixture
def article():
    """Public news: two categories, six tagged articles with pictures, one without, and this
    article with a lead image, a body image with its caption and a quote."""
    category = factories.news_category("Hoạt động Đảng bộ", "hoat-dong-dang-bo")
    factories.news_category("Thông báo", "thong-bao", order=1)
    factories.document(title="Thông báo lịch sinh hoạt chi bộ quý IV năm 2026", number="03-TB/ĐU")
    start = timezone.now() - datetime.timedelta(days=8)
    for n in range(6):
        factories.news_article(
            title=f"Chi bộ Khoa Kỹ thuật sinh hoạt chuyên đề tháng {n + 1} về chuyển đổi số",
            summary="Các đồng chí đảng viên trao đổi kinh nghiệm dùng chữ ký số và lưu trữ "
            "văn bản điện tử trong công việc hằng ngày.",
            published_on=start + datetime.timedelta(days=n),
            lead_image=factories.image(title=f"Ảnh {n}", alt_text=f"Ảnh minh họa {n}"),
            categories=[category],
            tags=["năm học 2026-2027", "công tác phát triển đảng viên"],
        )
    factories.news_article(title="Tin không có ảnh", published_on=start)
    body = [
        {"type": "heading", "value": "Ba nhóm giải pháp trọng tâm"},
        {"type": "paragraph", "value": "<p>Hội nghị thống nhất ba nhóm giải pháp.</p>"},
        {
            "type": "image",
            "value": {
                "image": {
                    "image": factories.image(title="Toàn cảnh", size=(1600, 900)).pk,
                    "alt_text": "Toàn cảnh hội nghị",
                    "decorative": False,
                },
                "caption": "Các đại biểu biểu quyết thông qua nghị quyết.",
            },
        },
        {"type": "quote", "value": {"text": "Đoàn kết là sức mạnh.", "attribution": "Bí thư"}},
    ]
    return factories.news_article(
        title="Hội nghị Ban Chấp hành Đảng bộ triển khai nhiệm vụ năm học mới 2026 - 2027",
        summary="Sáng nay, Ban Chấp hành Đảng bộ họp phiên thường kỳ.",
        author="Lâm Thị Thu Hà",
        source="Văn phòng Đảng ủy",
        lead_image=factories.image(title="Hội nghị", alt_text="Quang cảnh hội nghị"),
        categories=[category],
        tags=["năm học 2026-2027"],
        body=body,
    )


AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Rules switched off on Wagtail's own admin pages only, for markup our templates cannot change.
ADMIN_EXCLUDED_RULES = {
    # Draftail, Wagtail's rich-text editor, gives its contenteditable role="textbox" no
    # accessible name: the field's <label> points at the hidden input it replaces. Its script
    # makes that markup; no template of ours can label it (wagtail/wagtail#14205, open).
    "aria-input-field-name",
}
# Wagtail's minimap of the page editor: collapsed, its list of the form's sections scrolls
# (as soon as a document has more sections than fit) while its links are taken out of the tab
# order, so axe finds a scrollable region without keyboard access. Wagtail's markup and script;
# left out of the check where it appears, the rest of the editor is checked.
ADMIN_EXCLUDED_ELEMENTS = [[".w-minimap__list"]]


def _settle(page):
    """Wait for the admin's script to start and for transitions to end: Wagtail fades its
    messages in once <body> is "ready", and axe must not measure colours half-way through.
    (Animations are left alone: Wagtail's badges pulse for 25 seconds.)"""
    page.wait_for_function(
        "!document.body.dataset.wInitReadyClass || document.body.classList.contains('ready')"
    )
    page.evaluate(
        """() => Promise.all(document.getAnimations()
            .filter(animation => animation instanceof CSSTransition)
            .map(animation => animation.finished.catch(() => null)))"""
    )


def assert_accessible(page):
    """Run axe-core (WCAG 2.x A and AA) on the page as shown; fail on serious or critical
    violations, naming the elements.

    The script goes in through page.evaluate, which runs in the page over the DevTools protocol
    and is not subject to the Content-Security-Policy; page.add_script_tag writes an inline
    <script>, which the site's policy (script-src 'self') refuses."""
    page.wait_for_load_state()
    _settle(page)
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    admin = urlsplit(page.url).path.startswith("/admin/")
    excluded = ADMIN_EXCLUDED_RULES if admin else ()
    results = page.evaluate(
        "([context, options]) => axe.run(context, options)",
        [
            {"include": [["html"]], "exclude": ADMIN_EXCLUDED_ELEMENTS if admin else []},
            {
                "runOnly": {"type": "tag", "values": AXE_TAGS},
                "resultTypes": ["violations"],
                "rules": {rule: {"enabled": False} for rule in excluded},
            },
        ],
    )
    found = [
        f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
        + "\n".join(
            f"    {node['target']}: {' '.join(node['failureSummary'].split())}"
            for node in violation["nodes"]
        )
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert not found, f"{page.url}\n" + "\n".join(found)

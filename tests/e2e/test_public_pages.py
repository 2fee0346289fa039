"""The pages visitors see first, in Chromium at phone and desktop widths: no console errors, no
broken images, no sideways scrolling on a phone."""

import json

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = {"phone": 390, "desktop": 1280}


@pytest.fixture(scope="module", autouse=True)
def _migrations_data(browser, django_db_blocker):
    """serialized_rollback puts back the data of the migrations (page tree, groups, workflow)
    before each test here. A transactional test before this module may have flushed it and made
    new content types: start from that data, content types first so that the cached ones agree,
    and leave it for the tests after this module."""
    with django_db_blocker.unblock():
        restore_migrations_data()
    yield
    with django_db_blocker.unblock():
        restore_migrations_data()


def restore_migrations_data():
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    # As TransactionTestCase flushes: sequences keep counting past the restored rows.
    call_command(
        "flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False, verbosity=0
    )
    ContentType.objects.clear_cache()
    objects = json.loads(connection._test_serialized_contents)
    objects.sort(key=lambda item: item["model"] != "contenttypes.contenttype")
    connection.creation.deserialize_db_from_string(json.dumps(objects))
    connection.close()  # a connection of the fixture's own context: no session left behind


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_home_news_and_article_look_finished(browser, live_server, article, width):
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        for path in ("/", "/tin-tuc/", article.url):
            page.goto(path)
            # Load the lazy images too, then check every image on the page.
            page.evaluate("document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
            page.wait_for_load_state("networkidle")
            page.wait_for_function("[...document.images].every(i => i.complete)")
            images = page.evaluate(
                "[...document.images].map(i => ({src: i.currentSrc, width: i.naturalWidth}))"
            )
            assert images, path
            assert [i["src"] for i in images if i["width"] == 0] == [], path
            # Chromium takes WebP: the <picture> offers it first.
            assert all(i["src"].endswith(".webp") for i in images), path
            if width < 500:
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        assert page.locator("h1").inner_text().startswith("Hội nghị Ban Chấp hành")
        page.goto("/")
        assert page.get_by_role("link", name="Đảng viên: đăng nhập").is_visible()
        assert errors == []
    finally:
        context.close()

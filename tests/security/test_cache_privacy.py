"""The caches keep nothing of one reader for another (portal.cache, portal.shared_pages,
portal.fragments, portal.routing): CSRF tokens, versions bumped only once a change commits,
keys that ignore what a page does not read, answers that do not depend on what was cached."""

import re

import pytest
from django.test import Client
from django.utils.html import escape

from portal import fragments
from tests import factories

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_comment_quoting_the_csrf_placeholder_carries_no_readers_token():
    """Shared pages and fragments are rendered with a placeholder for the CSRF token; a
    comment holding it must stay text, not become each reader's token (which a link in the
    comment could then carry to another site)."""
    cell = factories.PartyCellFactory()
    author, reader = (factories.UserFactory(party_cell=cell) for _ in range(2))
    page = factories.document(audience=cell.group)
    quoted = f"{fragments.CSRF_PLACEHOLDER} csrf-placeholder-of-a-shared-fragment"
    factories.comment(page, author, quoted)
    for _ in range(2):  # rendered to be shared, then served from the cache
        html = logged_in(reader).get(page.url).content.decode()
        assert escape(fragments.CSRF_PLACEHOLDER) in html
        assert "csrf-placeholder-of-a-shared-fragment" in html
        tokens = TOKEN.findall(html)
        assert tokens and all(token not in html.replace(f'value="{token}"', "") for token in tokens)


def test_a_page_cached_while_a_change_commits_is_not_served_after(
    django_capture_on_commit_callbacks,
):
    """A visitor served while the change is being written sees the data from before it (other
    connections do not see the change until it commits): what was cached for them then must
    be stale once the change commits."""
    page = factories.news(title="Tin công khai")
    Client().get(page.url)
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Tin công khai đã sửa"
        page.save_revision().publish()
        assert Client().get(page.url)["X-Page-Cache"] == "miss"  # kept during the change
    assert Client().get(page.url)["X-Page-Cache"] == "miss"

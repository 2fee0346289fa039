"""The editors' side as its users meet it: every admin page the editor, the secretary and the
administrator can reach by following links from the dashboard, on the demo content (comments, a
hidden comment, acknowledgements, a document waiting for approval), answers without a server
error, in Vietnamese (no word of tests/data/english_ui_words.txt, no "None"). Members get one
page in Vietnamese instead of the admin."""

import re
from collections import Counter, deque
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from portal.models import User
from portal.workload import demo as demo_content
from resolutions.models import Comment, PartyDocumentPage
from tests.test_vietnamese import english_words

# Links, and the menu's addresses in the sidebar's JSON.
HREF = re.compile(r'(?:href="|"url": ")(/admin/[^"#]*)"')
NONE = re.compile(r"(?<![\w-])None(?![\w-])")
# Addresses that end the session or only repeat a listing with other sorting or filters.
SKIPPED = re.compile(r"/logout/|[?&](ordering|p|q|sort|order|export|locale)=")
PER_KIND = 2  # pages visited per kind of address (its path with the ids taken out)
MAX_PAGES = 300


def visible_problems(html):
    """English words and "None" in what the page shows: its text, title and the labels read
    out by screen readers."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in [*soup(["script", "style", "template", "svg"]), *soup(hidden=True)]:
        hidden.decompose()
    labels = [tag["aria-label"] for tag in soup.find_all(attrs={"aria-label": True})]
    text = " ".join([soup.get_text(" "), *labels])
    problems = sorted(english_words(text))
    if NONE.search(text):
        problems.append("None")
    return problems


def walk(client, start):
    """(url → problems) of every admin page reachable from `start`, and the pages seen."""
    queue, seen, kinds, problems = deque(start), set(), Counter(), {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        kind = re.sub(r"\d+", "N", urlsplit(url).path)
        if url in seen or SKIPPED.search(url) or kinds[kind] >= PER_KIND:
            continue
        seen.add(url)
        kinds[kind] += 1
        response = client.get(url)
        if response.status_code >= 500:
            problems[url] = [f"status {response.status_code}"]
            continue
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        found = visible_problems(html)
        if found:
            problems[url] = found
        queue.extend(link.replace("&amp;", "&") for link in HREF.findall(html))
    return problems, seen


@pytest.fixture
def demo(db):
    """seed_demo as `manage.py` runs it: in the site's language, not in one an earlier test's
    request left active in this thread (the audit log keeps the words of that moment)."""
    with translation.override(settings.LANGUAGE_CODE):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def start_pages():
    """The dashboard, and the pages of the demo's documents with comments and approval."""
    commented = Comment.objects.filter(state=Comment.State.HIDDEN).get().page
    waiting = PartyDocumentPage.objects.get(slug=demo_content.WAITING_DOCUMENT[0])
    return [
        "/admin/",
        reverse("wagtailadmin_pages:usage", args=[commented.pk]),
        reverse("wagtailadmin_pages:history", args=[commented.pk]),
        reverse("wagtailadmin_pages:edit", args=[waiting.pk]),
        reverse("wagtailadmin_explore", args=[waiting.get_parent().pk]),
        "/admin/reports/site-history/",
    ]


@pytest.mark.parametrize("username", ["bientap", "bithu"])
def test_every_admin_page_the_office_reaches_works_in_vietnamese(client, demo, username):
    client.force_login(User.objects.get(username=username))
    problems, seen = walk(client, start_pages())
    assert len(seen) > 40  # the walk went through the admin, not around one page
    assert problems == {}


def test_every_admin_page_the_administrator_reaches_works_in_vietnamese(client, demo):
    """Sites, groups and their permissions, accounts, workflows and their tasks, settings and
    reports, as the superuser sees them."""
    client.force_login(User.objects.get(username="admin"))
    group = Group.objects.get(name="Biên tập viên")
    start = [
        *start_pages(),
        reverse("wagtailsites:index"),
        reverse("wagtailusers_groups:index"),
        reverse("wagtailusers_groups:edit", args=[group.pk]),
        reverse("wagtailusers_users:index"),
        reverse("wagtailadmin_workflows:index"),
        reverse("wagtailadmin_workflows:task_index"),
    ]
    problems, seen = walk(client, start)
    assert len(seen) > 60
    assert problems == {}


def test_members_get_a_vietnamese_page_instead_of_the_admin(client, db):
    from tests import factories

    client.force_login(factories.UserFactory())
    for url in ("/admin/", "/admin/pages/3/edit/", "/admin/khong-co/"):
        response = client.get(url)
        assert response.status_code == 403, url
        html = response.content.decode()
        assert "Trang quản trị dành cho Văn phòng Đảng ủy" in html
        assert 'href="/"' in html

"""Load: 32 members log in, acknowledge and comment at once, over real HTTP.

The live server (Django's threaded WSGI server, a thread per request) runs in this process on
the suite's database: a file in WAL mode for SQLite, test_<name> on PostgreSQL. Each member is
a thread with its own cookies that goes through the real forms (log-in, acknowledgement with its
revision and fingerprint, comment): first everybody double-clicks both forms at the same moment,
then they go on for DURATION seconds. No answer may be a 5xx or mention a locked database, and
the database holds exactly what the answers said was recorded.
"""

import http.client
import itertools
import logging
import re
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from django.urls import reverse

from resolutions.models import Acknowledgement, Comment
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

MEMBERS = 32
DOCUMENTS = 4
DURATION = 10  # seconds of load after the first round

CREATED = "Cảm ơn đồng chí. Xác nhận đã được ghi nhận."
ALREADY = "đã xác nhận văn bản này trước đó."
LOCKED = "database is locked"


@dataclass
class Response:
    status: int
    location: str
    text: str


class Browser:
    """One member's browser: its own cookies, a connection per request, no redirects."""

    def __init__(self, address, cookies=None):
        self.address = address
        self.cookies = dict(cookies or {})
        self.answers = []  # (status, whether the body mentions a locked database)

    def tab(self):
        """Another tab with the same cookies."""
        return Browser(self.address, self.cookies)

    def request(self, method, path, form=None):
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.address.hostname, self.address.port, 120)
        try:
            connection.request(method, path, body, headers)
            answer = connection.getresponse()
            text = answer.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.coded_value
        self.answers.append((answer.status, LOCKED in text))
        return Response(answer.status, answer.headers.get("Location", ""), text)

    def follow(self, response):
        assert response.status == 302, (response.status, response.text[:2000])
        return self.request("GET", urlsplit(response.location).path)


def hidden(html, name):
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no {name} in the page"
    return match[1]


def at_once(calls):
    """Run the calls in parallel threads; their results in order."""
    results, failures = [None] * len(calls), []

    def run(index):
        try:
            results[index] = calls[index]()
        except Exception as error:  # noqa: BLE001 - raised again below
            failures.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return results


@dataclass
class Member:
    """What the answers told one member."""

    user: object
    browser: Browser
    acknowledged: list = field(default_factory=list)  # a document id per "recorded"
    already: int = 0
    comments: list = field(default_factory=list)  # ids from the redirects after posting
    too_fast: int = 0
    first_clicks: dict = field(default_factory=dict)
    forms: dict = field(default_factory=dict)  # the acknowledgement forms as received

    def log_in(self):
        login = reverse("account_login")
        token = hidden(self.browser.request("GET", login).text, "csrfmiddlewaretoken")
        form = {"csrfmiddlewaretoken": token, "login": self.user.username}
        response = self.browser.request("POST", login, {**form, "password": factories.PASSWORD})
        errors = re.findall(r'(?s)class="[^"]*error[^"]*"[^>]*>(.*?)</', response.text)
        assert response.status == 302, (response.status, errors)

    def acknowledge(self, document, tabs=1):
        """Send the acknowledgement form from `tabs` tabs at once; the page shown after it.

        Once acknowledged, the page has no form: the member sends the one they kept again.
        """
        page = self.browser.request("GET", document.url)
        assert page.status == 200, page.status
        if 'name="fingerprint"' in page.text:
            self.forms[document.pk] = {
                name: hidden(page.text, name) for name in ("revision", "fingerprint")
            }
        form = {"csrfmiddlewaretoken": hidden(page.text, "csrfmiddlewaretoken")}
        form.update(self.forms[document.pk])
        url = reverse("acknowledge_document", args=[document.pk])
        browsers = [self.browser] + [self.browser.tab() for _ in range(tabs - 1)]
        answers = at_once([lambda b=b: b.request("POST", url, form) for b in browsers])
        said = []
        for browser, answer in zip(browsers, answers, strict=True):
            shown = browser.follow(answer).text
            if CREATED in shown:
                self.acknowledged.append(document.pk)
                said.append("recorded")
            else:
                assert ALREADY in shown, shown[:2000]
                self.already += 1
                said.append("already")
        return shown, sorted(said)

    def comment(self, document, page, text, tabs=1):
        """Post a comment from `tabs` tabs at once: redirected to it, or 429 (too fast)."""
        form = {"csrfmiddlewaretoken": hidden(page, "csrfmiddlewaretoken"), "text": text}
        url = reverse("comment_post", args=[document.pk])
        browsers = [self.browser] + [self.browser.tab() for _ in range(tabs - 1)]
        answers = at_once([lambda b=b: b.request("POST", url, form) for b in browsers])
        for answer in answers:
            if answer.status == 302:
                self.comments.append(int(answer.location.rsplit("#binh-luan-", 1)[1]))
            else:
                assert answer.status == 429, (answer.status, answer.text[:2000])
                self.too_fast += 1
        return sorted(answer.status for answer in answers)


def test_32_members_acknowledge_and_comment_at_once(live_server, caplog):
    cell = factories.PartyCellFactory()
    documents = [
        factories.document(audience="members", requires_acknowledgement=True)
        for _ in range(DOCUMENTS)
    ]
    address = urlsplit(live_server.url)
    members = [
        Member(factories.UserFactory(party_cell=cell), Browser(address)) for _ in range(MEMBERS)
    ]
    failures, deadline = [], []
    ready = threading.Barrier(MEMBERS)

    def session(index):
        member = members[index]
        mine = documents[index % DOCUMENTS :] + documents[: index % DOCUMENTS]
        try:
            member.log_in()
            if ready.wait() == 0:
                deadline.append(time.monotonic() + DURATION)
            page, member.first_clicks["acknowledgement"] = member.acknowledge(mine[0], tabs=2)
            text = f"Ý kiến đầu tiên của đồng chí {index}"
            member.first_clicks["comment"] = member.comment(mine[0], page, text, tabs=2)
            for n in itertools.count(1):
                page, _said = member.acknowledge(mine[n % DOCUMENTS])
                member.comment(mine[n % DOCUMENTS], page, f"Ý kiến số {n} của đồng chí {index}")
                if time.monotonic() > deadline[0]:
                    break
        except Exception as error:  # noqa: BLE001 - every failure is reported below
            failures.append(f"member {index}: {error!r}")
            ready.abort()  # nobody waits for a member who will not come

    caplog.set_level(logging.WARNING)
    started = time.monotonic()
    threads = [threading.Thread(target=session, args=(i,)) for i in range(MEMBERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started

    answers = [answer for member in members for answer in member.browser.answers]
    assert failures == []
    assert [status for status, _locked in answers if status >= 500] == []
    assert not any(locked for _status, locked in answers)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert not [r for r in caplog.records if LOCKED in r.getMessage()]

    # Each double click recorded once and said so once; the database holds what was said.
    for member in members:
        assert member.first_clicks == {
            "acknowledgement": ["already", "recorded"],
            "comment": [302, 429],
        }
    said = sorted((page, m.user.pk) for m in members for page in m.acknowledged)
    assert said == sorted(Acknowledgement.objects.values_list("page_id", "member_id"))
    assert len(set(said)) == len(said)
    posted = sorted(pk for member in members for pk in member.comments)
    assert posted == sorted(Comment.objects.values_list("pk", flat=True))
    print(
        f"\n{len(answers)} answers in {seconds:.1f} s, {len(said)} acknowledgements "
        f"({sum(m.already for m in members)} repeated), {len(posted)} comments "
        f"({sum(m.too_fast for m in members)} refused as too fast)"
    )

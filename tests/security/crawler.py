"""A same-site crawler for the leak probe, through the Django test client.

From its seeds it follows every link a response offers: <a href>, <link href>, <img src>,
srcset, data-… attributes holding a path, GET forms (their action, and the action with each
option of each <select>), redirects, <loc>/<link>/url= in the sitemap and the feeds, the
robots.txt lines and the HTML inside JSON.
Static files carry no content and are left out.
"""

import html
import json
import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit

from django.conf import settings

from portal.text import fold

# /admin/ is attacked by guessed URLs (test_leak_probe.guesses), never crawled: its messages
# cookie would stop every later member page from being shared, and the probe must see the
# pages the shared caches serve.
SKIPPED_PREFIXES = ("/static/", "/accounts/logout/", "/admin/")
XML_LINKS = re.compile(r"<(?:loc|link|guid|id)>\s*([^<\s]+)\s*</|\b(?:href|url)=\"([^\"]+)\"")
TEXT_LINKS = re.compile(r"(?:https?://[^\s\"'<>]+|^(?:Allow|Disallow):\s*(/\S*))", re.MULTILINE)


def same_site_hosts():
    return {"testserver", "localhost", "127.0.0.1", urlsplit(settings.PUBLIC_SITE_URL).hostname}


@dataclass
class Fetched:
    url: str
    status: int
    headers: dict
    text: str
    found_on: str
    links: list = field(default_factory=list)

    @property
    def content_type(self):
        return self.headers.get("content-type", "").split(";")[0]


class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.forms = []  # GET forms: {"action", "selects": [(name, [values])], "inputs"}
        self._form = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src"):
            if attrs.get(name) and tag in ("a", "link", "img", "source", "area"):
                self.links.append(attrs[name])
        # Links scripts load (data-comment-more="/binh-luan/…") are links too.
        self.links += [
            v for k, v in attrs.items() if k.startswith("data-") and (v or "")[:1] == "/"
        ]
        if attrs.get("srcset"):
            self.links += [part.split()[0] for part in attrs["srcset"].split(",") if part.strip()]
        if tag == "form":
            get = (attrs.get("method") or "get").lower() == "get"
            self._form = {"action": attrs.get("action"), "selects": [], "inputs": {}}
            self._form = self._form if get else None
            if get:
                self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "select" and attrs.get("name"):
            self._select = (attrs["name"], [])
            self._form["selects"].append(self._select)
        elif tag == "option" and self._select is not None and attrs.get("value"):
            self._select[1].append(attrs["value"])
        elif (
            tag == "input"
            and attrs.get("name")
            and attrs.get("value")
            and (attrs.get("type") or "text") not in ("submit", "button", "checkbox", "radio")
        ):
            self._form["inputs"][attrs["name"]] = attrs["value"]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


def html_links(text, base):
    """The links of an HTML page; each GET form adds its action and one URL per option."""
    parser = _LinkParser()
    parser.feed(text)
    links = list(parser.links)
    for form in parser.forms:
        action = urljoin(base, form["action"] or urlsplit(base).path)
        inputs = form["inputs"]
        links.append(action + (f"?{urlencode(inputs)}" if inputs else ""))
        if urlsplit(base).query:
            continue  # options from the unfiltered page only, not every combination
        for name, values in form["selects"]:
            links += [f"{action}?{urlencode({**inputs, name: value})}" for value in values]
    return links


def response_links(fetched):
    kind, text = fetched.content_type, fetched.text
    if kind == "text/html":
        return html_links(text, fetched.url)
    if kind in ("application/xml", "text/xml", "application/rss+xml", "application/atom+xml"):
        return [html.unescape(a or b) for a, b in XML_LINKS.findall(text)]
    if kind == "text/plain":
        return [a or b for a, b in ((m.group(0), m.group(1)) for m in TEXT_LINKS.finditer(text))]
    if kind == "application/json":
        links = []
        for value in _strings(json.loads(text)):
            if value.startswith("/"):
                links.append(value)
            elif "<" in value:
                links += html_links(value, fetched.url)
        return links
    return []


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def local_url(link, base):
    """The same-site path and query of a link, or None (other sites, mailto:, static files)."""
    link = link.strip()
    if not link or link.startswith(("#", "mailto:", "tel:", "javascript:", "data:", "blob:")):
        return None
    if link.startswith("Disallow:") or link.startswith("Allow:"):
        link = link.split(":", 1)[1].strip()
    parts = urlsplit(urljoin(base, link))
    if parts.scheme not in ("http", "https") or parts.hostname not in same_site_hosts():
        return None
    path = parts.path or "/"
    if path.startswith(SKIPPED_PREFIXES):
        return None
    # "next" only says where a log-in returns to; every page links the log-in with its own.
    params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "next"]
    query = urlencode(sorted(params))
    return path + (f"?{query}" if query else "")


def body_text(response):
    content = (
        b"".join(response.streaming_content) if response.streaming else bytes(response.content)
    )
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(json.loads(content), ensure_ascii=False)
    return content.decode("utf-8", errors="replace")


def fetch(client, url, method="get", found_on="", data=None):
    response = getattr(client, method)(url, data or {})
    headers = {name.lower(): value for name, value in response.items()}
    if response.cookies:
        headers["set-cookie"] = " ".join(sorted(response.cookies))
    return Fetched(url, response.status_code, headers, body_text(response), found_on)


def crawl(client, seeds, limit=600, per_shape=4):
    """{url: Fetched} of every same-site URL reachable from `seeds`, breadth first.

    At most `per_shape` URLs of one kind (see kind_of) with the same query parameters
    (?doc_type=…, ?thang=…, ?tra-loi=…) are visited: the first ones the pages offer.
    """
    seen, shapes = {}, {}
    queue = deque((local_url(seed, "http://testserver/"), "seed") for seed in seeds)
    while queue and len(seen) < limit:
        url, found_on = queue.popleft()
        if url is None or url in seen:
            continue
        parts = urlsplit(url)
        shape = (kind_of(url), tuple(sorted({name for name, _ in parse_qsl(parts.query)})))
        if found_on != "seed" and shape[1]:
            shapes[shape] = shapes.get(shape, 0) + 1
            if shapes[shape] > per_shape:
                continue
        fetched = seen[url] = fetch(client, url, found_on=found_on)
        links = response_links(fetched)
        if fetched.headers.get("location"):
            links.append(fetched.headers["location"])
        base = "http://testserver" + url
        fetched.links = [local for local in (local_url(link, base) for link in links) if local]
        queue.extend((link, url) for link in fetched.links if link not in seen)
    assert not queue, f"the crawl stopped at {limit} URLs"
    return seen


def kind_of(url):
    """What sort of URL this is, for the counts of what a crawl visited."""
    path = urlsplit(url).path
    if path == "/":
        return "home"
    if path == "/van-ban/":
        return "library"
    if path.startswith("/van-ban/"):
        return "document"
    if path in ("/tin-tuc/rss/", "/tin-tuc/atom/"):
        return "feed"
    if path == "/tin-tuc/" or re.match(r"^/tin-tuc/(chuyen-muc/|the/|\d{4}/\d{2}/)", path):
        return "news listing"
    if path.startswith("/tin-tuc/"):
        return "news"
    prefixes = {
        "/tim-kiem/": "search",
        "/sitemap.xml": "sitemap",
        "/robots.txt": "robots",
        "/documents/": "file",
        "/media/": "image",
        "/tai-khoan/": "account",
        "/xac-nhan/": "account",
        "/binh-luan/": "comments",
        "/accounts/": "log-in",
        "/admin/": "admin",
    }
    return next((kind for prefix, kind in prefixes.items() if path.startswith(prefix)), "other")


def counts_by_kind(pages):
    counts = {}
    for url in pages:
        counts[kind_of(url)] = counts.get(kind_of(url), 0) + 1
    return counts


def readable_forms(text):
    """The text as a reader would search it: entities, %-escapes, case and diacritics folded."""
    unescaped = html.unescape(text)
    return fold(unescaped), fold(unquote(unescaped))


def occurrences(text, markers):
    """{marker: count} of the (folded) markers in the text, in any of its readable forms."""
    forms = readable_forms(text)
    return {marker: sum(form.count(fold(marker)) for form in forms) for marker in markers}


def context_of(text, marker, width=80):
    for form in readable_forms(text):
        at = form.find(fold(marker))
        if at >= 0:
            return form[max(0, at - width) : at + width]
    return ""

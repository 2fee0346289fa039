"""What a listing shows, read from its HTML: members' listings may be served whole from the
cache (portal.caching.shared_pages), without a template context to inspect."""

import html
import re

SEARCH_TITLE = re.compile(r'class="search-result__title"><a href="[^"]*">(.*?)</a>', re.S)
LIBRARY_TITLE = re.compile(r'<td data-label="[^"]*"><a href="[^"]*">(.*?)</a></td>', re.S)
COUNT = re.compile(r'<p class="result-count">([\d.]+)')


def _text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def search_titles(response):
    """The titles of the search results in order, or None when nothing was searched for."""
    page = _text(response)
    if 'class="search-results"' not in page:
        return None
    return [html.unescape(title) for title in SEARCH_TITLE.findall(page)]


def library_titles(response):
    return [html.unescape(title) for title in LIBRARY_TITLE.findall(_text(response))]


def shown_count(response):
    """The figure of "N văn bản" / "N kết quả" (thousands grouped with dots)."""
    return int(COUNT.search(_text(response))[1].replace(".", ""))

"""Comments are plain text: shown escaped, line breaks kept, links made clickable.

No HTML written by a member ever reaches a page: the text is escaped by urlize, and the result
goes through nh3 allowing only the links and line breaks made here.
"""

import functools

import nh3
from django.utils.html import urlize
from django.utils.safestring import mark_safe


@functools.lru_cache(maxsize=2048)  # a pure function of the text; urlize is slow
def comment_html(text):
    linked = urlize(text or "", trim_url_limit=70, nofollow=True, autoescape=True)
    html = linked.replace("\n", "<br>\n")
    return mark_safe(
        nh3.clean(
            html,
            tags={"a", "br"},
            attributes={"a": {"href"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="nofollow noopener ugc",
        )
    )

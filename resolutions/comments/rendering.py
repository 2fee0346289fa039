"""Comments are plain text: shown escaped, line breaks kept, links made clickable.

No HTML written by a member ever reaches a page: the text is escaped (by urlize when it may hold
a link), and the result goes through nh3 allowing only the links and line breaks made here.
"""

import functools
import re

import nh3
from django.utils.html import escape, urlize
from django.utils.safestring import mark_safe

# What urlize could make a link of (its own patterns, case-insensitive, found anywhere): an
# address, http(s)://, www. or a name ending in one of its domains. A text with none of them
# comes out of urlize escaped and nothing else, at a hundredth of the time (most comments).
_MAY_LINK = re.compile(r"@|https?://|www\.|\.(?:com|edu|gov|int|mil|net|org)", re.IGNORECASE)


@functools.lru_cache(maxsize=2048)  # a pure function of the text
def comment_html(text):
    text = text or ""
    if _MAY_LINK.search(text):
        linked = urlize(text, trim_url_limit=70, nofollow=True, autoescape=True)
    else:
        linked = escape(text)
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

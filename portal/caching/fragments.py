"""HTML fragments shared by every reader they are valid for: `{% fragment key %}…{% endfragment %}`.

A document's text and its comment thread cost tens of milliseconds to render, yet are the same
for every member who may read them. They are kept on their own, beside the whole pages of
portal.caching.shared_pages, for the pages that cannot be shared (editors', a reader's own
comments). The caller computes a key that names everything the fragment depends on (the versions of
portal.caching.versions, the query string); readers with the same key share one rendering through
the default cache (Redis in production).

A fragment never carries one reader's CSRF token: it is rendered with a placeholder, replaced
with the current reader's token each time it is served. The placeholder is random, drawn anew by
each process and kept with what was rendered under it, and it starts with "<", which user text
can only ever show escaped: a comment quoting it is never turned into the reader's token.
Previews are never cached, and a key of None renders without the cache (a reader who sees
something personal in it).
"""

import hashlib
import secrets

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal.caching import versions

TIMEOUT = 10 * 60
KEPT = 64  # fragments each process keeps besides the shared cache (their keys never go stale)
_kept = versions.store()
# Safe, so that {% csrf_token %} writes it as it is (escaped user text never can).
CSRF_PLACEHOLDER = mark_safe(f"<csrf-{secrets.token_hex(16)}>")


def cache_key(key):
    digest = hashlib.sha256(repr((get_language(), key)).encode()).hexdigest()
    return f"fragment:{digest}"


def render(key, render_html, context):
    """The fragment named by `key`, from the cache or rendered by render_html() and kept."""
    request = context.get("request")
    if key is None or getattr(request, "is_preview", False):
        return render_html()
    name = cache_key(key)
    entry = versions.from_cache(_kept, name, KEPT)
    if entry is None:
        with context.push(csrf_token=CSRF_PLACEHOLDER):
            entry = (CSRF_PLACEHOLDER, str(render_html()))
        versions.to_cache(_kept, name, entry, TIMEOUT, KEPT)
    placeholder, html = entry
    return mark_safe(with_csrf_token(html, placeholder, context.get("csrf_token", "")))


def with_csrf_token(html, placeholder, csrf_token):
    """The HTML rendered under `placeholder` (perhaps by another process) with the token."""
    return html.replace(placeholder, str(csrf_token)) if placeholder in html else html


class FragmentNode(template.Node):
    def __init__(self, nodelist, key):
        self.nodelist, self.key = nodelist, key

    def render(self, context):
        return render(self.key.resolve(context), lambda: self.nodelist.render(context), context)


def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% fragment key %} takes exactly one argument")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]))

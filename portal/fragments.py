"""HTML fragments shared by every reader they are valid for: `{% fragment key %}…{% endfragment %}`.

A document's text and its comment thread cost tens of milliseconds to render, yet are the same
for every member who may read them. They are kept on their own, beside the whole pages of
portal.shared_pages, for the pages that cannot be shared (editors', a reader's own comments).
The caller computes a key that names everything the fragment depends on (the versions of
portal.versions, the query string); readers with the same key share one rendering through the
default cache (Redis in production).

A fragment never carries one reader's CSRF token: it is rendered with a placeholder, replaced
with the current reader's token each time it is served. Previews are never cached, and a key of
None renders without the cache (a reader who sees something personal in it).
"""

import hashlib

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal import versions

TIMEOUT = 10 * 60
KEPT = 64  # fragments each process keeps besides the shared cache (their keys never go stale)
_kept = versions.store()
CSRF_PLACEHOLDER = "csrf-placeholder-of-a-shared-fragment"


def cache_key(key):
    digest = hashlib.sha256(repr((get_language(), key)).encode()).hexdigest()
    return f"fragment:{digest}"


def render(key, render_html, context):
    """The fragment named by `key`, from the cache or rendered by render_html() and kept."""
    request = context.get("request")
    if key is None or getattr(request, "is_preview", False):
        return render_html()
    name = cache_key(key)
    html = versions.from_cache(_kept, name, KEPT)
    if html is None:
        with context.push(csrf_token=CSRF_PLACEHOLDER):
            html = versions.to_cache(_kept, name, render_html(), TIMEOUT, KEPT)
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, str(context.get("csrf_token", "")))
    return mark_safe(html)


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

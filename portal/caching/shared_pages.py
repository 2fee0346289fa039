"""Members' pages kept whole and shared, with their personal parts filled in for each reader.

A document, the library listing or a page of search results looks the same to every member who
may see the same things, but for a few personal parts: the account links of the header (with
the count of documents waiting for acknowledgement) and the document's acknowledgement box. The
view names everything else the page shows in a key (what is visible to this reader among the
documents listed, the published revision, the version of the comments...); the page rendered
for one reader is kept in the default cache (Redis in production) with a marker in place of each
personal part and a placeholder for the CSRF token (portal.caching.fragments), and served to every
reader with the same key after rendering only those parts.

Never shared: pages for editors (they carry Wagtail's user bar), previews, requests with
messages waiting to be shown, anything but a 200, and pages whose view gives no key (something
personal in them, such as the reader's own comments).
"""

import hashlib

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal.caching import versions
from portal.caching.fragments import CSRF_PLACEHOLDER, with_csrf_token
from portal.security import admin_link_shown

TIMEOUT = 10 * 60
PAGES_KEPT = 64  # pages each process keeps besides the shared cache (their keys never go stale)
PARTS_KEPT = 1024  # personal parts each process keeps (personal_part's key)
_pages_kept = versions.store()
_parts_kept = versions.store()
_personal_parts = {}  # name: (template name, context function, key function or None)


def personal_part(name, template_name, key=None):
    """Register a personal part: `context(request, page)` gives what its template needs beyond
    the request, the user, the page and the CSRF token.

    `key(request, page, values)`, given the values `context` returned, names everything else the
    part shows a member (None: nothing to keep): the part is then rendered once per process for
    each member, language and key, under the member's version (portal.caching.versions.member),
    and kept with a placeholder for the CSRF token."""

    def register(context):
        _personal_parts[name] = (template_name, context, key)
        return context

    return register


def _marker(name):
    return f"<!--personal-part:{name}-->"


def render_part(name, request, page=None, csrf_token=None):
    """A personal part, in a plain context (what the context processors would add costs more
    than the part): the request, the user, the CSRF token and what its function gives."""
    template_name, context, key = _personal_parts[name]
    values = context(request, page)
    user = request.user
    named = key(request, page, values) if key and csrf_token and user.is_authenticated else None
    if named is None:
        # Lazy: a part without a form must not give the visitor a CSRF cookie (a page that
        # sets a cookie is never kept by the anonymous page cache).
        token = csrf_token or SimpleLazyObject(lambda: get_token(request))
        return _render(template_name, request, page, token, values)
    named = (name, get_language(), user.pk, versions.get(versions.member(user.pk))[0], named)
    render = lambda: _render(template_name, request, page, CSRF_PLACEHOLDER, values)  # noqa: E731
    html = versions.kept(_parts_kept, named, render, PARTS_KEPT)
    return with_csrf_token(html, CSRF_PLACEHOLDER, csrf_token)


def _render(template_name, request, page, csrf_token, values):
    context = {"request": request, "user": request.user, "page": page, "csrf_token": csrf_token}
    return get_template(template_name).render({**context, **values})


def part_in_page(context, name):
    """What `{% personal_part name %}` puts in a page: the part itself, or its marker while the
    page is rendered to be shared."""
    request = context.get("request")
    if getattr(request, "rendering_shared_page", False):
        return mark_safe(_marker(name))
    return render_part(name, request, context.get("page"))


def _fill(html, request, page, placeholder):
    """The shared page for this reader: their parts, and their token for the `placeholder` of
    the CSRF token the page was rendered with (portal.caching.fragments.CSRF_PLACEHOLDER)."""
    csrf_token = get_token(request)  # masked once for every form of the page
    for name in _personal_parts:
        marker = _marker(name)
        if marker in html:
            html = html.replace(marker, render_part(name, request, page, csrf_token))
    return with_csrf_token(html, placeholder, csrf_token)


def shareable(request):
    """Whether this request may be answered with a shared page."""
    user = request.user
    return (
        request.method in ("GET", "HEAD")
        and user.is_authenticated
        and not getattr(request, "is_preview", False)
        and "messages" not in request.COOKIES
        and "_messages" not in request.session
        and not admin_link_shown(user)
    )


def _cache_key(request, key):
    content = versions.get(versions.CONTENT)[0]
    where = (request.get_host(), request.get_full_path(), get_language(), content, key)
    return f"shared-page:{hashlib.sha256(repr(where).encode()).hexdigest()}"


def serve(request, shared_key, respond, page=None):
    """The response of `respond()` (a view's response, rendered or not), shared through the
    cache with every reader for whom `shared_key()` gives the same key (None: not shared)."""
    key = shared_key() if shareable(request) else None
    if key is None:
        return respond()
    name = _cache_key(request, key)
    cached = versions.from_cache(_pages_kept, name, PAGES_KEPT)
    if cached is None:
        request.rendering_shared_page = True
        try:
            response = respond()
            if hasattr(response, "render"):
                response.render()
        finally:
            request.rendering_shared_page = False
        if response.streaming:
            return response
        html = response.content.decode(response.charset)
        if response.status_code == 200:
            headers = [(k, v) for k, v in response.items() if k.lower() != "set-cookie"]
            entry = (html, headers, CSRF_PLACEHOLDER)
            versions.to_cache(_pages_kept, name, entry, TIMEOUT, PAGES_KEPT)
        response.content = _fill(html, request, page, CSRF_PLACEHOLDER)
        return response
    html, headers, placeholder = cached
    response = HttpResponse(_fill(html, request, page, placeholder))
    for header, value in headers:
        response[header] = value
    return response


class SharedPageMixin:
    """A Wagtail page served through `serve` with the key of `shared_page_key(request)`."""

    def shared_page_key(self, request):
        return None

    def serve(self, request, *args, **kwargs):
        if args or kwargs:  # a routable sub-view: not shared
            return super().serve(request, *args, **kwargs)
        return serve(
            request,
            lambda: self.shared_page_key(request),
            lambda: super(SharedPageMixin, self).serve(request),
            page=self,
        )

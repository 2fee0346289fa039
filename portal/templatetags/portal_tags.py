from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.caching import versions
from portal.caching.shared_pages import part_in_page, personal_part
from portal.security import admin_link_shown

register = template.Library()
register.simple_tag(admin_link_shown)


@register.simple_tag(takes_context=True)
def main_navigation(context):
    """The fixed sections of the site; no page titles, so nothing restricted can show here."""
    request = context.get("request")
    path = request.path if request else ""
    items = [
        ("/", _("Home")),
        ("/tin-tuc/", _("News")),
        ("/van-ban/", pgettext("party documents", "Documents")),
        (reverse("search"), _("Search")),
    ]
    return [
        {"url": url, "label": label, "current": path == url if url == "/" else path.startswith(url)}
        for url, label in items
    ]


def _account_key(request, page, values):
    """What the header's parts show besides the member (portal.caching.shared_pages)."""
    pending = values["pending"]
    return (pending["count"], pending["current"], values.get("admin_link"))


@personal_part("account", "includes/account_nav.html", key=_account_key)
def account_navigation(request, page):
    """The reader's own links at the end of the navigation: documents waiting for their
    acknowledgement (with the count), their account, the administration, logging out."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {"pending": _pending(request), "admin_link": admin_link_shown(user)}


@personal_part("pending-badge", "includes/pending_badge.html", key=_account_key)
def pending_badge(request, page):
    """The count of documents waiting for the reader, in the header outside the menu (a
    phone shows it without opening the menu)."""
    return {"pending": _pending(request)} if request.user.is_authenticated else {}


def _pending(request):
    """The link to the reader's pending documents with their count, once per request."""
    from resolutions.acknowledgements.services import pending_count

    memo = versions.request_memo()
    if "pending-link" not in memo:
        url = reverse("acknowledgement_pending")
        count = pending_count(request.user)
        memo["pending-link"] = {"url": url, "count": count, "current": request.path.startswith(url)}
    return memo["pending-link"]


@register.simple_tag(takes_context=True, name="personal_part")
def personal_part_tag(context, name):
    """`{% personal_part "name" %}`: a part of the page that is the reader's own (see
    portal.caching.shared_pages)."""
    return part_in_page(context, name)


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (for pagination and filters)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.simple_tag
def select_field(bound_field):
    """A form field's <select>, built in Python: Django's widget renders a template for each
    option, and the library's filters have hundreds of them."""
    value = bound_field.value()
    current = "" if value is None else str(value)
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (choice, mark_safe(" selected") if str(choice) == current else "", label)
            for choice, label in bound_field.field.choices
        ),
    )
    invalid = mark_safe(' aria-invalid="true"') if bound_field.errors else ""
    return format_html(
        '<select name="{}" id="{}"{}>{}</select>',
        bound_field.html_name,
        bound_field.id_for_label,
        invalid,
        options,
    )


@register.filter
def grouped(value):
    """A count as Vietnamese writes it: 20.000 (not in the global number format, which would
    also group ids inside URLs)."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return value


@register.filter
def vn_date(value):
    """A date as documents print it: "ngày 08 tháng 04 năm 2011"."""
    if not value:
        return ""
    return f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"

from django import template
from django.core.cache import cache
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

register = template.Library()


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
    user = context.get("user")
    if user is not None and user.is_authenticated:
        from resolutions.acknowledgements.services import pending_count

        waiting = pending_count(user)
        label = _("To acknowledge") + (f" ({waiting})" if waiting else "")
        items.append((reverse("acknowledgement_pending"), label))
    return [
        {
            "url": url,
            "label": label,
            "current": path == url if url == "/" else path.startswith(url),
        }
        for url, label in items
    ]


@register.simple_tag
def admin_link_shown(user):
    """Whether the header links to the administration: kept five minutes per user (it is only
    a link; the administration checks permissions itself on every request)."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    key = f"admin-link:{user.pk}"
    shown = cache.get(key)
    if shown is None:
        shown = user.has_perm("wagtailadmin.access_admin")
        cache.set(key, shown, 5 * 60)
    return shown


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

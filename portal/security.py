"""Site-wide protections: two-factor authentication for the admin, idle sessions, and the
Content-Security-Policy (strict on the site, relaxed only where Wagtail's admin needs it).
"""

import time
from functools import cache

from csp.constants import HEADER, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.caching import versions

LAST_ACTIVITY_KEY = "portal_last_activity"
# The last activity is written at most this often, so a session is not saved on every request.
ACTIVITY_RESOLUTION = 60


@cache
def admin_prefix():
    return reverse("wagtailadmin_home")


def has_admin_access(user):
    """Whether the user holds wagtailadmin.access_admin, as user.has_perm() would say, without
    its two permission queries: every request of a logged-in member asks it (the second factor
    is required for admin rights on the whole site). The holders are read once per change of
    rights (versions.ADMIN_RIGHTS) and the member's groups come with the member."""
    from portal.audience import group_ids

    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    groups, users = admin_holders()
    return user.pk in users or not group_ids(user).isdisjoint(groups)


def admin_link_shown(user):
    """Whether the header links to the administration: for staff and for those with access to
    it (`{% admin_link_shown user %}`; a page that shows it is never shared: shared_pages)."""
    return user.is_authenticated and (user.is_staff or has_admin_access(user))


def admin_holders():
    """(ids of the groups, ids of the users) granted wagtailadmin.access_admin directly."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    def load():
        granted = {"permissions__content_type__app_label": "wagtailadmin"}
        granted["permissions__codename"] = "access_admin"
        groups = Group.objects.filter(**granted).values_list("pk", flat=True)
        direct = {f"user_{key}": value for key, value in granted.items()}
        users = get_user_model().objects.filter(**direct).values_list("pk", flat=True)
        return frozenset(groups), frozenset(users)

    version = versions.get(versions.ADMIN_RIGHTS)[0]
    return versions.shared(_holders_kept, f"admin-rights:{version}", load, 24 * 60 * 60, 1)


_holders_kept = versions.store()


# Where someone with admin access but no authenticator may still go: the account pages
# (log-in, log-out, activating the authenticator), the language switch and static files.
SECOND_FACTOR_EXEMPT = ("/accounts/", "/i18n/", "/static/", "/healthz")


class RequireTwoFactorForAdminMiddleware:
    """Send anyone with admin access but no authenticator to allauth's TOTP activation, from
    every page of the site and not only from /admin/: their rights reach restricted documents
    and files outside the admin too (portal.privacy.file_access), which a password alone must
    not open.

    Members without admin access are never forced; they may turn two-factor authentication on
    themselves. Off when ADMIN_REQUIRE_2FA is False (the demo run by `make run`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.ADMIN_REQUIRE_2FA
            and not request.path_info.startswith(SECOND_FACTOR_EXEMPT)
            and request.path_info != reverse("wagtailadmin_logout")
            and has_admin_access(request.user)
        ):
            from allauth.mfa.utils import is_mfa_enabled

            if not is_mfa_enabled(request.user):
                messages.warning(
                    request,
                    _(
                        "The administration requires two-factor authentication. Activate an "
                        "authenticator app on your phone to continue."
                    ),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """Log out a session that made no request for IDLE_TIMEOUT seconds (0: never)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = settings.IDLE_TIMEOUT
        if timeout and request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY_KEY)
            if last is not None and now - last > timeout:
                logout(request)
                messages.info(
                    request,
                    _("You were logged out after %(minutes)d minutes without activity.")
                    % {"minutes": timeout // 60},
                )
            elif last is None or now - last >= ACTIVITY_RESOLUTION:
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)


# Wagtail's admin renders inline <script> (date and time pickers, inline panels, chooser panels),
# shows the page preview in an iframe of its own and thumbnails uploads from blob: URLs: under
# /admin/ those are allowed.
ADMIN_POLICY_CHANGES = {
    "script-src": [SELF, UNSAFE_INLINE],
    "frame-ancestors": [SELF],
    "img-src": [SELF, "data:", "blob:"],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with ADMIN_POLICY_CHANGES applied to the admin's pages."""

    def process_response(self, request, response):
        if request.path_info.startswith(admin_prefix()):
            # A preview is rendered through the middleware for the page's own URL, so it comes
            # with the site's policy, which forbids the admin to frame it: the admin's applies.
            response.headers.pop(HEADER, None)
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(admin_prefix()):
            parts.replace = {**ADMIN_POLICY_CHANGES, **(parts.replace or {})}
        return parts

from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.db.models import Q

# Longer than any username (150) or e-mail address (254) the portal accepts.
MAX_LOGIN_LENGTH = 254


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by the office; nobody signs themselves up."""

    def _get_login_attempts_cache_key(self, request, **credentials):
        """Failed log-ins count per account, whether it is named by its username or its
        e-mail address (allauth counts each spelling apart: twice the limit). A login that
        names no account counts under its own spelling, as allauth does."""
        from portal.models import User

        login = (credentials.get("email") or credentials.get("username") or "").lower()
        if login and len(login) <= MAX_LOGIN_LENGTH:
            named = Q(username__iexact=login) | Q(email__iexact=login)
            account = User.objects.filter(named).values_list("pk", flat=True).first()
            if account is not None:
                return f"account:{account}"
        return super()._get_login_attempts_cache_key(request, **credentials)

    def get_reset_password_from_key_url(self, key):
        """At the address members use (PUBLIC_SITE_URL), never the host and port of the
        request that asked for the reset (a forged Host header would receive the key)."""
        path = urlsplit(super().get_reset_password_from_key_url(key)).path
        return settings.PUBLIC_SITE_URL.rstrip("/") + path

    def is_open_for_signup(self, request):
        return False

    def authenticate(self, request, **credentials):
        """A log-in too long to exist fails like a wrong password, without a query: SQLite
        refuses the huge LIKE pattern it would make (a 500)."""
        login = credentials.get("username") or credentials.get("email") or ""
        if len(login) > MAX_LOGIN_LENGTH:
            self.pre_authenticate(request, **credentials)  # still counts against the rate limit
            return None
        return super().authenticate(request, **credentials)

    def post_login(self, request, user, **kwargs):
        """After a log-in, this browser is known as the member's own: the links of their
        e-mails open here without a code (resolutions.acknowledgements.links)."""
        from resolutions.acknowledgements.links import remember_device

        return remember_device(super().post_login(request, user, **kwargs), user)

from allauth.account.adapter import DefaultAccountAdapter

# Longer than any username (150) or e-mail address (254) the portal accepts.
MAX_LOGIN_LENGTH = 254


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by the office; nobody signs themselves up."""

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

from wagtail.users.apps import WagtailUsersAppConfig


class UsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin with the members' profile (see portal.members.viewsets)."""

    user_viewset = "portal.members.viewsets.UserViewSet"

    def ready(self):
        super().ready()
        from portal.members import signals  # noqa: F401

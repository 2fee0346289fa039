from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Organisation and members")

    def ready(self):
        from portal import cache, privacy, signals  # noqa: F401
        from resolutions import evidence  # noqa: F401

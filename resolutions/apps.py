from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResolutionsConfig(AppConfig):
    name = "resolutions"
    verbose_name = _("Document library")

    def ready(self):
        from resolutions import editor_hooks  # noqa: F401
        from resolutions.acknowledgements import admin_hooks, signals, views  # noqa: F401
        from resolutions.comments import signals as comment_signals  # noqa: F401

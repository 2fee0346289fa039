from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Organisation and members")

    def ready(self):
        from django.core.signals import request_finished
        from django.db.models.signals import post_migrate
        from django.urls import register_converter

        from portal import memory, privacy, signals  # noqa: F401
        from portal.caching import anonymous, front_cache  # noqa: F401 - signal receivers
        from portal.converters import ObjectIdConverter
        from portal.exports import protect_spreadsheet_exports
        from portal.models import PortalImage
        from portal.permission_names import name_permissions
        from portal.templatetags import portal_tags  # noqa: F401 - the header's personal part
        from resolutions import evidence  # noqa: F401

        request_finished.connect(memory.trim_now_and_then, dispatch_uid="portal.memory")
        protect_spreadsheet_exports()
        anonymous.shown_to_visitors(PortalImage)
        post_migrate.connect(name_permissions, dispatch_uid="portal.permission_names")

        # Before any URLconf is loaded (Wagtail's admin hooks included): `<id:…>` in every app.
        register_converter(ObjectIdConverter, "id")
        privacy.replace_wagtails_view_restriction_check()

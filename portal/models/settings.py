from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """What the header and footer say about the organisation; editors change it in the admin."""

    organisation_name = models.CharField(
        _("organisation name"),
        max_length=255,
        default="Đảng bộ Trường Trung học Kinh tế - Kỹ thuật Bạc Liêu",
    )
    superior_body = models.CharField(
        _("superior body"), max_length=255, default="Đảng ủy Khối các cơ quan tỉnh Bạc Liêu"
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("site settings")

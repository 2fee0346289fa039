from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from portal.caching import versions


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

    @classmethod
    def for_request(cls, request):
        """As Wagtail's, but shared between requests until the settings or the site change
        (both bump the content version: portal.caching.anonymous)."""
        attr = cls.get_cache_attr_name()
        if not hasattr(request, attr):
            site = Site.find_for_request(request)
            key = f"site-settings:{site.pk if site else None}:{versions.get(versions.CONTENT)[0]}"
            instance = cache.get(key)
            if instance is None:
                instance = cls.for_site(site)
                cache.set(key, instance, 60 * 60)
            instance._request = request
            setattr(request, attr, instance)
        return getattr(request, attr)

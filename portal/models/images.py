"""The project's own image model, set from day one so image access can be controlled."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class PortalImage(AbstractImage):
    alt_text = models.CharField(
        _("alternative text"),
        max_length=300,
        blank=True,
        help_text=_("Describes the image for readers who cannot see it."),
    )
    credit = models.CharField(_("credit"), max_length=255, blank=True)

    admin_form_fields = Image.admin_form_fields + ("alt_text", "credit")

    @property
    def default_alt_text(self):
        return self.alt_text or self.title


class PortalRendition(AbstractRendition):
    image = models.ForeignKey(PortalImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

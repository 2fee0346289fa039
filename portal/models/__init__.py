from portal.models.images import PortalImage, PortalRendition
from portal.models.members import Committee, PartyCell, User
from portal.models.settings import SiteSettings
from portal.models.versions import CacheVersion

__all__ = [
    "CacheVersion",
    "Committee",
    "PartyCell",
    "PortalImage",
    "PortalRendition",
    "SiteSettings",
    "User",
]

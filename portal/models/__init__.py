from portal.caching.versions import CacheVersion
from portal.models.images import PortalImage, PortalRendition
from portal.models.members import Committee, PartyCell, User
from portal.models.settings import SiteSettings

__all__ = [
    "CacheVersion",
    "Committee",
    "PartyCell",
    "PortalImage",
    "PortalRendition",
    "SiteSettings",
    "User",
]

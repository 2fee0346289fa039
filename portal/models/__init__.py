from portal.models.images import PortalImage, PortalRendition
from portal.models.members import Committee, PartyCell, User
from portal.models.settings import SiteSettings

__all__ = ["Committee", "PartyCell", "PortalImage", "PortalRendition", "SiteSettings", "User"]

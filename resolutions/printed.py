"""Whether a printed copy is still current: the print and the Word file of a document carry a
QR code and a short code made from the document and the published revision they were made
from. Opening the code's address (`<document>/kiem-tra/<code>/`) says whether that revision is
still the one in force, or since when a newer one is.

The code is the revision's id with a keyed digest of the page and the revision (Django's
salted HMAC over SECRET_KEY), so nobody can make up the code of another revision. The QR code
is drawn by segno, here, with no outside service.
"""

import base64
import re
from dataclasses import dataclass

import segno
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

SALT = "resolutions.printed"
CHECK_PATH = "kiem-tra"
_CODE = re.compile(r"^(?P<revision>\d{1,12})-(?P<digest>[A-Z2-7]{6})$")


def code(page_id, revision_id):
    """The short code printed on a copy of this revision: "1234-K7QX2M"."""
    digest = salted_hmac(SALT, f"{page_id}:{revision_id}").digest()
    return f"{revision_id}-{base64.b32encode(digest).decode()[:6]}"


def revision_of(page_id, value):
    """The revision id a code names, or None when the code is not one of this page's."""
    match = _CODE.match((value or "").upper())
    if not match or not constant_time_compare(code(page_id, match["revision"]), match.group()):
        return None
    return int(match["revision"])


@dataclass(frozen=True)
class PrintedCheck:
    code: str
    url: str
    label = _("Is this copy current? Scan the code or open")

    @property
    def svg(self):
        """The QR code of the address, inline (no image request, nothing outside)."""
        qr = segno.make(self.url, error="m")
        return mark_safe(qr.svg_inline(scale=2, border=0, title=self.code, omitsize=False))

    def png(self):
        """The QR code as PNG bytes, for the Word file."""
        import io

        buffer = io.BytesIO()
        segno.make(self.url, error="m").save(buffer, kind="png", scale=8, border=1)
        return buffer.getvalue()


def printed_check(page, request=None):
    """The check of the page's published revision; None for a page never published."""
    if not page.live_revision_id:
        return None
    value = code(page.pk, page.live_revision_id)
    return PrintedCheck(value, f"{page.get_full_url(request)}{CHECK_PATH}/{value}/")

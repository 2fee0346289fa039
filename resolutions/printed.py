"""Whether a printed copy is still current: the print and the Word file of a document carry a
QR code and a short code made from the document and the text it was printed with. Opening the
code's address (`<document>/kiem-tra/<code>/`) says whether that text is still the one in force,
or since when a newer one is.

The code is a keyed digest (Django's salted HMAC over SECRET_KEY) of the page and the
fingerprint of its published text (resolutions.acknowledgements), so nobody can make up the code
of another document or text, and it names nothing else: not the revision's id, which would
count the revisions made of every document, restricted ones included, and not a republication
that changed nothing a reader sees. The QR code is drawn by segno, here, with no outside
service.
"""

import base64
import hashlib
import re
from dataclasses import dataclass

import segno
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from portal.caching import versions

SALT = "resolutions.printed"
CHECK_PATH = "kiem-tra"
_CODE = re.compile(r"^[A-Z2-7]{4}-[A-Z2-7]{4}$")
EARLIER_REVISIONS = 200  # how far back a code is looked for among a page's revisions
QR_MASK = 0


def code(page_id, fingerprint):
    """The short code printed on a copy of this text of the document: "K7QX-2MPA"."""
    digest = base64.b32encode(salted_hmac(SALT, f"{page_id}:{fingerprint}").digest()).decode()
    return f"{digest[:4]}-{digest[4:8]}"


def current_code(page):
    """The code of the page's published text; None for a page never published."""
    from resolutions.acknowledgements.services import live_fingerprint

    return code(page.pk, live_fingerprint(page)) if page.live_revision_id else None


def printed_on(page, value):
    """What the copy with code `value` is: (True, None) for the text in force, (False, since)
    for an earlier text (`since`: when the text in force was first saved), None for a code
    that is not one of this page's texts."""
    from resolutions.acknowledgements.services import revision_fingerprint

    value = (value or "").upper()
    current = current_code(page)
    if not _CODE.match(value) or current is None:
        return None
    if constant_time_compare(value, current):
        return True, None
    since = None
    for revision in page.revisions.order_by("-created_at", "-pk")[:EARLIER_REVISIONS]:
        revision_code = code(page.pk, revision_fingerprint(revision))
        if constant_time_compare(revision_code, current):
            since = revision.created_at  # going back: the earliest save of the text in force
        elif constant_time_compare(revision_code, value):
            return False, since
    return None


@dataclass(frozen=True)
class PrintedCheck:
    code: str
    url: str
    label = _("Is this copy current? Scan the code or open")

    @property
    def svg(self):
        """The QR code of the address, inline (no image request, nothing outside): drawn once
        for every process, as the page's text is drawn again after each new comment."""
        key = f"printed-qr:{self.code}:{hashlib.sha256(self.url.encode()).hexdigest()}"
        return mark_safe(versions.shared(_svgs_kept, key, self._draw_svg, 60 * 60 * 24, 256))

    def _draw_svg(self):
        return _qr(self.url).svg_inline(scale=2, border=0, title=self.code, omitsize=False)

    def png(self):
        """The QR code as PNG bytes, for the Word file."""
        import io

        buffer = io.BytesIO()
        _qr(self.url).save(buffer, kind="png", scale=8, border=1)
        return buffer.getvalue()


_svgs_kept = versions.store()


def _qr(url):
    """The QR code of `url`, with a fixed mask: every reader decodes each of the eight, and
    choosing the best by the standard's penalty scores took three quarters of the time."""
    return segno.make(url, error="m", mask=QR_MASK)


def printed_check(page, request=None):
    """The check of the page's published revision; None for a page never published."""
    value = current_code(page)
    if value is None:
        return None
    return PrintedCheck(value, f"{page.get_full_url(request)}{CHECK_PATH}/{value}/")

"""The e-mail's button: a single-use link that signs one member in to one document.

The token (256 random bits) travels only in the e-mail; the database keeps its SHA-256. A link
works once, until it expires (the end of the deadline's day, at least three days after it was
sent), only for its member while they may still read its document. It signs in at once only in
a browser where that member has logged in before (a signed "known device" cookie); anywhere
else — a forwarded e-mail — it first sends a six-digit code to the member's own address. Members
who must use a second factor (everyone with admin access) are sent to the log-in instead. The
README's "E-mail links" section is the threat model.
"""

import hashlib
import hmac
import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import login
from django.core import signing
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from portal.caching.routing import live_page
from portal.security import has_admin_access
from resolutions.acknowledgements.services import in_audience
from resolutions.models import AcknowledgementLink, PartyDocumentPage

MIN_LIFETIME = timedelta(days=3)
LIFETIME_WITHOUT_DEADLINE = timedelta(days=14)
CODE_LIFETIME = timedelta(minutes=15)
CODE_ATTEMPTS = 5  # for the link's whole life, whatever the number of codes
CODES_PER_LINK = 3
CODE_INTERVAL = timedelta(minutes=1)
DEVICE_COOKIE = "portal_device"
DEVICE_SALT = "portal.acknowledgements.known-device"
DEVICE_MAX_AGE = 400 * 24 * 60 * 60
SESSION_KEY = "ack_email_pages"  # documents this session was signed in to by a link


def _digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def expiry(page, now=None):
    now = now or timezone.now()
    deadline = page.acknowledgement_deadline
    if deadline is None:
        return now + LIFETIME_WITHOUT_DEADLINE
    end_of_deadline = timezone.make_aware(datetime.combine(deadline, time.max))
    return max(end_of_deadline, now + MIN_LIFETIME)


def issue(page, member_ids):
    """{member id: token} of a new link to `page` for each member; only hashes are stored."""
    tokens = {pk: secrets.token_urlsafe(32) for pk in member_ids}
    expires_at = expiry(page)
    AcknowledgementLink.objects.bulk_create(
        [
            AcknowledgementLink(
                member_id=pk, page=page, token_hash=_digest(token), expires_at=expires_at
            )
            for pk, token in tokens.items()
        ],
        batch_size=1000,
    )
    return tokens


class LinkState:
    VALID, UNKNOWN, USED, EXPIRED = "valid", "unknown", "used", "expired"


def find(token):
    """(state, link): the link of this token, and whether it may still be used."""
    if not token or len(token) > 100:
        return LinkState.UNKNOWN, None
    link = (
        AcknowledgementLink.objects.filter(token_hash=_digest(token))
        .select_related("member")
        .first()
    )
    if link is None:
        return LinkState.UNKNOWN, None
    if link.used_at is not None:
        return LinkState.USED, link
    page = live_page(PartyDocumentPage, link.page_id)  # kept, without its body
    if link.expires_at <= timezone.now() or page is None or not in_audience(page, link.member):
        return LinkState.EXPIRED, link
    link.page = page
    return LinkState.VALID, link


def needs_full_log_in(member):
    """Members who must give a second factor never skip it through a link."""
    from allauth.mfa.utils import is_mfa_enabled

    return has_admin_access(member) or is_mfa_enabled(member)


def is_known_device(request, member):
    try:
        value = signing.loads(
            request.COOKIES.get(DEVICE_COOKIE, ""), salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE
        )
    except signing.BadSignature:
        return False
    return value == member.pk


def remember_device(response, member):
    """Mark this browser as one where `member` has signed in (a password log-in or a code)."""
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(member.pk, salt=DEVICE_SALT),
        max_age=DEVICE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def sign_in(request, link):
    """Use the link up (once, even for two requests at the same moment) and sign its member in.

    Returns False when it had already been used. One transaction: the link is used up if and
    only if the session was opened."""
    with transaction.atomic():
        used = AcknowledgementLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if not used:
            return False
        if not (request.user.is_authenticated and request.user.pk == link.member_id):
            login(request, link.member, backend=settings.AUTHENTICATION_BACKENDS[0])
    request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, []), link.page_id][-50:]
    return True


def came_by_email(request, page):
    return page.pk in request.session.get(SESSION_KEY, [])


def new_code(link):
    """A fresh six-digit code for this link (its hash stored), or None while the last one is
    under a minute old or the link has had its three codes (the member's mailbox is not to be
    flooded by whoever holds a forwarded e-mail)."""
    now = timezone.now()
    code = f"{secrets.randbelow(1_000_000):06d}"
    issued = AcknowledgementLink.objects.filter(
        Q(code_sent_at__isnull=True) | Q(code_sent_at__lte=now - CODE_INTERVAL),
        pk=link.pk,
        codes_sent__lt=CODES_PER_LINK,
    ).update(code_hash=_digest(code), code_sent_at=now, codes_sent=F("codes_sent") + 1)
    if not issued:
        return None
    link.code_hash, link.code_sent_at = _digest(code), now
    return code


def check_code(link, code):
    """Whether `code` is this link's current code; every attempt counts, five at most."""
    counted = AcknowledgementLink.objects.filter(
        pk=link.pk, code_attempts__lt=CODE_ATTEMPTS
    ).update(code_attempts=F("code_attempts") + 1)
    if not counted or not link.code_hash or not link.code_sent_at:
        return False
    if timezone.now() - link.code_sent_at > CODE_LIFETIME:
        return False
    return hmac.compare_digest(link.code_hash, _digest((code or "").strip()))

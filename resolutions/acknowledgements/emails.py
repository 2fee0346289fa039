"""The e-mails that ask a member to acknowledge: a new document, a reminder, a changed document.

Each is HTML with a plain-text part: the number, the trích yếu, the deadline in words ("còn 3
ngày", "đã quá hạn 4 ngày"), the summary and one button, the member's own single-use link
(resolutions.acknowledgements.links). Also the code that confirms such a link elsewhere.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from resolutions.acknowledgements import links

NEW, REMINDER, CHANGED = "new", "reminder", "changed"
BATCH = 500


def deadline_words(deadline, today=None):
    """ "còn 3 ngày", "hạn cuối là hôm nay", "đã quá hạn 4 ngày" ('' without a deadline)."""
    if deadline is None:
        return ""
    days = (deadline - (today or timezone.localdate())).days
    if days > 0:
        return ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}
    if days == 0:
        return _("due today")
    return ngettext("overdue by %(days)s day", "overdue by %(days)s days", -days) % {"days": -days}


def document_url(page):
    return settings.PUBLIC_SITE_URL + page.url_path.removeprefix("/home")


def link_url(token):
    return settings.PUBLIC_SITE_URL + reverse("acknowledgement_link", args=[token])


def _message(template, subject, context, to):
    text = render_to_string(f"resolutions/email/{template}.txt", context)
    html = render_to_string(f"resolutions/email/{template}.html", context)
    message = EmailMultiAlternatives(
        " ".join(subject.split()), text, settings.DEFAULT_FROM_EMAIL, [to]
    )
    message.attach_alternative(html, "text/html")
    return message


def _subject(kind, page):
    subjects = {
        NEW: _("New document to acknowledge: %(title)s"),
        REMINDER: _("Please acknowledge: %(title)s"),
        CHANGED: _("Document changed, please acknowledge again: %(title)s"),
    }
    return subjects[kind] % {"title": page.title}


def send_requests(kind, page, members):
    """E-mail each member (with an address) their own link to `page`; returns how many went."""
    members = [member for member in members if member.email]
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        connection = get_connection()
        for start in range(0, len(members), BATCH):
            batch = members[start : start + BATCH]
            tokens = links.issue(page, [member.pk for member in batch])
            common = {
                "kind": kind,
                "page": page,
                "document_url": document_url(page),
                "deadline_words": deadline_words(page.acknowledgement_deadline),
                "expires_at": links.expiry(page),
                "subject": _subject(kind, page),
            }
            messages = [
                _message(
                    "acknowledgement_request",
                    common["subject"],
                    {**common, "member": member, "url": link_url(tokens[member.pk])},
                    member.email,
                )
                for member in batch
            ]
            sent += connection.send_messages(messages) or 0
    return sent


def send_code(link, code):
    """The six-digit code that confirms a link opened in a browser the member never used."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "member": link.member,
            "page": link.page,
            "code": code,
            "minutes": int(links.CODE_LIFETIME.total_seconds() // 60),
        }
        subject = _("Your code to open %(number)s") % {
            "number": link.page.number or link.page.title
        }
        _message("link_code", subject, {**context, "subject": subject}, link.member.email).send()

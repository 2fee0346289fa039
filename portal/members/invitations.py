"""Invitations: an e-mail with a link to set one's password, for members created by the office.

The link is allauth's password-reset-from-key link, so it expires like a reset link
(PASSWORD_RESET_TIMEOUT) and after it the member uses "Quên mật khẩu?". Sent through Django's
tasks API so that an import of thousands of members does not wait for the mail server.
"""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.message import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from portal.models import User

CHUNK = 100


def invitation_url(user):
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return settings.PUBLIC_SITE_URL + path


def invitation_message(user):
    context = {
        "member": user,
        "url": invitation_url(user),
        "login_url": settings.PUBLIC_SITE_URL + reverse("account_login"),
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("account/email/invitation_subject.txt", context)
        body = render_to_string("account/email/invitation_message.txt", context)
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@task()
def send_invitations(user_ids):
    """E-mail each active member among user_ids an invitation; returns how many were sent."""
    members = User.objects.filter(pk__in=user_ids, is_active=True).exclude(email="")
    return get_connection().send_messages([invitation_message(member) for member in members])


def invite_members(user_ids):
    """Queue the invitations, a task per CHUNK members."""
    user_ids = list(user_ids)
    for start in range(0, len(user_ids), CHUNK):
        send_invitations.enqueue(user_ids[start : start + CHUNK])

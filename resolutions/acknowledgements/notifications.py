"""E-mails about acknowledgement, sent through Django's tasks API (a worker in production)."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from portal.models import User
from resolutions.acknowledgements import emails
from resolutions.models import PartyDocumentPage


def _messages(template, members, context):
    with translation.override(settings.LANGUAGE_CODE):
        for member in members:
            data = {**context, "member": member}
            subject = render_to_string(f"resolutions/email/{template}_subject.txt", data)
            body = render_to_string(f"resolutions/email/{template}.txt", data)
            yield (" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [member.email])


@task()
def send_acknowledgement_reminders(page_id, member_ids):
    """Remind members that a document waits for their acknowledgement."""
    page = PartyDocumentPage.objects.get(pk=page_id)
    members = User.objects.filter(pk__in=member_ids).exclude(email="")
    return emails.send_requests(emails.REMINDER, page, members)


@task()
def send_reacknowledgement_notices(page_id, member_ids):
    """After a substantive change: ask those who acknowledged before to read it again."""
    page = PartyDocumentPage.objects.get(pk=page_id)
    members = User.objects.filter(pk__in=member_ids, is_active=True).exclude(email="")
    return emails.send_requests(emails.CHANGED, page, members)


@task()
def send_new_document_notices(page_id):
    """A document asks for acknowledgement for the first time: tell its audience, as it is
    when the e-mails go out."""
    from resolutions.acknowledgements.services import audience_members

    page = PartyDocumentPage.objects.get(pk=page_id)
    if not page.live:
        return 0
    members = audience_members(page).exclude(email="").order_by("pk").iterator(chunk_size=2000)
    return emails.send_requests(emails.NEW, page, members)


@task()
def send_secretary_digest(secretary_id, rows):
    """A chi bộ secretary's digest: [(member name, document title, deadline text, url), ...]."""
    secretary = User.objects.get(pk=secretary_id)
    context = {"rows": rows, "site_url": settings.PUBLIC_SITE_URL}
    return send_mass_mail(_messages("secretary_digest", [secretary], context))

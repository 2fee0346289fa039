"""E-mails about acknowledgement, sent through Django's tasks API (a worker in production)."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from portal.audience import readers
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
    members = readers(page, User.objects.filter(pk__in=member_ids).exclude(email=""))
    return emails.send_requests(emails.REMINDER, page, members)


@task()
def send_reacknowledgement_notices(page_id, member_ids):
    """After a substantive change: ask those who acknowledged before to read it again."""
    page = PartyDocumentPage.objects.get(pk=page_id)
    members = readers(page, User.objects.filter(pk__in=member_ids).exclude(email=""))
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
def send_secretary_digest(secretary_id, pending):
    """A chi bộ secretary's digest of [(member id, document id), ...] still to acknowledge,
    naming only the documents the secretary may read."""
    secretary = User.objects.get(pk=secretary_id)
    pages = PartyDocumentPage.objects.in_bulk({page_id for _member_id, page_id in pending})
    members = User.objects.in_bulk({member_id for member_id, _page_id in pending})
    readable = {pk for pk, page in pages.items() if readers(page, [secretary])}
    rows = [
        (
            members[member_id].get_full_name(),
            pages[page_id].title,
            pages[page_id].acknowledgement_deadline.strftime("%d/%m/%Y"),
            emails.document_url(pages[page_id]),
        )
        for member_id, page_id in pending
        if page_id in readable and member_id in members
    ]
    if not rows:
        return 0
    context = {"rows": rows, "site_url": settings.PUBLIC_SITE_URL}
    return send_mass_mail(_messages("secretary_digest", [secretary], context))

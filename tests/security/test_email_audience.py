"""Every e-mail names only what its recipient may read at the time of sending
(portal.audience.readers): reminders, the chi bộ secretary's digest, notices of a change."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from resolutions.acknowledgements.services import acknowledge, revision_fingerprint
from tests import factories

pytestmark = pytest.mark.django_db

SOON = timezone.localdate() + datetime.timedelta(days=1)


def due(audience, title):
    return factories.document(
        audience=audience,
        title=title,
        requires_acknowledgement=True,
        acknowledgement_deadline=SOON,
    )


def test_the_secretarys_digest_names_only_what_the_secretary_may_read(
    django_capture_on_commit_callbacks,
):
    cell = factories.PartyCellFactory(name="Chi bộ Khoa Kinh tế")
    secretary = factories.UserFactory(party_cell=cell, full_name="Bí Thư Chi Bộ")
    cell.secretary = secretary
    cell.save()
    committee = factories.committee_group()
    on_committee = factories.UserFactory(party_cell=cell, full_name="Ủy Viên Ban Chấp Hành")
    on_committee.groups.add(committee)
    due(cell.group, "Nghị quyết của chi bộ")
    due(committee, "Nghị quyết BIMATUYVIEN của Ban Chấp hành")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_ack_reminders", stdout=io.StringIO())
    digest = next(
        m for m in mail.outbox if m.to == [secretary.email] and on_committee.full_name in m.body
    )
    assert "Nghị quyết của chi bộ" in digest.body and "BIMATUYVIEN" not in digest.body
    committee_mail = [m for m in mail.outbox if "BIMATUYVIEN" in m.subject + m.body]
    assert [m.to for m in committee_mail] == [[on_committee.email]]


def test_a_narrowed_document_is_not_named_to_its_former_readers(
    django_capture_on_commit_callbacks,
):
    cell = factories.PartyCellFactory()
    stays = factories.UserFactory(party_cell=cell)
    leaves = factories.UserFactory(party_cell=factories.PartyCellFactory())
    page = due("members", "Nghị quyết về công tác cán bộ")
    for member in (stays, leaves):
        acknowledge(
            page,
            member,
            revision_id=str(page.live_revision_id),
            fingerprint=revision_fingerprint(page.live_revision),
        )
    restriction = PageViewRestriction.objects.get(page=page)
    restriction.restriction_type = PageViewRestriction.GROUPS
    restriction.save()
    restriction.groups.set([cell.group])
    page.title = "Nghị quyết BIMATMOI về công tác cán bộ"
    page.substantive_change = True
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert [m.to for m in mail.outbox] == [[stays.email]]

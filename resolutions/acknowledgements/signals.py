from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from portal.caching import versions
from resolutions.acknowledgements.notifications import (
    send_new_document_notices,
    send_reacknowledgement_notices,
)
from resolutions.acknowledgements.services import open_round_if_needed, stored_fingerprint
from resolutions.models import Acknowledgement, PartyDocumentPage


@receiver(page_published, sender=PartyDocumentPage)
def document_published(sender, instance, revision, **kwargs):
    """Store the fingerprint of the published text; open an acknowledgement round when
    needed; after a substantive change, tell those who had acknowledged the previous version
    (once the publish has committed)."""
    stored_fingerprint(revision.pk, instance.plain_text)  # the page built from the revision
    opened = open_round_if_needed(instance, revision)
    if not opened:
        return
    if opened[1] is None:
        transaction.on_commit(lambda: send_new_document_notices.enqueue(instance.pk))
        return
    member_ids = list(
        Acknowledgement.objects.filter(round=opened[1]).values_list("member_id", flat=True)
    )
    if member_ids:
        transaction.on_commit(
            lambda: send_reacknowledgement_notices.enqueue(instance.pk, member_ids)
        )


@receiver(post_save, sender=Acknowledgement, dispatch_uid="readings_acknowledged")
@receiver(post_delete, sender=Acknowledgement, dispatch_uid="readings_unacknowledged")
def acknowledgement_changed(sender, instance, **kwargs):
    """The editors' tallies of the page go stale (progress.per_cell), and the member's own
    acknowledgements kept for their pages (services._current_acknowledgements)."""
    versions.bump(versions.readings(instance.page_id), versions.member(instance.member_id))

from django.core.management.base import BaseCommand, CommandError

from resolutions.acknowledgements.services import revision_text, text_fingerprint
from resolutions.models import Acknowledgement


class Command(BaseCommand):
    help = (
        "Recompute each acknowledgement's SHA-256 fingerprint from the stored revision and "
        "report every record that does not match. Exits with status 1 when any does not."
    )

    def add_arguments(self, parser):
        parser.add_argument("--document", type=int, help="Only this document (page ID).")

    def handle(self, *args, document=None, **options):
        records = Acknowledgement.objects.select_related("revision", "member").order_by("pk")
        if document is not None:
            records = records.filter(page_id=document)
        fingerprints = {}
        checked = mismatched = 0
        for record in records.iterator(chunk_size=1000):
            if record.revision_id not in fingerprints:
                fingerprints[record.revision_id] = text_fingerprint(revision_text(record.revision))
            checked += 1
            if fingerprints[record.revision_id] != record.fingerprint:
                mismatched += 1
                self.stdout.write(
                    f"MISMATCH acknowledgement {record.pk}: document {record.page_id}, "
                    f"member {record.member.username}, revision {record.revision_id}, "
                    f"stored {record.fingerprint}, computed {fingerprints[record.revision_id]}"
                )
        self.stdout.write(f"{checked} acknowledgements checked, {mismatched} mismatched")
        if mismatched:
            raise CommandError(f"{mismatched} acknowledgement(s) do not match their revision")

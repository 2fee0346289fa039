"""Daily digest of new comments to the editors of each document (run it from cron once a day)."""

from django.core.management.base import BaseCommand

from resolutions.comments.notifications import send_digest


class Command(BaseCommand):
    help = "E-mail each editor the comments written on their documents since the last digest."

    def handle(self, *args, **options):
        editors, comments = send_digest()
        self.stdout.write(f"{comments} new comments, digest sent to {editors} editors.")

from django.core.management.base import BaseCommand

from resolutions.acknowledgements.reminders import DAYS_BEFORE_DEADLINE, remind_all


class Command(BaseCommand):
    help = (
        "E-mail every member who still has to acknowledge a document whose deadline is near or "
        "past (at most once per member, document and day) and send chi bộ secretaries a digest. "
        "Meant for cron; safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, send nothing.")
        parser.add_argument(
            "--days",
            type=int,
            default=DAYS_BEFORE_DEADLINE,
            help="Remind this many days before the deadline (default %(default)s).",
        )

    def handle(self, *args, dry_run=False, days=DAYS_BEFORE_DEADLINE, **options):
        report, digests = remind_all(days=days, dry_run=dry_run)
        verb = "would remind" if dry_run else "reminded"
        for page, count in report:
            self.stdout.write(f"{page.number or page.pk}\t{page.title}\t{verb} {count}")
        total = sum(count for _page, count in report)
        self.stdout.write(
            f"{len(report)} documents due, {total} members {verb}, {digests} secretary digests"
        )

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal.members.importing import ImportFileError, Outcome, import_members


class Command(BaseCommand):
    help = (
        "Import members from a CSV or XLSX file (columns: họ tên, email, chi bộ, chức vụ, "
        "trạng thái, điện thoại). With any row in error nothing is written, unless --accept-valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument(
            "--accept-valid",
            action="store_true",
            help="write the valid rows even if other rows have errors",
        )
        parser.add_argument(
            "--invite",
            action="store_true",
            help="e-mail each new member a link to choose their password",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        try:
            report = import_members(
                data,
                path.name,
                dry_run=options["dry_run"],
                accept_valid=options["accept_valid"],
                invite=options["invite"],
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error

        verbosity = options["verbosity"]
        for row in report.rows:
            if row.outcome == Outcome.ERROR or (verbosity > 1 and row.outcome != Outcome.UNCHANGED):
                detail = "; ".join(row.errors) or ", ".join(row.changes)
                line = f"{row.line}\t{row.outcome_label}\t{row.email}\t{row.full_name}\t{detail}"
                self.stdout.write(line.rstrip())
        counts = report.counts
        summary = ", ".join(f"{outcome.label} {counts[outcome]}" for outcome in Outcome)
        if report.written:
            self.stdout.write(self.style.SUCCESS(_("Imported: %s.") % summary))
            if report.invited:
                self.stdout.write(_("Invitations queued: %d.") % report.invited)
        elif report.dry_run:
            self.stdout.write(_("Check only, nothing written: %s.") % summary)
        elif report.has_errors:
            raise CommandError(
                _(
                    "Nothing written because some rows have errors (%s). Correct them, or use "
                    "--accept-valid to write the valid rows."
                )
                % summary
            )
        else:
            self.stdout.write(_("Nothing to change: %s.") % summary)

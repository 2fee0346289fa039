import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal.backup import BackupError, read_manifest, restore_backup
from portal.text import fold

# What the operator types to confirm, compared without diacritics and case.
CONFIRMATIONS = {"co", "dong y", "yes"}


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with the backup in SRC (made by "
        "`manage.py backup`). Asks for confirmation unless --yes-i-am-sure."
    )

    def add_arguments(self, parser):
        parser.add_argument("src", help="a folder written by `manage.py backup`")
        parser.add_argument(
            "--yes-i-am-sure",
            action="store_true",
            help="replace the current data without asking",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="never ask: refuse unless --yes-i-am-sure",
        )

    def handle(self, *args, src, yes_i_am_sure, interactive, **options):
        try:
            manifest = read_manifest(src)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if not yes_i_am_sure and not self.confirmed(manifest, interactive):
            raise CommandError(
                _(
                    "Nothing restored. Restoring replaces every record and uploaded file of "
                    "the site with those of the backup; run again with --yes-i-am-sure to do it."
                )
            )
        try:
            restore_backup(src)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Restored the backup of %(time)s from %(src)s.")
                % {"time": manifest["created_at"], "src": src}
            )
        )

    def confirmed(self, manifest, interactive):
        if not (interactive and sys.stdin.isatty()):
            return False
        answer = input(
            _(
                "Restoring replaces every record and uploaded file of the site with the backup "
                "of %(time)s. Type “có” to go on: "
            )
            % {"time": manifest["created_at"]}
        )
        return fold(answer.strip()) in CONFIRMATIONS

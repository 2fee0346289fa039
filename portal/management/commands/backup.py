from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal.backup import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Copy the database and the uploaded files into DEST, consistently, while the site runs "
        "(SQLite's online backup or pg_dump), with a manifest of row counts and SHA-256 sums."
    )

    def add_arguments(self, parser):
        parser.add_argument("dest", help="a new or empty folder")

    def handle(self, *args, dest, **options):
        try:
            manifest = make_backup(dest)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Backup written to %(dest)s: %(files)d files, %(pages)d pages, "
                    "%(acks)d acknowledgements."
                )
                % {
                    "dest": dest,
                    "files": len(manifest["files"]),
                    "pages": manifest["counts"]["wagtailcore.Page"],
                    "acks": manifest["counts"]["resolutions.Acknowledgement"],
                }
            )
        )

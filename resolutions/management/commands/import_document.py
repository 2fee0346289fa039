"""`manage.py import_document PATH [PATH ...]`: old documents (.txt, .docx) become pages.

A PATH may be a folder: every .txt and .docx file inside it is imported, in name order (links to
files outside it are not followed). Each file is imported in its own transaction; a file that
cannot be imported is reported on stderr and the others go on, and the command then ends with a
non-zero exit code.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from resolutions.importer import ImportRefused
from resolutions.importer.parser import parse
from resolutions.importer.readers import SUFFIXES, read_path
from resolutions.importer.service import Audience, import_parsed, resolve_parent


def collect_files(paths):
    """(files to import, paths that do not exist, links out of the folder they were found in).

    A folder unpacked from an old site's archive may hold links to files elsewhere on the
    server: those are not followed.
    """
    files, missing, outside = [], [], []
    for value in paths:
        path = Path(value)
        if path.is_dir():
            root = path.resolve()
            found = (
                child
                for child in path.rglob("*")
                if child.is_file()
                and child.suffix.lower() in SUFFIXES
                and not child.name.startswith((".", "~$"))
            )
            for child in sorted(found):
                (files if child.resolve().is_relative_to(root) else outside).append(child)
        elif path.is_file():
            files.append(path)
        else:
            missing.append(value)
    return files, missing, outside


class Command(BaseCommand):
    help = "Import old Party documents (.txt, .docx) as document pages."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files or folders.")
        parser.add_argument(
            "--parent", help="The library (page id, slug or path); default: the library."
        )
        parser.add_argument("--audience", help="public, members or group:NAME.")
        parser.add_argument("--publish", action="store_true", help="Publish instead of drafts.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would be created.")
        parser.add_argument("--json", action="store_true", help="One JSON object per file.")

    def handle(self, *args, **options):
        dry_run, as_json = options["dry_run"], options["json"]
        try:
            audience = Audience.parse(options["audience"])
            parent = None if dry_run else resolve_parent(options["parent"])
        except ImportRefused as error:
            raise CommandError(capfirst(str(error))) from None
        files, missing, outside = collect_files(options["paths"])
        failures = len(missing) + len(outside)
        for value in missing:
            self.stderr.write(_("“%(file)s” does not exist.") % {"file": value})
        for path in outside:
            self.stderr.write(
                _("“%(file)s” is a link to a file outside the folder: not imported.")
                % {"file": path}
            )
        for path in files:
            try:
                parsed = parse(read_path(path))
                if dry_run:
                    self._report(path, parsed, None, as_json)
                else:
                    result = import_parsed(parsed, parent, audience, options["publish"])
                    self._report(path, parsed, result, as_json)
            except ImportRefused as error:
                failures += 1
                self.stderr.write(
                    _("Could not import “%(file)s”: %(reason)s.") % {"file": path, "reason": error}
                )
        if failures:
            raise CommandError(
                _("%(failed)d of %(total)d files could not be imported.")
                % {"failed": failures, "total": len(files) + len(missing) + len(outside)}
            )

    def _report(self, path, parsed, result, as_json):
        if as_json:
            data = parsed.as_json()
            if result is not None:
                data = {
                    "file": str(path),
                    "page_id": result.page.pk,
                    "created": result.created,
                    "published": result.published,
                    **data,
                }
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        values = {"file": path, "title": parsed.title, "number": parsed.number or "—"}
        if result is None:
            message = _("“%(file)s”: %(title)s (number %(number)s) would be imported.")
        elif result.created and result.published:
            message = _("“%(file)s”: published %(title)s (number %(number)s), page %(id)d.")
        elif result.created:
            message = _("“%(file)s”: created the draft %(title)s (number %(number)s), page %(id)d.")
        else:
            message = _("“%(file)s”: updated %(title)s (number %(number)s), page %(id)d.")
        if result is not None:
            values["id"] = result.page.pk
        self.stdout.write(message % values)

"""`manage.py import_document PATH [PATH ...]`: old documents (.txt, .docx, .pdf) become pages.

A PATH may be a folder: every .txt, .docx and .pdf file inside it is imported, in name order
(links to files outside it are not followed), with a progress bar on a terminal. Files are
written a hundred to a transaction, each in its own savepoint, and each is reported on stdout
only once its transaction is committed; a file that cannot be imported is reported on stderr
and the others go on, and the command then ends with a non-zero exit code. `--report FILE.csv` or
`FILE.json` writes one row per file: its outcome, the page, the fields found and those to check.
The original of a Word or PDF file is attached to the page it becomes.
"""

import csv
import itertools
import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from portal.exports import neutralise
from resolutions.importer import ImportRefused
from resolutions.importer.document import ParsedDocument
from resolutions.importer.originals import original_of
from resolutions.importer.parser import parse
from resolutions.importer.readers import SUFFIXES, read_path
from resolutions.importer.service import Audience, import_parsed, resolve_parent
from resolutions.importer.writing import batch
from resolutions.models import PartyDocumentPage

REPORT_COLUMNS = (
    "file",
    "outcome",
    "page_id",
    "title",
    "fields_found",
    "fields_to_check",
    "audience_change",
    "reason",
)
FOUND_FIELDS = ("doc_type", "title", *ParsedDocument.EXPECTED, "superior_body", "term")


def field_label(name):
    return str(PartyDocumentPage._meta.get_field(name).verbose_name)


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


def report_row(path, parsed=None, result=None, reason=""):
    row = {"file": str(path), "outcome": "refused", "page_id": None, "title": ""}
    row.update(fields_found=[], fields_to_check=[], audience_change="", reason=str(reason))
    if parsed is not None:
        row["outcome"] = "dry-run"
        row["title"] = parsed.title
        row["fields_found"] = [name for name in FOUND_FIELDS if getattr(parsed, name)]
        row["fields_to_check"] = parsed.fields_to_check
    if result is not None:
        row.update(outcome=result.outcome, page_id=result.page.pk, reason=result.held_back)
        if result.audience_change:
            before, after = result.audience_change
            row["audience_change"] = f"{before} → {after}"
    return row


def write_report(path, rows):
    path = Path(path)
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
        return
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REPORT_COLUMNS)
        for row in rows:
            cells = (", ".join(v) if isinstance(v, list) else v for v in row.values())
            writer.writerow([neutralise("" if cell is None else str(cell)) for cell in cells])


BATCH = 100  # files written in one transaction (each in its own savepoint)
PARALLEL_FROM = 20  # fewer files are read in this process


def read_file(path):
    """The parsed document of a file, or the ImportRefused saying why it cannot be read."""
    try:
        return parse(read_path(path))
    except ImportRefused as error:
        return error


def read_all(files):
    """An iterator of (path, read_file(path)) for each file, in order. Many files are read by
    a pool of processes, one a core, while this one writes the pages of those already read."""
    if len(files) < PARALLEL_FROM:
        return ((path, read_file(path)) for path in files)
    # Forked: the workers only parse, and leave by os._exit, so the database connections they
    # inherit are neither used nor closed (closing them here would break an open transaction).
    pool = ProcessPoolExecutor(mp_context=multiprocessing.get_context("fork"))
    documents = pool.map(read_file, files, chunksize=10)
    pool.shutdown(wait=False)  # the workers end when every file is read
    return zip(files, documents, strict=True)


class Command(BaseCommand):
    help = "Import old Party documents (.txt, .docx, .pdf) as document pages."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files or folders.")
        parser.add_argument(
            "--parent", help="The library (page id, slug or path); default: the library."
        )
        parser.add_argument(
            "--audience",
            help="public, members or group:NAME. Changes an existing page's audience too.",
        )
        parser.add_argument("--publish", action="store_true", help="Publish instead of drafts.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would be created.")
        parser.add_argument("--json", action="store_true", help="One JSON object per file.")
        parser.add_argument("--report", metavar="FILE", help="Write a report (.csv or .json).")
        parser.add_argument(
            "--batch", type=int, default=BATCH, metavar="N", help="Files per transaction."
        )

    def handle(self, *args, **options):
        dry_run, report = options["dry_run"], options["report"]
        try:
            audience = Audience.parse(options["audience"])
            parent = None if dry_run else resolve_parent(options["parent"])
        except ImportRefused as error:
            raise CommandError(capfirst(str(error))) from None
        if report and Path(report).suffix.lower() not in (".csv", ".json"):
            raise CommandError(_("The report must be a .csv or .json file."))
        files, missing, outside = collect_files(options["paths"])
        failures = len(missing) + len(outside)
        for value in missing:
            self.stderr.write(_("“%(file)s” does not exist.") % {"file": value})
        for path in outside:
            self.stderr.write(
                _("“%(file)s” is a link to a file outside the folder: not imported.")
                % {"file": path}
            )
        show_progress = len(files) > 1 and (self.stderr.isatty() or options["verbosity"] >= 2)
        rows = []
        parsed_files = read_all(files)
        size = max(options["batch"], 1)
        for start in range(0, len(files), size):
            imported = []  # reported once their batch is committed, never before
            with nullcontext() if dry_run else batch():
                for done, (path, parsed) in enumerate(
                    itertools.islice(parsed_files, size), start=start + 1
                ):
                    failures += not self._import(
                        path, parsed, parent, audience, options, rows, imported
                    )
                    if show_progress:
                        self._progress(done, len(files))
            for path, parsed, result in imported:
                self._report(path, parsed, result, options["json"])
        if report:
            write_report(report, rows)
        if failures:
            raise CommandError(
                _("%(failed)d of %(total)d files could not be imported.")
                % {"failed": failures, "total": len(files) + len(missing) + len(outside)}
            )

    def _import(self, path, parsed, parent, audience, options, rows, imported):
        """Import one file read by read_all() (added to `imported` to be reported once written);
        whether it was imported."""
        try:
            if isinstance(parsed, ImportRefused):
                raise parsed
            result = None
            if not options["dry_run"]:
                result = import_parsed(
                    parsed, parent, audience, options["publish"], original=original_of(path)
                )
            imported.append((path, parsed, result))
            rows.append(report_row(path, parsed, result))
            return True
        except ImportRefused as error:
            rows.append(report_row(path, reason=error))
            self.stderr.write(
                _("Could not import “%(file)s”: %(reason)s.") % {"file": path, "reason": error}
            )
            return False

    def _progress(self, done, total, width=30):
        filled = width * done // total
        bar = "#" * filled + "." * (width - filled)
        end = "\n" if done == total else ""
        self.stderr.write(f"\r[{bar}] {done}/{total} ({100 * done // total}%)", ending=end)
        self.stderr.flush()

    def _report(self, path, parsed, result, as_json):
        if as_json:
            data = parsed.as_json()
            if result is not None:
                data = {
                    "file": str(path),
                    "page_id": result.page.pk,
                    "created": result.created,
                    "published": result.published,
                    "outcome": result.outcome,
                    "held_back": result.held_back,
                    "audience_change": [str(side) for side in result.audience_change],
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
        if result is not None and result.audience_change:
            before, after = result.audience_change
            self.stdout.write(
                _("  Who may read it changed from %(before)s to %(after)s.")
                % {"before": before, "after": after}
            )
        if result is not None and result.held_back:
            self.stdout.write(
                _("  Not published: %(reason)s; the new text was saved as a draft.")
                % {"reason": result.held_back}
            )
        if parsed.fields_to_check:
            self.stdout.write(
                _("  To check: %(fields)s.")
                % {"fields": ", ".join(field_label(name) for name in parsed.fields_to_check)}
            )

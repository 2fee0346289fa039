"""Importing 1,000 old documents from a folder and publishing them (target: under a minute),
and reading a scanned A4 page by OCR (target: under 6 s a page).

The documents are the importer's test fixtures (tests/fixtures/importer), each written many
times with another number, date and title, a tenth of them as Word files. `manage.py
import_document <folder> --publish` runs in a subprocess on a temporary SQLite database, so the
figure is what an editor would wait for; nothing is left behind. The scans are the corpus's
(tests/data/importer_corpus/scan_*.pdf, one A4 page each), read in a subprocess too.
"""

import re
import resource
from pathlib import Path

import docx

from portal.workload.bench import ROOT, manage, temporary_portal

FIXTURES = ROOT / "tests" / "fixtures" / "importer"
SCANS = sorted((ROOT / "tests" / "data" / "importer_corpus").glob("scan_*.pdf"))
OCR_TIMING = (
    "import time; from resolutions.importer.readers.ocr import ocr_pdf; "
    "data = open({path!r}, 'rb').read(); started = time.perf_counter(); ocr_pdf(data); "
    "print(time.perf_counter() - started)"
)
DOCUMENTS = 1000
# Each document a page, live and showing its latest revision, in the search index, and its
# publication logged: printed as five numbers, each of which must be DOCUMENTS.
CHECK = (
    "from django.contrib.contenttypes.models import ContentType; "
    "from django.db.models import F; "
    "from wagtail.search.models import IndexEntry; "
    "from wagtail.models import PageLogEntry; "
    "from resolutions.models import PartyDocumentPage as P; "
    "live = P.objects.filter(live=True, has_unpublished_changes=False); "
    "kind = ContentType.objects.get_for_model(P); "
    "print(P.objects.count(), live.count(), "
    "IndexEntry.objects.filter(content_type=kind).count(), "
    "live.filter(live_revision=F('latest_revision')).count(), "
    "PageLogEntry.objects.filter(action='wagtail.publish').count())"
)
NUMBER = re.compile(r"(Số\s*:?\s*)\d+")
DATE = re.compile(r"ngày(\s+)\d{1,2}(\s+)tháng")
TITLE_WORDS = ["đợt một", "đợt hai", "bổ sung", "sửa đổi", "năm học mới", "giai đoạn mới"]


def _variant(text, n):
    """The template with its own number, day and a different last word of the title."""
    text = NUMBER.sub(lambda m: f"{m[1]}{100 + n}", text, count=1)
    text = DATE.sub(lambda m: f"ngày{m[1]}{n % 28 + 1:02d}{m[2]}tháng", text, count=1)
    lines = text.split("\n")
    for index, line in enumerate(lines):  # the first line of the title after the type word
        if index and line.strip() and lines[index - 1].strip().isupper() and line[:1].islower():
            lines[index] = f"{line.rstrip()} ({TITLE_WORDS[n % len(TITLE_WORDS)]} {n})"
            break
    return "\n".join(lines)


def _write_docx(path, text):
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    document.save(path)


def generate(folder, count=DOCUMENTS):
    templates = sorted(FIXTURES.glob("*.txt"))
    for n in range(count):
        text = _variant(templates[n % len(templates)].read_text(encoding="utf-8"), n)
        if n % 10 == 9:
            _write_docx(folder / f"{n:04d}.docx", text)
        else:
            (folder / f"{n:04d}.txt").write_text(text, encoding="utf-8")


def _children_cpu():
    """CPU seconds used so far by the subprocesses that ended (and their own, the readers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(results):
    with temporary_portal("bench-documents-") as (tmp, env):
        folder = Path(tmp) / "documents"
        folder.mkdir()
        generate(folder)
        cpu_before = _children_cpu()
        seconds, _out = manage(env, "import_document", str(folder), "--publish")
        cpu = _children_cpu() - cpu_before
        _seconds, counted = manage(env, "shell", "-v", "0", "-c", CHECK)
        names = ("pages", "live", "indexed", "at_latest_revision", "publications_logged")
        found = dict(zip(names, map(int, counted.split()), strict=True))
        if set(found.values()) != {DOCUMENTS}:
            raise RuntimeError(f"expected {DOCUMENTS} published documents of each kind: {found}")
        results["import_documents_1000_published_seconds"] = round(seconds, 1)
        results["import_documents_per_second"] = round(DOCUMENTS / seconds, 1)
        # On a shared machine the wall time is also the other processes' load.
        results["import_documents_1000_published_cpu_seconds"] = round(cpu, 1)
        results["import_documents_pages_published"] = found["live"]
        pages_read = [
            float(manage(env, "shell", "-v", "0", "-c", OCR_TIMING.format(path=str(scan)))[1])
            for scan in SCANS
        ]
        results["import_ocr_seconds_per_a4_page"] = round(sum(pages_read) / len(pages_read), 2)

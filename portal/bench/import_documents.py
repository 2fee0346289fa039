"""Importing 1,000 old documents from a folder (target: under a minute).

The documents are the importer's test fixtures (tests/fixtures/importer), each written many
times with another number, date and title, a tenth of them as Word files. `manage.py
import_document <folder>` runs in a subprocess on a temporary SQLite database, so the figure is
what an editor would wait for; nothing is left behind.
"""

import re
from pathlib import Path

import docx

from portal.bench import ROOT, manage, temporary_portal

FIXTURES = ROOT / "tests" / "fixtures" / "importer"
DOCUMENTS = 1000
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


def run(results):
    with temporary_portal("bench-documents-") as (tmp, env):
        folder = Path(tmp) / "documents"
        folder.mkdir()
        generate(folder)
        seconds, out = manage(env, "import_document", str(folder))
        created = out.count("\n")
        check = (
            "from resolutions.models import PartyDocumentPage as P; "
            "print(P.objects.count(), P.objects.exclude(latest_revision=None).count())"
        )
        _seconds, counted = manage(env, "shell", "-v", "0", "-c", check)
        pages, with_revision = (int(value) for value in counted.split())
        if pages != DOCUMENTS or with_revision != DOCUMENTS:
            raise RuntimeError(f"expected {DOCUMENTS} pages, found {pages} ({with_revision})")
        results["import_documents_1000_seconds"] = round(seconds, 1)
        results["import_documents_per_second"] = round(created / seconds, 1)
        results["import_documents_pages_created"] = pages

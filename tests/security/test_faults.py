"""Faults: an import killed in the middle leaves every document whole or absent.

`manage.py import_document FOLDER --publish --audience members` runs in a subprocess on the
suite's own database (the SQLite file in WAL mode, or test_<name> on PostgreSQL), so this
process reads what it left with the ORM. The folder is the importer benchmark's (variants of
tests/fixtures/importer, a tenth of them Word files). Each try lets the import report some
documents, waits until it is seen writing the next one (it holds SQLite's write lock, or its
PostgreSQL transaction has an id), then kills it with SIGKILL after a random part of the time
a document takes. Every page found afterwards must be complete (published revision, body,
number, audience, search entry) and nothing may point at a page that is not there; an import
run again to the end then gives exactly one page per file.
"""

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.models import Page, PageLogEntry, PageViewRestriction, Revision
from wagtail.search.models import IndexEntry

from portal.workload.bench import ROOT
from portal.workload.bench.import_documents import generate
from resolutions.importer.parser import parse
from resolutions.importer.readers import read_path
from resolutions.models import PartyDocumentPage

pytestmark = pytest.mark.django_db(transaction=True)

DOCUMENTS = 20
KILL_AFTER = (1, 4, 9)  # documents reported before the kill, each try further on


def database_url():
    """The suite's database, for another process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def start_import(folder, log):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": database_url(),
        "PYTHONUNBUFFERED": "1",  # a line as soon as each document is committed (its batch)
    }
    command = ["manage.py", "import_document", str(folder), "--publish", "--audience", "members"]
    command += ["--batch", "2"]  # killed inside a transaction of several files, or between two
    return subprocess.Popen(
        [sys.executable, *command], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=log, text=True
    )


def check_whole_or_absent(expected):
    """Every document page is complete; nothing refers to a page that is not there."""
    pages = list(PartyDocumentPage.objects.select_related("live_revision"))
    numbers = [page.number for page in pages]
    assert len(numbers) == len(set(numbers)), "a document was imported twice"
    for page in pages:
        parsed = expected[page.number]
        printed = page.paper_title or page.title  # a bare "về …" title is kept as printed
        assert (printed, page.issued_on) == (parsed.title, parsed.issued_on), page.number
        assert [block.block_type for block in page.body] == [b["type"] for b in parsed.blocks]
        assert page.live and page.live_revision_id == page.latest_revision_id, page.number
        assert page.live_revision.object_id == str(page.pk)
        published = page.live_revision.as_object()
        assert (published.number, published.title) == (page.number, page.title)
        assert PageViewRestriction.objects.filter(page=page, restriction_type="login").exists()
        assert IndexEntry.objects.filter(object_id=str(page.pk)).exists(), page.number
    ids = [str(page.pk) for page in Page.objects.all()]
    page_type = ContentType.objects.get_for_model(Page)
    assert not Revision.objects.filter(base_content_type=page_type).exclude(object_id__in=ids)
    assert not PageLogEntry.objects.exclude(page_id__in=[int(pk) for pk in ids])
    assert Page.find_problems() == ([], [], [], [], [])  # the tree: paths, depths, children
    return len(pages)


@contextlib.contextmanager
def writing_probe():
    """A function telling whether another process is in the middle of a write transaction."""
    if connection.vendor == "sqlite":
        probe = sqlite3.connect(connection.settings_dict["NAME"], timeout=0, isolation_level=None)

        def writing():
            try:
                probe.execute("BEGIN IMMEDIATE")  # the importer's transactions take this lock
            except sqlite3.OperationalError:
                return True
            probe.execute("ROLLBACK")
            return False

        with contextlib.closing(probe):
            yield writing
        return

    def writing():  # a transaction gets an id at its first write
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
            )
            return cursor.fetchone()[0] > 0

    yield writing


def test_killed_imports_leave_each_document_whole_or_absent(tmp_path):
    folder = tmp_path / "van-ban"
    folder.mkdir()
    generate(folder, DOCUMENTS)
    files = sorted(folder.iterdir())
    expected = {parse(read_path(path)).number: parse(read_path(path)) for path in files}
    assert len(expected) == len(files)  # one number per file
    log_path = tmp_path / "import.log"
    found = []
    per_document = 0.1  # seconds, until measured
    with log_path.open("w") as log, writing_probe() as writing:
        for reported in KILL_AFTER:
            process = start_import(folder, log)
            times = []
            for _ in range(reported):
                assert process.stdout.readline(), log_path.read_text()
                times.append(time.monotonic())
            if len(times) > 1:
                per_document = (times[-1] - times[0]) / (len(times) - 1)
            while not writing():  # the next document's first write
                assert process.poll() is None, log_path.read_text()
                time.sleep(0.001)
            time.sleep(random.uniform(0, per_document))  # anywhere in its writes, or after
            process.send_signal(signal.SIGKILL)
            process.wait()
            process.stdout.close()
            found.append(check_whole_or_absent(expected))
            assert reported <= found[-1] < DOCUMENTS, found  # killed while importing

        process = start_import(folder, log)
        process.stdout.read()
        assert process.wait() == 0, log_path.read_text()
    assert check_whole_or_absent(expected) == DOCUMENTS
    print(f"\npages found after each kill: {found}")

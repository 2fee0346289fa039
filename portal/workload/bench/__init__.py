"""`make bench`: performance measurements, never part of `make test`.

Each module of this package with a `run(results)` function is one group of cases; `results` is a
dict the case adds its figures to. `python -m portal.workload.bench [NAME ...]` runs them (all by
default), prints a table and writes bench-results.json. Modules whose name starts with "_" are
helpers.
"""

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def manage(env, *args):
    """Run `manage.py ARGS` in a subprocess with `env`; (seconds taken, its standard output)."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return time.perf_counter() - started, result.stdout


@contextlib.contextmanager
def temporary_portal(prefix):
    """A migrated portal on a temporary SQLite database: yields (folder, environment)."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DEBUG": "0",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "EMAIL_URL": "locmem://",
            "MEDIA_ROOT": f"{tmp}/media",
        }
        manage(env, "migrate", "--noinput", "-v", "0")
        yield tmp, env

"""`make bench`: performance measurements, never part of `make test`.

Each module of this package with a `run(results)` function is one group of cases; `results` is a
dict the case adds its figures to. `python -m portal.bench [NAME ...]` runs them (all by default),
prints a table and writes bench-results.json.
"""

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


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

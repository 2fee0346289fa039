"""The site under load, as in production, at the scale of a province.

For each engine, SQLite first, then PostgreSQL with the Redis cache when both answer on this
machine, it creates a temporary database, migrates it and fills it with `generate_scale`, starts
gunicorn with the production settings (portal.settings.bench: DEBUG off, static files through
whitenoise) and measures every case with wrk from a second process, CONNECTIONS at once. Two
ceilings are measured in the same run, before and after the cases: the bare one, a Django view
with no middleware returning 20 KB (portal.workload.bench._bare, a second gunicorn alike), and the
same view behind the project's middleware. Every case is reported as a ratio to the mean bare
ceiling, the with-middleware figure beside it. A case with errors (socket errors, or answers
other than 2xx; 3xx too for a POST, answered by a redirect) misses its target, as does a case
read from the portal's cache (the anonymous mix) that rendered a page while measured: it is
warmed until a warm-up stores none, each worker having its own cache in the embedded setup.
When nginx is installed (`make nginx`), the front cache (portal/deploy/nginx/portal.conf) is
measured too: the anonymous pages through its proxy_cache against nginx serving a static file
of the same size. A separate in-process pass counts the queries of each case; worker memory is
read from /proc at the end.

`python -m portal.workload.bench http` runs it alone; BENCH_SCALE (a fraction of the full data
sizes) and BENCH_DURATION (seconds per case) make quicker runs while developing, BENCH_CASES (names
of CASES, comma-separated; the ceiling always runs) only some cases. Nothing is left behind:
the temporary directory, the PostgreSQL database and the Redis keys are removed at the end.

The stages, one module each: `cases` (the cases, their targets, the settings of a run), `plan`
(the sessions and requests of every case, built inside Django), `serving` (gunicorn, PostgreSQL,
Redis), `measuring` (wrk, nginx's front cache, the query counts) and `report` (the verdicts).
"""

import json
import os
import subprocess  # noqa: F401 - scale10 runs its helpers with http.subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

from portal.deploy import nginx
from portal.workload.bench.http.cases import (  # noqa: F401 - also the names scale10 uses
    CSRF_TOKEN,
    FULL_SIZES,
    POSTGRES,
    PREFIX,
    PYTHON,
    REDIS,
    ROOT,
    WORKERS,
    _cases,
    _settings,
    _sizes,
)
from portal.workload.bench.http.measuring import _front, _measure
from portal.workload.bench.http.report import _line, _print_report
from portal.workload.bench.http.serving import (
    _base_env,
    _free_port,
    _helper,
    _manage,
    _postgres,
    _postgres_answers,
    _redis_answers,
    _redis_clear,
    _start_gunicorn,
    _which,
    _worker_rss,
)


def run(results):
    if not _which("wrk"):
        raise SystemExit("wrk is missing: `make bench` installs it (apt-get install wrk).")
    report = {"settings": _settings(), "engines": {}}
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as tmp, ExitStack() as cleanup:
        tmp = Path(tmp)
        env = _base_env(tmp)
        started = time.perf_counter()
        _manage(env, "collectstatic", "--noinput", "-v0")
        report["collectstatic_seconds"] = round(time.perf_counter() - started, 1)
        engines = {"sqlite": {**env, "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}"}}
        if _postgres_answers() and _redis_answers():
            name, prefix = f"{PREFIX}_{os.getpid()}", f"{PREFIX}{os.getpid()}"
            _postgres(f"CREATE DATABASE {name}")
            cleanup.callback(_redis_clear, prefix)
            cleanup.callback(_postgres, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            engines["postgresql"] = {
                **env,
                "DATABASE_URL": POSTGRES + name,
                "REDIS_URL": REDIS,
                "CACHE_KEY_PREFIX": prefix,
            }
        else:
            print("PostgreSQL or Redis does not answer on 127.0.0.1: SQLite only.", flush=True)
        # The databases are filled at once, before any load run, so that no measurement shares
        # the machine with a generation.
        print(f"-- filling {' and '.join(engines)} at once", flush=True)
        with ThreadPoolExecutor(max_workers=len(engines)) as pool:
            jobs = {engine: pool.submit(_fill, tmp, engine, e) for engine, e in engines.items()}
            filled = {engine: job.result() for engine, job in jobs.items()}
        for engine_env in engines.values():
            _helper(engine_env, "settle")
        os.sync()
        for engine, engine_env in engines.items():
            print((tmp / f"fill-{engine}.log").read_text(), end="", flush=True)
            print(f"-- {engine}", flush=True)
            report["engines"][engine] = {**filled[engine], **_load(tmp, engine, engine_env)}
    results["http"] = report
    _print_report(report, results)


def _fill(tmp, engine, env, sizes=None):
    """Migrate and generate the data (`sizes`, by default the run's), then the sessions and
    requests of every case."""
    figures = {}
    with open(tmp / f"fill-{engine}.log", "w") as log:
        started = time.perf_counter()
        _manage(env, "migrate", "--noinput", "-v0", stdout=log)
        figures["migrate_seconds"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        sizes = [
            f"--{name.replace('_', '-')}={value}" for name, value in (sizes or _sizes()).items()
        ]
        _manage(env, "generate_scale", *sizes, stdout=log)
        figures["generate_scale_seconds"] = round(time.perf_counter() - started, 1)
        _helper(env, "prepare", tmp / f"plan-{engine}.json", stdout=log)
    return figures


def _load(tmp, engine, env):
    """Every case under gunicorn, then the query counts."""
    figures = {"cases": {}}
    plan = tmp / f"plan-{engine}.json"
    cases = json.loads(plan.read_text())
    port, bare_port = _free_port(), _free_port()
    bare_env = {**env, "DJANGO_SETTINGS_MODULE": "portal.workload.bench._bare"}
    bare_server = _start_gunicorn(
        bare_env, bare_port, tmp, "portal.workload.bench._bare:application"
    )
    server = _start_gunicorn(env, port, tmp)
    bare_plan = {"entries": [["GET", "/bench/ceiling/", "", ""]]}
    try:
        figures["bare"] = _measure(tmp, bare_port, "bare", bare_plan)
        print(f"   {'bare ceiling: Django without middleware':<48} {_line(figures['bare'])}")
        for case, label, _target in _cases():
            figures["cases"][case] = _measure(tmp, port, case, cases[case])
            print(f"   {label:<48} {_line(figures['cases'][case])}", flush=True)
        # The ceiling again at the end: on a shared machine it drifts during a run, and the
        # ratios are taken to the mean of both.
        figures["ceiling_after"] = _measure(tmp, port, "ceiling", cases["ceiling"])
        print(f"   {'ceiling, again after the cases':<48} {_line(figures['ceiling_after'])}")
        figures["bare_after"] = _measure(tmp, bare_port, "bare", bare_plan)
        print(f"   {'bare ceiling, again after the cases':<48} {_line(figures['bare_after'])}")
        figures["worker_rss_mb"] = _worker_rss(server.pid)
        if nginx.executable():
            figures["front"] = _front(tmp, port, cases)
        else:
            print("   nginx is not installed (`make nginx`): no front-cache figures", flush=True)
    finally:
        for process in (server, bare_server):
            process.terminate()
            process.wait(timeout=30)
    counts = tmp / f"queries-{engine}.json"
    _helper(env, "queries", plan, counts)
    for case, count in json.loads(counts.read_text()).items():
        figures["cases"][case].update(count)
    return figures

"""The site under load, as in production, at the scale of a province.

For each engine, SQLite first, then PostgreSQL with the Redis cache when both answer on this
machine, it creates a temporary database, migrates it and fills it with `generate_scale`, starts
gunicorn with the production settings (portal.settings.bench: DEBUG off, static files through
whitenoise) and measures every case with wrk from a second process, CONNECTIONS at once. Two
ceilings are measured in the same run, before and after the cases: the bare one, a Django view
with no middleware returning 20 KB (portal.workload.bench._bare, a second gunicorn alike), and the
same view behind the project's middleware. Every case is reported as a ratio to the mean bare
ceiling, the with-middleware figure beside it. A case with errors (socket errors, or answers
other than 2xx; 3xx too for a POST, answered by a redirect) misses its target. When nginx is
installed (`make nginx`), the front cache (portal/deploy/nginx/portal.conf) is measured too:
the anonymous pages through its proxy_cache against nginx serving a static file of the same
size. A separate in-process pass counts the queries of each case; worker memory is read from
/proc at the end.

`python -m portal.workload.bench http` runs it alone; BENCH_SCALE (a fraction of the full data
sizes) and BENCH_DURATION (seconds per case) make quicker runs while developing, BENCH_CASES (names
of
CASES, comma-separated; the ceiling always runs) only some cases, BENCH_PREFIX (default "bench")
the PostgreSQL database and the Redis keys. Nothing is left behind:
the temporary directory, the PostgreSQL database and the Redis keys are removed at the end.
"""

import datetime
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import quote_plus

from portal.deploy import nginx
from portal.workload.bench._page import CEILING_PAGE

ROOT = Path(__file__).resolve().parents[3]
PYTHON = sys.executable
WORKERS = 4
CONNECTIONS = 16
WRK_THREADS = 2
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
WARMUP = 5  # long enough for each worker to fill its own caches (SQLite's, for 10 searches)
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
PREFIX = os.environ.get("BENCH_PREFIX", "bench")  # names the PostgreSQL database and Redis keys
POSTGRES = "postgres://postgres@127.0.0.1:5432/"
REDIS = "redis://127.0.0.1:6379/0"
FULL_SIZES = {
    "members": 20_000,
    "cells": 200,
    "documents": 5_000,
    "news": 5_000,
    "acknowledgements": 1_000_000,
    "comments": 100_000,
    # Documents with 200 comments each (out of the comments above) for the cold member case:
    # more than the requests of one run at one connection, so that no document comes twice.
    "busy_documents": 400,
}
CSRF_TOKEN = "benchCsrfToken0123456789abcdefgh"  # 32 characters: a raw CSRF secret
READER_SESSIONS = 200
SEARCHES = [
    "nghi quyet dang bo",
    "phat trien dang vien",
    "kiem tra giam sat",
    "chuyen doi so",
    "sinh hoat chi bo",
    "cong tac can bo",
    "phong chong tham nhung",
    "tu tuong dao duc phong cach ho chi minh",
    "cai cach hanh chinh",
    "thuc hanh tiet kiem",
]
LIBRARY_TYPES = ["nghi-quyet", "ke-hoach", "bao-cao", "thong-bao", "huong-dan"]

# (case, label, target): ratio to the ceiling, p95 or median latency in milliseconds.
# Cold cases ("distinct"): each request a different address never asked before in the run, with
# one connection (the latency one member sees); a repeated address fails the case.
CASES = [
    ("ceiling", "ceiling: minimal Django view, 20 KB", {}),
    ("anonymous", "anonymous: mix of pages, from the cache", {"ratio": 0.50}),
    ("member_document", "member: document, 200 comments, warm", {"ratio": 0.10}),
    ("member_cold", "member: document, 200 comments, cold", {"median_ms": 60, "distinct": True}),
    ("library", "member: library with filters", {"ratio": 0.10}),
    ("library_cold", "member: library, cold filters", {"median_ms": 80, "distinct": True}),
    ("search", "member: search without diacritics", {"ratio": 0.05, "p95_ms": 150}),
    ("search_cold", "member: search, cold queries", {"median_ms": 80, "distinct": True}),
    (
        "acknowledge",
        "member: acknowledge (POST), 16 at once",
        {"ratio": 0.05, "errors": 0, "recorded": True},
    ),
    # The button of a reminder, in the member's own browser: the link is used up, the member
    # signed in and sent to the document (each request its own link). A log-in (three writes:
    # the link, the session, last_login), once per e-mail: a lower bar than a page view.
    ("email_link", "member: e-mail link, signed in (GET)", {"ratio": 0.02, "errors": 0}),
    # reading.js's "reached the end": at least as fast as the acknowledgement.
    (
        "reached_end",
        "member: reached the end (beacon POST)",
        {"ratio": 0.10, "errors": 0, "median_vs": "acknowledge"},
    ),
    ("progress", "editor: progress, whole-membership audience", {"median_ms": 200}),
]
RSS_LIMIT_MB = 200
LOGIN_PATH = "/accounts/login/"
SELECTED = set(filter(None, os.environ.get("BENCH_CASES", "").split(",")))


def _cases():
    """The cases of this run: all, or those of BENCH_CASES and the ceiling."""
    return [c for c in CASES if not SELECTED or c[0] in SELECTED or c[0] == "ceiling"]


ANONYMOUS_ARTICLES = 40  # news articles, and as many public documents, in the anonymous mix
FRONT_TARGET = 0.5  # anonymous pages through nginx's cache, as a ratio to its static file
WRK_SCRIPT = r"""
-- Replays the requests of a file (method, path, cookie, body separated by tabs), each thread
-- from its own offset so that no two threads send the same line, and prints JSON at the end.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  entries = {}
  for line in io.lines(args[1]) do
    local method, path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)$")
    table.insert(entries, {method, path, cookie, body})
  end
  counter = id
  step = tonumber(args[2])
  accepted = args[3] or "2"  -- the status classes that count as answered: "2", or "23"
  refused = args[4] or ""  -- a redirect whose Location holds this is a refusal (the log-in)
  unexpected = 0
  -- wrk calls request() once on the first thread to check it, before sending anything
  -- (script_verify_request): that call is no request sent.
  sent = id == 0 and -1 or 0
end

function response(status, headers, body)
  local location = headers["Location"] or headers["location"] or ""
  if not accepted:find(tostring(math.floor(status / 100)), 1, true)
     or (refused ~= "" and location:find(refused, 1, true)) then
    unexpected = unexpected + 1
  end
end

function request()
  local entry = entries[(counter % #entries) + 1]
  counter = counter + step
  sent = sent + 1
  local headers = {}
  if entry[3] ~= "" then headers["Cookie"] = entry[3] end
  local body = nil
  if entry[1] == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    body = entry[4]
  end
  return wrk.format(entry[1], entry[2], headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  local answered_wrong, sent = 0, 0
  for _, thread in ipairs(threads) do
    answered_wrong = answered_wrong + thread:get("unexpected")
    sent = sent + thread:get("sent")
  end
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "errors": %d, ' ..
    '"status_errors": %d, "sent": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    e.connect + e.read + e.write + e.timeout, answered_wrong, sent))
end
"""


# -- the run ---------------------------------------------------------------------------------


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


def _sizes():
    """The data sizes of the run: the issue's, times BENCH_SCALE."""
    return {
        name: max(int(value * SCALE), 400 if name == "comments" else 2)
        for name, value in FULL_SIZES.items()
    }


def _settings():
    return {
        "gunicorn": f"sync workers: {WORKERS}",
        "connections": CONNECTIONS,
        "duration_seconds": DURATION,
        "sizes": _sizes(),
        "cpus": os.cpu_count(),
    }


def _base_env(tmp):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "REDIS_URL", "DJANGO_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.bench",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        LOG_LEVEL="WARNING",
        TASKS_BACKEND="django_tasks_db.backend.DatabaseBackend",
        PYTHONPATH=str(ROOT),
    )
    return env


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


def _measure(tmp, port, case, plan):
    lines = tmp / f"{case}.tsv"
    lines.write_text("".join("\t".join(entry) + "\n" for entry in plan["entries"]))
    script = tmp / "replay.lua"
    script.write_text(WRK_SCRIPT)
    connections = plan.get("connections", CONNECTIONS)
    threads = min(WRK_THREADS, connections)
    get = plan["entries"][0][0] == "GET"
    # A POST is answered by a redirect to the page, as is the e-mail link (it signs in).
    accepted = plan.get("accepted", "2" if get else "23")
    wrk_args = (accepted, plan.get("refused", LOGIN_PATH))
    if plan.get("prime"):  # each address once first, as on a site that has been up a while
        for path in dict.fromkeys(entry[1] for entry in plan["entries"]):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60):
                pass
    if plan.get("warm_up", get):
        _wrk(port, script, lines, threads, connections, WARMUP, *wrk_args)
    figures = _wrk(port, script, lines, threads, connections, DURATION, *wrk_args)
    _wait_until_idle(port)
    return {
        "sent": figures["sent"],
        "addresses": len(plan["entries"]),
        "requests_per_second": round(figures["requests"] / (figures["duration_us"] / 1e6), 1),
        "median_ms": round(figures["p50_us"] / 1000, 1),
        "p95_ms": round(figures["p95_us"] / 1000, 1),
        "requests": figures["requests"],
        "errors": figures["errors"] + figures["status_errors"],
        "connections": connections,
    }


def _wrk(port, script, lines, threads, connections, seconds, accepted, refused=""):
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        f"http://127.0.0.1:{port}",
        "--",
        str(lines),
        str(threads),
        accepted,
        refused,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    return json.loads(line.removeprefix("BENCH "))


def _front(tmp, port, cases):
    """The anonymous pages, all at once, through nginx's cache in front of gunicorn, and the
    same nginx serving a static file of the ceiling's size."""
    directory, static = tmp / f"nginx-{port}", tmp / f"nginx-static-{port}"  # one per engine
    directory.mkdir()
    static.mkdir()
    (static / "page.html").write_bytes(CEILING_PAGE)
    front_port, static_port = _free_port(), _free_port()
    extra = (
        f"server {{ listen 127.0.0.1:{static_port}; root {static}; "
        "location = /healthz { return 200; } }"
    )
    anonymous = cases["anonymous"]["entries"]
    figures = {}
    with nginx.running(directory, f"127.0.0.1:{port}", front_port, os.cpu_count(), extra):
        static_plan = {"entries": [["GET", "/page.html", "", ""]]}
        figures["static"] = _measure(tmp, static_port, "front_static", static_plan)
        print(f"   {'nginx: static file, 20 KB':<48} {_line(figures['static'])}")
        figures["anonymous"] = _measure(
            tmp, front_port, "front", {"entries": anonymous, "prime": True}
        )
        print(f"   {'nginx: anonymous pages from its cache':<48} {_line(figures['anonymous'])}")
    return figures


def _wait_until_idle(port, limit=60):
    """wrk stops with requests still queued in gunicorn: let them drain, so that the next
    case does not pay for them (the health check answers fast once every worker is free)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=limit):
            pass
        if time.monotonic() - started < 0.05:
            return


def _start_gunicorn(env, port, tmp, application="portal.wsgi"):
    command = [
        PYTHON,
        "-m",
        "gunicorn",
        application,
        "--workers",
        str(WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
        "--no-control-socket",
        "--error-logfile",
        str(tmp / f"gunicorn-{application}.log"),
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise RuntimeError(f"gunicorn did not answer; see {tmp / f'gunicorn-{application}.log'}")


def _worker_rss(master):
    """Resident memory of each worker of the gunicorn `master`, in MB."""
    sizes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master):
            sizes.append(round(int(fields["VmRSS"].split()[0]) / 1024, 1))
    return sorted(sizes)


# -- helpers run inside Django, in a subprocess with the engine's environment ---------------


def _helper(env, *args, stdout=None):
    command = [PYTHON, "-m", "portal.workload.bench.http", *map(str, args)]
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=stdout, stderr=stdout)


def _manage(env, *args, stdout=None):
    command = [PYTHON, "manage.py", *args]
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=stdout, stderr=stdout)


def prepare(path):
    """Sessions for members and the editor, and the requests of every case, into `path`."""
    import django

    django.setup()
    from allauth.mfa.models import Authenticator
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core import signing
    from django.db.models import Count
    from django.utils import timezone
    from django.utils.crypto import get_random_string
    from wagtail.models import PageViewRestriction

    from news.models import NewsPage
    from portal.management.commands.generate_scale import (
        EDITOR_USERNAME,
        EMAIL_DOMAIN,
        FEATURED_COMMENTS,
    )
    from portal.models import User
    from portal.security import LAST_ACTIVITY_KEY
    from resolutions.acknowledgements import links
    from resolutions.acknowledgements.services import current_round, revision_fingerprint
    from resolutions.models import Acknowledgement, PartyDocumentPage

    featured = (
        PartyDocumentPage.objects.live()
        .filter(requires_acknowledgement=True)
        .annotate(n=Count("comments"))
        .order_by("-n", "-pk")
        .first()
    )
    round_ = current_round(featured)
    acknowledged = set(
        Acknowledgement.objects.filter(round=round_).values_list("member_id", flat=True)
    )
    members = list(
        User.objects.active_members()
        .filter(email__endswith=f"@{EMAIL_DOMAIN}")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    pending = [pk for pk in members if pk not in acknowledged]
    if len(pending) < 2:
        raise SystemExit(
            "Every member has acknowledged the document of the POST case: at this scale, ask"
            " generate_scale for fewer acknowledgements (a larger BENCH_SCALE)."
        )
    editor = User.objects.get(username=EDITOR_USERNAME)
    # The admin requires two-factor authentication (portal.security): the editor has it.
    Authenticator.objects.get_or_create(
        user=editor, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "bench"}}
    )
    auth_hash = editor.get_session_auth_hash()  # every generated account shares the password
    expires = timezone.now() + datetime.timedelta(days=1)
    store = SessionStore()

    def session(user_id):
        data = {
            SESSION_KEY: str(user_id),
            BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
            HASH_SESSION_KEY: auth_hash,
            # As the idle-timeout middleware leaves it (portal.security): the load comes more
            # than ACTIVITY_RESOLUTION later, so each session's first request writes it again,
            # then once a minute, as for a member reading.
            LAST_ACTIVITY_KEY: int(time.time()),
        }
        return Session(
            session_key=get_random_string(32), session_data=store.encode(data), expire_date=expires
        )

    readers = [session(pk) for pk in members[:READER_SESSIONS]]
    posters = [session(pk) for pk in pending]
    editor_session = session(editor.pk)
    Session.objects.bulk_create([*readers, *posters, editor_session], batch_size=2000)

    def cookie(s):
        """A logged-in browser's cookies: the session's and the CSRF cookie it got with the
        login form (without it, every page with a form would set a new one)."""
        return f"sessionid={s.session_key}; csrftoken={CSRF_TOKEN}"

    def gets(paths, sessions=(None,)):
        """GET requests going round the paths and the sessions."""
        return [
            [
                "GET",
                paths[n % len(paths)],
                cookie(s) if (s := sessions[n % len(sessions)]) else "",
                "",
            ]
            for n in range(max(len(paths), len(sessions)))
        ]

    # Documents and articles are leaves under unrestricted indexes: public when unrestricted.
    # (Wagtail's .public() builds one condition per restriction, too deep for SQLite here.)
    restricted = PageViewRestriction.objects.values("page_id")
    public = PartyDocumentPage.objects.live().exclude(pk__in=restricted)
    public = list(public.order_by("-issued_on", "-pk")[:ANONYMOUS_ARTICLES])
    articles = NewsPage.objects.live().exclude(pk__in=restricted).order_by("-published_on", "-pk")
    articles = list(articles[:ANONYMOUS_ARTICLES])
    news_index = articles[0].get_parent().specific
    anonymous = ["/", news_index.url, "/van-ban/"]
    anonymous += [news_index.url + path for path in news_index.front_cache_subpaths()[:20]]
    anonymous += [page.url for pair in zip(articles, public, strict=False) for page in pair]
    busy = PartyDocumentPage.objects.live().annotate(n=Count("comments"))
    busy = [page.url for page in busy.filter(n=FEATURED_COMMENTS).exclude(pk=featured.pk)]
    years = sorted(
        {d.year for d in PartyDocumentPage.objects.live().dates("issued_on", "year")}, reverse=True
    )[:4]
    library = [f"/van-ban/?doc_type={t}&year={y}" for t in LIBRARY_TYPES for y in years]
    revision = featured.live_revision
    body = (
        f"csrfmiddlewaretoken={CSRF_TOKEN}&revision={revision.pk}"
        f"&fingerprint={revision_fingerprint(revision)}"
    )
    post_url = f"/xac-nhan/{featured.pk}/"
    tokens = links.issue(featured, members)

    def link_entry(pk):
        """A member's own browser (it knows them) opening the link of their e-mail."""
        known = signing.dumps(pk, salt=links.DEVICE_SALT)
        path = f"/xac-nhan/thu/{tokens[pk]}/"
        return ["GET", path, f"{links.DEVICE_COOKIE}={known}; csrftoken={CSRF_TOKEN}", ""]

    beacon = f"csrfmiddlewaretoken={CSRF_TOKEN}"
    plan = {
        "ceiling": {"entries": gets(["/bench/ceiling/"])},
        "anonymous": {"entries": gets(anonymous), "prime": True},
        "member_document": {"entries": gets([featured.url], readers)},
        "member_cold": _cold(gets(busy, readers)),
        "library": {"entries": gets(library, readers)},
        "library_cold": _cold(gets(_library_addresses(), readers)),
        "search": {"entries": gets([f"/tim-kiem/?q={quote_plus(q)}" for q in SEARCHES], readers)},
        "search_cold": _cold(gets(_search_addresses(), readers)),
        # One member per request: the last one is kept for the query count.
        "acknowledge": {
            "entries": [["POST", post_url, cookie(s), body] for s in posters[:-1]],
            "probe": ["POST", post_url, cookie(posters[-1]), body],
            "round": round_.pk,
            "before": len(acknowledged),
        },
        # Single-use links: no warm-up, which would use them up.
        "email_link": {
            "entries": [link_entry(pk) for pk in members[:-1]],
            "probe": link_entry(members[-1]),
            "warm_up": False,
            "accepted": "23",
        },
        "reached_end": {
            "entries": [
                ["POST", f"/xac-nhan/{featured.pk}/da-doc-het/", cookie(s), beacon] for s in readers
            ],
        },
        # One editor at a time: the figure is the latency an editor sees.
        "progress": {
            "entries": gets([f"/admin/xac-nhan/{featured.pk}/"], [editor_session]),
            "connections": 1,
        },
    }
    Path(path).write_text(json.dumps(plan))


def _cold(entries):
    """A cold case: each address once (the first session of each), no warm-up, one connection,
    the last address kept for the query count."""
    first = {}
    for entry in entries:
        first.setdefault(entry[1], entry)
    entries = list(first.values())
    return {"entries": entries[:-1], "probe": entries[-1], "warm_up": False, "connections": 1}


def _library_addresses():
    """The library with each combination of filters that lists documents, in both orders, in a
    fixed random order: every one a listing nobody asked for yet."""
    from random import Random
    from urllib.parse import urlencode

    from resolutions.models import PartyDocumentPage

    fields = ("doc_type", "issued_on__year", "issuing_body", "status")
    combinations = PartyDocumentPage.objects.live().values_list(*fields).distinct()
    addresses = [
        "/van-ban/?"
        + urlencode(
            {"doc_type": kind, "year": year, "issuing_body": body, "status": status, "sort": sort}
        )
        for kind, year, body, status in combinations.order_by(*fields)
        for sort in ("newest", "oldest")
    ]
    Random(22).shuffle(addresses)
    return addresses


def _search_addresses():
    """Two words of each document's title, without diacritics as members type them: queries
    that find documents, each asked once."""
    from random import Random

    from portal.text import fold
    from resolutions.models import PartyDocumentPage

    queries = set()
    for n, title in enumerate(PartyDocumentPage.objects.live().values_list("title", flat=True)):
        words = fold(title).split()
        if len(words) >= 3:
            start = 1 + n % (len(words) - 2)
            queries.add(" ".join(words[start : start + 2]))
    addresses = [f"/tim-kiem/?q={quote_plus(q)}" for q in sorted(queries)]
    Random(22).shuffle(addresses)
    return addresses


def settle():
    """Write what the generation left in the write-ahead log to the database files now, so that
    no measurement shares the machine with a checkpoint (PostgreSQL's would come within minutes
    of a million-row load; SQLite's at the first writes)."""
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CHECKPOINT")
        else:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def count_queries(plan_path, out_path):
    """Queries per request of each case, from an in-process client with the same cookies."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from resolutions.models import Acknowledgement

    plan = json.loads(Path(plan_path).read_text())
    counts = {}
    if "acknowledge" in {case for case, _label, _target in _cases()}:
        # Before the probe below adds its own: the rows the load wrote, to compare with the
        # requests wrk sent.
        acknowledge = plan["acknowledge"]
        recorded = Acknowledgement.objects.filter(round_id=acknowledge["round"]).count()
        counts["acknowledge"] = {"recorded": recorded - acknowledge["before"]}
    for case, _label, _target in _cases():
        entry = plan[case].get("probe") or plan[case]["entries"][0]
        method, path, cookie, body = entry
        client = Client()
        for pair in filter(None, cookie.split("; ")):
            name, value = pair.split("=", 1)
            client.cookies[name] = value
        send = client.get if method == "GET" else client.post
        data = dict(pair.split("=", 1) for pair in body.split("&")) if body else None
        if method == "GET" and plan[case].get("warm_up", True):
            send(path)  # warm the caches, as during the load
        with CaptureQueriesContext(connection) as queries:
            response = send(path, data) if data else send(path)
        counts.setdefault(case, {}).update(queries=len(queries), status=response.status_code)
        if method == "GET" and not cookie and case != "ceiling":
            separator = "&" if "?" in path else "?"
            with CaptureQueriesContext(connection) as queries:
                client.get(f"{path}{separator}uncached={time.time_ns()}")
            counts[case]["queries_uncached"] = len(queries)
    Path(out_path).write_text(json.dumps(counts))


# -- services ---------------------------------------------------------------------------------


def _which(program):
    from shutil import which

    return which(program)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _postgres_answers():
    try:
        _postgres("SELECT 1")
    except Exception as error:  # noqa: BLE001 - any failure means: no PostgreSQL here
        print(f"PostgreSQL: {error}", flush=True)
        return False
    return True


def _postgres(sql):
    import psycopg

    url = POSTGRES.replace("postgres://", "postgresql://", 1) + "postgres"
    with psycopg.connect(url, connect_timeout=3, autocommit=True) as connection:
        connection.execute(sql)


def _redis_answers():
    import redis

    try:
        return redis.Redis.from_url(REDIS, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        print(f"Redis: {error}", flush=True)
        return False


def _redis_clear(prefix):
    import redis

    client = redis.Redis.from_url(REDIS)
    keys = list(client.scan_iter(f"{prefix}:*", count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])


# -- the report ----------------------------------------------------------------------------------


def _line(figures):
    return (
        f"{figures['requests_per_second']:>8.1f} req/s  median {figures['median_ms']:>7.1f} ms"
        f"  p95 {figures['p95_ms']:>7.1f} ms  errors {figures['errors']}"
    )


def _verdict(figures, target, cases=None):
    failures = []
    other = target.get("median_vs")
    if other in (cases or {}) and figures["median_ms"] > cases[other]["median_ms"]:
        failures.append(f"median > {other}'s")
    if "ratio" in target and figures["ratio"] < target["ratio"]:
        failures.append(f"ratio < {target['ratio']:.2f}")
    if "p95_ms" in target and figures["p95_ms"] > target["p95_ms"]:
        failures.append(f"p95 > {target['p95_ms']} ms")
    if "median_ms" in target and figures["median_ms"] > target["median_ms"]:
        failures.append(f"median > {target['median_ms']} ms")
    if figures["errors"]:
        failures.append("errors")
    if target.get("distinct") and figures["sent"] > figures["addresses"]:
        failures.append(f"{figures['sent']} requests for {figures['addresses']} addresses")
    if target.get("recorded") and figures.get("recorded") != figures["sent"]:
        failures.append(f"recorded {figures.get('recorded')} ≠ sent {figures['sent']}")
    if not target and not failures:
        return ""
    return "MISSED: " + ", ".join(failures) if failures else "met"


def _target_text(target):
    parts = []
    if "ratio" in target:
        parts.append(f"≥ {target['ratio']:.2f}")
    if "p95_ms" in target:
        parts.append(f"p95 ≤ {target['p95_ms']} ms")
    if "median_ms" in target:
        parts.append(f"median ≤ {target['median_ms']} ms")
    if "errors" in target:
        parts.append("no errors")
    if "median_vs" in target:
        parts.append(f"median ≤ {target['median_vs']}'s")
    if "distinct" in target:
        parts.append("1 connection, no repeat")
    if "recorded" in target:
        parts.append("recorded = sent")
    return ", ".join(parts)


def _print_front(front):
    static, anonymous = front["static"], front["anonymous"]
    ratio = anonymous["requests_per_second"] / static["requests_per_second"]
    front["ratio"] = round(ratio, 3)
    failures = [f"ratio < {FRONT_TARGET:.2f}"] if ratio < FRONT_TARGET else []
    failures += ["errors"] if static["errors"] or anonymous["errors"] else []
    verdict = "MISSED: " + ", ".join(failures) if failures else "met"
    print(
        f"front cache (nginx): anonymous pages {anonymous['requests_per_second']:.0f} req/s "
        f"(errors {anonymous['errors']}), static file {static['requests_per_second']:.0f} req/s "
        f"(errors {static['errors']}): ratio {ratio:.3f}, target ≥ {FRONT_TARGET:.2f}: {verdict}"
    )


def _print_report(report, results):
    settings = report["settings"]
    print(
        f"\nHTTP benchmark: gunicorn {settings['gunicorn']}, wrk {CONNECTIONS} connections, "
        f"{settings['duration_seconds']} s per case, {settings['cpus']} CPUs"
    )
    print("data: " + ", ".join(f"{k} {v:,}" for k, v in settings["sizes"].items()))
    for engine, figures in report["engines"].items():
        ceilings = [figures["cases"]["ceiling"], figures["ceiling_after"]]
        ceiling = sum(c["requests_per_second"] for c in ceilings) / len(ceilings)
        figures["ceiling_requests_per_second"] = round(ceiling, 1)
        bares = [figures["bare"], figures["bare_after"]]
        bare = sum(c["requests_per_second"] for c in bares) / len(bares)
        figures["bare_requests_per_second"] = round(bare, 1)
        print(
            f"\n{engine}: migrate {figures['migrate_seconds']} s, "
            f"generate_scale {figures['generate_scale_seconds']} s\n"
            f"bare ceiling (no middleware) {bares[0]['requests_per_second']:.0f} req/s before the"
            f" cases and {bares[1]['requests_per_second']:.0f} after: ratios to {bare:.0f}\n"
            f"ceiling with the middleware {ceilings[0]['requests_per_second']:.0f} req/s before"
            f" and {ceilings[1]['requests_per_second']:.0f} after: {ceiling:.0f}"
            f" ({ceiling / bare if bare else 0:.2f} of the bare ceiling; column 'mw')"
        )
        print(
            f"{'case':<46} {'req/s':>8} {'median':>8} {'p95':>8} {'ratio':>6} {'mw':>6} "
            f"{'queries':>8} {'errors':>6}  {'target':<24} verdict"
        )
        for case, label, target in _cases():
            row = figures["cases"][case]
            row["ratio"] = round(row["requests_per_second"] / bare, 3) if bare else 0
            row["ratio_with_middleware"] = (
                round(row["requests_per_second"] / ceiling, 3) if ceiling else 0
            )
            queries = str(row.get("queries", "?"))
            if "queries_uncached" in row:
                queries += f"/{row['queries_uncached']}"
            print(
                f"{label:<46} {row['requests_per_second']:>8.1f} {row['median_ms']:>6.1f}ms "
                f"{row['p95_ms']:>6.1f}ms {row['ratio']:>6.3f} "
                f"{row['ratio_with_middleware']:>6.3f} {queries:>8} {row['errors']:>6}  "
                f"{_target_text(target):<24} {_verdict(row, target, figures['cases'])}"
            )
        if "front" in figures:
            _print_front(figures["front"])
        rss = figures["worker_rss_mb"]
        verdict = "met" if rss and max(rss) <= RSS_LIMIT_MB else "MISSED"
        print(f"worker RSS after the run (MB): {rss}  target ≤ {RSS_LIMIT_MB} MB: {verdict}")
        if "acknowledge" in figures["cases"]:
            recorded = figures["cases"]["acknowledge"].get("recorded")
            print(
                f"acknowledgements recorded during the POST case: {recorded} "
                f"for {figures['cases']['acknowledge']['sent']} requests sent"
            )
    others = {k: v for k, v in results.items() if not isinstance(v, dict)}
    if others:
        print("\nother figures of this run (importers):")
        for key, value in others.items():
            print(f"  {key:<56} {value}")
    print("queries: as served during the load / for anonymous pages, rendered without the cache")


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    {"prepare": prepare, "settle": settle, "queries": count_queries}[command](*arguments)

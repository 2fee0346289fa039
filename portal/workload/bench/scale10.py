"""Ten times the scale, on PostgreSQL: `make bench-scale` (python -m portal.workload.bench.scale10).

Not part of `make bench` (which stays under 15 minutes): it fills two PostgreSQL databases with
`generate_scale`, one at the bench's size (1×: 20,000 members in 200 chi bộ, 5,000 documents,
1 million acknowledgements, 100,000 comments) and one at ten times it (200,000 members in 2,000
chi bộ, 20,000 documents, 10 million acknowledgements, 1 million comments; the 5,000 news items
stay), serves each under gunicorn with Redis as in production and measures, with the helpers of
portal.workload.bench.http:

- the generation of the 10× database, per table, against 30 minutes;
- the members' pages (document with 200 comments, library, search) at 1× and 10× back to back,
  case by case, so that both share the machine's load of the moment: 10× within 20 % of 1×;
- the editor's progress view of a whole-membership round (median ≤ 200 ms) and the chi bộ
  secretary's view (median ≤ 100 ms), one connection each: the latency one person sees;
- the resident memory of the 10× workers at the end (≤ 250 MB).

The databases and Redis keys are dropped at the end. BENCH_PREFIX names them (default "bench");
BENCH_DATABASES ("1=name,10=name") names databases already filled by generate_scale to measure
instead of generating them (kept at the end); BENCH_DURATION as for `make bench`. The table
gives the rows each database holds, counted.
"""

import json
import os
import re
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from portal.workload.bench import http

FACTOR = 10
SIZES = {
    1: http.FULL_SIZES,
    # The ten times: every figure but the news (as many) and the documents (20,000).
    FACTOR: {
        **{name: value * FACTOR for name, value in http.FULL_SIZES.items()},
        "news": http.FULL_SIZES["news"],
        "documents": 20_000,
    },
}
GENERATION_LIMIT_S = 30 * 60
MEMBER_CASES = ["member_document", "library", "search"]
MEMBER_MARGIN = 0.20  # 10× may be this much slower than 1×, in requests per second
LATENCY_TARGETS_MS = {"progress": 200, "secretary": 100}
RSS_LIMIT_MB = 250
PREFIX = os.environ.get("BENCH_PREFIX", "bench")
EXISTING = {
    int(factor): name
    for factor, name in (
        pair.split("=") for pair in filter(None, os.environ.get("BENCH_DATABASES", "").split(","))
    )
}
STEP = re.compile(r"^(?P<label>[^:\n]+): .* \((?P<seconds>[\d.]+) s\)$", re.M)
LABELS = {
    "member_document": "member: document, 200 comments",
    "library": "member: library with filters",
    "search": "member: search without diacritics",
    "progress": "editor: progress, whole-membership round",
    "secretary": "chi bộ secretary: own members' progress",
}


def run(results=None):
    if not http._which("wrk"):
        raise SystemExit("wrk is missing: `make bench-scale` installs it (apt-get install wrk).")
    if not (http._postgres_answers() and http._redis_answers()):
        raise SystemExit("The 10× bench needs PostgreSQL and Redis on 127.0.0.1.")
    report = {"load_before": _load_average(), "engines": {}}
    with tempfile.TemporaryDirectory(prefix="portal-scale-") as tmp, ExitStack() as cleanup:
        tmp = Path(tmp)
        base = http._base_env(tmp)
        http._manage(base, "collectstatic", "--noinput", "-v0")
        envs = {}
        for factor in SIZES:
            name = EXISTING.get(factor, f"{PREFIX}_scale{factor}_{os.getpid()}")
            if factor not in EXISTING:
                http._postgres(f"CREATE DATABASE {name}")
                cleanup.callback(http._postgres, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            prefix = f"{PREFIX}{factor}x{os.getpid()}"
            cleanup.callback(http._redis_clear, prefix)
            envs[factor] = {
                **base,
                "DATABASE_URL": http.POSTGRES + name,
                "REDIS_URL": http.REDIS,
                "CACHE_KEY_PREFIX": prefix,
            }
        for factor, env in envs.items():  # one after the other: the 10× time is its own
            print(f"-- filling {factor}×", flush=True)
            report["engines"][factor] = _fill(tmp, factor, env)
            http._helper(env, "settle")
        os.sync()
        report["load_measured"] = _load_average()
        report["cases"] = _measure_all(tmp, envs)
        report["load_after"] = _load_average()
    _print(report)
    if results is not None:
        results["scale10"] = report
    out = http.ROOT / "bench-scale-results.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"\nwritten to {out}")


def _fill(tmp, factor, env):
    """Generate (unless BENCH_DATABASES names a filled database), then the sessions and requests:
    those of `make bench` and the secretary's."""
    figures = {}
    plan = tmp / f"plan-{factor}.json"
    if factor in EXISTING:
        figures["generated"] = f"existing database {EXISTING[factor]}; "
        http._helper(env, "prepare", plan)
    else:
        figures = http._fill(tmp, f"scale{factor}", env, SIZES[factor])
        log = (tmp / f"fill-scale{factor}.log").read_text()
        figures["steps"] = {m["label"]: float(m["seconds"]) for m in STEP.finditer(log)}
        (tmp / f"plan-scale{factor}.json").rename(plan)
    _run_here(env, "extras", plan)
    figures["rows"] = json.loads(plan.read_text())["rows"]
    return figures


def _measure_all(tmp, envs):
    """Each case on 1× then on 10× at once, the queries counted in-process afterwards."""
    plans = {f: json.loads((tmp / f"plan-{f}.json").read_text()) for f in envs}
    servers, ports = {}, {}
    figures = {case: {} for case in [*MEMBER_CASES, *LATENCY_TARGETS_MS]}
    try:
        for factor, env in envs.items():
            ports[factor] = http._free_port()
            servers[factor] = http._start_gunicorn(env, ports[factor], tmp)
        for case in figures:
            for factor in envs:
                plan = plans[factor][case]
                figures[case][factor] = http._measure(tmp, ports[factor], f"{factor}-{case}", plan)
                print(f"   {factor:>2}× {LABELS[case]:<44} {http._line(figures[case][factor])}")
        figures["worker_rss_mb"] = {f: http._worker_rss(s.pid) for f, s in servers.items()}
    finally:
        for server in servers.values():
            server.terminate()
            server.wait(timeout=30)
    for factor, env in envs.items():
        counted = tmp / f"queries-{factor}.json"
        cases = ",".join(c for c in figures if c in MEMBER_CASES or c == "progress")
        http._helper({**env, "BENCH_CASES": cases}, "queries", tmp / f"plan-{factor}.json", counted)
        for case, count in json.loads(counted.read_text()).items():
            if case in figures:  # not the ceiling, which count_queries always adds
                figures[case][factor].update(count)
    return figures


def _print(report):
    cases = report["cases"]
    print(f"\nTen times the scale, PostgreSQL + Redis, gunicorn {http.WORKERS} workers")
    print(
        f"load average before / during / after: {report['load_before']} / "
        f"{report['load_measured']} / {report['load_after']}"
    )
    for factor, figures in report["engines"].items():
        steps = ", ".join(f"{k} {v:.0f} s" for k, v in figures.get("steps", {}).items())
        rows = ", ".join(f"{k} {v:,}" for k, v in figures["rows"].items())
        print(f"{factor}×: {figures.get('generated', '')}{steps}\n   rows: {rows}")
        if "generate_scale_seconds" in figures:
            seconds = figures["generate_scale_seconds"]
            verdict = "met" if seconds <= GENERATION_LIMIT_S else "MISSED"
            target = f", target ≤ {GENERATION_LIMIT_S} s: {verdict}" if factor == FACTOR else ""
            print(f"   generation {seconds:.0f} s{target}")
    print(f"\n{'case':<44} {'1× req/s · median':>20} {'10× req/s · median':>20}  verdict")
    for case in [*MEMBER_CASES, *LATENCY_TARGETS_MS]:
        one, ten = cases[case][1], cases[case][FACTOR]
        if case in MEMBER_CASES:
            ratio = ten["requests_per_second"] / one["requests_per_second"]
            ten["vs_1x"] = round(ratio, 3)
            met = ratio >= 1 - MEMBER_MARGIN and not ten["errors"]
            target = f"10×/1× {ratio:.2f}, target ≥ {1 - MEMBER_MARGIN:.2f}"
        else:
            limit = LATENCY_TARGETS_MS[case]
            met = ten["median_ms"] <= limit and not ten["errors"]
            target = f"median ≤ {limit} ms"
        print(
            f"{LABELS[case]:<44} {one['requests_per_second']:>8.1f} · {one['median_ms']:>6.1f} ms"
            f" {ten['requests_per_second']:>8.1f} · {ten['median_ms']:>6.1f} ms  {target}: "
            f"{'met' if met else 'MISSED'}"
        )
    rss = cases["worker_rss_mb"][FACTOR]
    verdict = "met" if rss and max(rss) <= RSS_LIMIT_MB else "MISSED"
    print(
        f"10× worker RSS (MB): {rss} (1×: {cases['worker_rss_mb'][1]}), "
        f"target ≤ {RSS_LIMIT_MB} MB: {verdict}"
    )


def _load_average():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _run_here(env, *args):
    http.subprocess.run(
        [http.PYTHON, "-m", "portal.workload.bench.scale10", *map(str, args)],
        cwd=http.ROOT,
        env=env,
        check=True,
    )


def extras(plan_path):
    """Add to the plan the chi bộ secretary's case, the secretary of the largest chi bộ signed
    in as a browser is (the session written by a first request, as the middleware writes it),
    and the rows of the database."""
    import django

    django.setup()
    from django.db.models import Count
    from django.test import Client

    from portal.models import PartyCell, User
    from resolutions.models import (
        Acknowledgement,
        AcknowledgementRound,
        Comment,
        PartyDocumentPage,
        ReadReceipt,
    )

    cell = (
        PartyCell.objects.filter(secretary__isnull=False)
        .annotate(n=Count("members"))
        .order_by("-n", "pk")
        .select_related("secretary")
        .first()
    )
    client = Client()
    client.force_login(cell.secretary)
    client.get("/")  # the idle-timeout middleware stamps the session
    cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={http.CSRF_TOKEN}"
    plan = json.loads(Path(plan_path).read_text())
    plan["secretary"] = {"entries": [["GET", "/xac-nhan/chi-bo/", cookie, ""]], "connections": 1}
    models = [PartyCell, User, PartyDocumentPage, AcknowledgementRound, Acknowledgement]
    models += [ReadReceipt, Comment]
    plan["rows"] = {str(model._meta.verbose_name_plural): model.objects.count() for model in models}
    Path(plan_path).write_text(json.dumps(plan))


if __name__ == "__main__":
    command, *arguments = sys.argv[1:] or ["run"]
    {"run": run, "extras": extras}[command](*arguments)

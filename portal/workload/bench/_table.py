"""`python -m portal.workload.bench table`: the README's table ("Last measured") from
bench-results.json.

One row per case of the HTTP bench, one column per engine (SQLite; PostgreSQL with Redis), each
cell with requests per second, median latency, the ratio to the bare ceiling (in bold, what the
targets read), the ratio to the ceiling behind the middleware, the queries per request and the
verdict; then the ceilings, the front cache, worker memory and the other figures of the run.
"""

import json
from pathlib import Path

from portal.workload.bench.http.cases import CASES, FRONT_TARGET, RSS_LIMIT_MB
from portal.workload.bench.http.report import _target_text, _verdict

ENGINES = {"sqlite": "sqlite", "postgresql": "postgresql + redis"}


def _number(value):
    return f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"


def _cell(row, target, cases):
    if row is None:
        return "—"
    parts = [f"{_number(row['requests_per_second'])} req/s", f"{row['median_ms']:g} ms"]
    if "p95_ms" in target:
        parts[-1] += f" (p95 {row['p95_ms']:g})"
    parts.append(f"**{row['ratio']:.3f}** (mw {row['ratio_with_middleware']:.3f})")
    if "queries" in row:
        queries = str(row["queries"])
        if "queries_uncached" in row:
            queries += f" ({row['queries_uncached']})"
        parts.append(f"{queries} q")
    if "recorded" in row:
        parts.append(f"{row['recorded']} recorded / {row['sent']} sent")
    if "from_cache" in target:
        parts.append(
            f"{row.get('misses', '?')} rendered, after {row.get('warm_ups', '?')} warm-ups"
        )
    if row["errors"]:
        parts.append(f"{row['errors']} errors")
    verdict = _verdict(row, target, cases)
    return " · ".join(parts) + (f" · {verdict}" if verdict else "")


def markdown(results):
    engines = {k: v for k, v in results["http"]["engines"].items() if k in ENGINES}
    lines = [
        "| case | target | " + " | ".join(ENGINES[e] for e in engines) + " |",
        "| --- | --- | " + " | ".join("---" for _ in engines) + " |",
    ]
    for case, label, target in CASES:
        cells = [_cell(f["cases"].get(case), target, f["cases"]) for f in engines.values()]
        if any(cell != "—" for cell in cells):
            lines.append(f"| {label} | {_target_text(target)} | " + " | ".join(cells) + " |")
    rows = {
        "bare ceiling (no middleware), req/s": lambda f: _number(f["bare_requests_per_second"]),
        "ceiling behind the middleware, req/s": lambda f: _number(f["ceiling_requests_per_second"]),
        f"front cache (nginx) / static file, ≥ {FRONT_TARGET:.2f}": _front,
        f"worker RSS, MB, ≤ {RSS_LIMIT_MB}": lambda f: ", ".join(map(str, f["worker_rss_mb"])),
        "generate_scale, s": lambda f: str(f["generate_scale_seconds"]),
    }
    for label, cell in rows.items():
        lines.append(
            f"| {label} | | " + " | ".join(_safe(cell, f) for f in engines.values()) + " |"
        )
    settings = results["http"]["settings"]
    lines.append("")
    lines.append(
        f"gunicorn {settings['gunicorn']}, wrk {settings['connections']} connections, "
        f"{settings['duration_seconds']} s per case, {settings['cpus']} CPUs; data: "
        + ", ".join(f"{k} {v:,}" for k, v in settings["sizes"].items())
    )
    lines += [f"- {key}: {value}" for key, value in results.items() if not isinstance(value, dict)]
    return "\n".join(lines)


def _front(figures):
    front = figures["front"]
    ratio = front["anonymous"]["requests_per_second"] / front["static"]["requests_per_second"]
    verdict = "met" if ratio >= FRONT_TARGET else "MISSED"
    return (
        f"{_number(front['anonymous']['requests_per_second'])} / "
        f"{_number(front['static']['requests_per_second'])} req/s · **{ratio:.3f}** · {verdict}"
    )


def _safe(cell, figures):
    try:
        return cell(figures)
    except KeyError:  # not measured in this run (no nginx, some cases only)
        return "—"


def main(path):
    print(markdown(json.loads(Path(path).read_text())))

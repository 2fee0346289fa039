"""The report of a run: each case's figures against its target."""

from portal.workload.bench.http.cases import (
    CONNECTIONS,
    FRONT_TARGET,
    RSS_LIMIT_MB,
    WARMUP,
    _cases,
)


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
    if target.get("from_cache") and figures.get("misses"):
        failures.append(f"{figures['misses']} pages rendered")
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
    if "from_cache" in target:
        parts.append("every page from the cache")
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
        anonymous = figures["cases"].get("anonymous")
        if anonymous:
            print(
                f"anonymous mix: {anonymous['misses']} pages rendered during the measure, after"
                f" {anonymous['warm_ups']} warm-up(s) of {WARMUP} s (until one stored none)"
            )
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

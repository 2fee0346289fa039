"""Measuring: wrk replaying a case's requests against a server, nginx's front cache, and the
queries of each case counted in-process."""

import json
import os
import subprocess
import time
import urllib.request
from pathlib import Path

from portal.deploy import nginx
from portal.workload.bench._page import CEILING_PAGE
from portal.workload.bench.http.cases import (
    CONNECTIONS,
    DURATION,
    LOGIN_PATH,
    MAX_WARM_UPS,
    WARMUP,
    WRK_THREADS,
    _cases,
)
from portal.workload.bench.http.report import _line
from portal.workload.bench.http.serving import _free_port, _wait_until_idle

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
  once = args[5] == "once"  -- a cold case: the thread stops when its addresses run out
  unexpected = 0
  misses = 0  -- pages the portal rendered and stored in its cache (X-Page-Cache: miss)
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
  if (headers["X-Page-Cache"] or headers["x-page-cache"]) == "miss" then misses = misses + 1 end
  if once and sent >= #entries then wrk.thread:stop() end
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
  local answered_wrong, sent, misses = 0, 0, 0
  for _, thread in ipairs(threads) do
    answered_wrong = answered_wrong + thread:get("unexpected")
    sent = sent + thread:get("sent")
    misses = misses + thread:get("misses")
  end
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "mean_us": %d, ' ..
    '"errors": %d, "status_errors": %d, "sent": %d, "misses": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency.mean, e.connect + e.read + e.write + e.timeout, answered_wrong, sent, misses))
end
"""


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
    wrk_args = (accepted, plan.get("refused", LOGIN_PATH), "once" if plan.get("once") else "")
    if plan.get("prime"):  # each address once first, as on a site that has been up a while
        for path in dict.fromkeys(entry[1] for entry in plan["entries"]):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60):
                pass
    warm_ups = 0
    # A case served from the portal's cache is measured once every worker holds every page:
    # with a cache in each worker (the embedded setup) each renders each page once.
    limit = MAX_WARM_UPS if plan.get("until_cached") else 1
    while plan.get("warm_up", get) and warm_ups < limit:
        warm_ups += 1
        if not _wrk(port, script, lines, threads, connections, WARMUP, *wrk_args)["misses"]:
            break
    figures = _wrk(port, script, lines, threads, connections, DURATION, *wrk_args)
    _wait_until_idle(port)
    seconds = figures["duration_us"] / 1e6
    if plan.get("once") and figures["sent"] >= len(plan["entries"]):
        # Stopped when the addresses ran out, while wrk's clock ran on: one connection asks
        # one request at a time, so the time it took is the sum of the latencies.
        seconds = figures["mean_us"] * figures["requests"] / 1e6
    return {
        "sent": figures["sent"],
        "addresses": len(plan["entries"]),
        "requests_per_second": round(figures["requests"] / seconds, 1),
        "median_ms": round(figures["p50_us"] / 1000, 1),
        "p95_ms": round(figures["p95_us"] / 1000, 1),
        "requests": figures["requests"],
        "errors": figures["errors"] + figures["status_errors"],
        "connections": connections,
        "warm_ups": warm_ups,
        "misses": figures["misses"],
    }


def _wrk(port, script, lines, threads, connections, seconds, accepted, refused="", once=""):
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
        once,
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

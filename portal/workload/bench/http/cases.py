"""The cases of the HTTP bench, their targets, and the settings and data sizes of a run."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
PYTHON = sys.executable
WORKERS = 4
CONNECTIONS = 16
WRK_THREADS = 2
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
WARMUP = 5  # long enough for each worker to fill its own caches (SQLite's, for 10 searches)
MAX_WARM_UPS = 6  # of WARMUP seconds, for a case measured from the cache, until no page is stored
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
POSTGRES = "postgres://postgres@127.0.0.1:5432/"
REDIS = "redis://127.0.0.1:6379/0"
PREFIX = os.environ.get("BENCH_PREFIX", "bench")  # names the database and the Redis keys
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
# one connection (the latency one member sees); the case ends early when every address was
# asked once (its rate is then the requests over the sum of their latencies), and a repeated
# address fails it.
CASES = [
    ("ceiling", "ceiling: minimal Django view, 20 KB", {}),
    ("anonymous", "anonymous: mix of pages, from the cache", {"ratio": 0.50, "from_cache": True}),
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
ANONYMOUS_ARTICLES = 40  # news articles, and as many public documents, in the anonymous mix
FRONT_TARGET = 0.5  # anonymous pages through nginx's cache, as a ratio to its static file


def _cases():
    """The cases of this run: all, or those of BENCH_CASES and the ceiling."""
    return [c for c in CASES if not SELECTED or c[0] in SELECTED or c[0] == "ceiling"]


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

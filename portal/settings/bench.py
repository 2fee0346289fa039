"""`make bench`: the production settings, on plain HTTP on the loopback.

A fixed SECRET_KEY and local ALLOWED_HOSTS so the benchmark needs no configuration, no redirect to
HTTPS (wrk speaks plain HTTP to gunicorn), and an URLconf with the ceiling view. Everything else,
DATABASE_URL and REDIS_URL included, is as in production.
"""

import os

os.environ.setdefault(
    "SECRET_KEY", "bench-only-" + "k3y-f0r-th3-l0c4l-b3nchm4rk-n3v3r-in-pr0duct10n"
)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("BENCH_LOCAL_CACHE", "1")  # the SQLite run has no Redis

from portal.settings.production import *  # noqa: E402, F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
ROOT_URLCONF = "portal.workload.bench._urls"

"""The servers of a run: gunicorn, PostgreSQL and Redis, and the helpers run inside Django in a
subprocess with an engine's environment (`python -m portal.workload.bench.http COMMAND`)."""

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from portal.workload.bench.http.cases import POSTGRES, PYTHON, REDIS, ROOT, WORKERS


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


def _helper(env, *args, stdout=None):
    command = [PYTHON, "-m", "portal.workload.bench.http", *map(str, args)]
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=stdout, stderr=stdout)


def _manage(env, *args, stdout=None):
    command = [PYTHON, "manage.py", *args]
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=stdout, stderr=stdout)


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

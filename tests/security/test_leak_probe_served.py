"""The leak probe as production runs it: gunicorn with two worker processes, the production
settings (portal.settings.bench: production on plain HTTP), the Redis cache under a key prefix of
its own and the test database, crawled over HTTP. Each worker keeps its own routes, pages and
audience sets besides Redis; a member of chi bộ A crawls first after the secrets are added, so
that both workers and Redis hold what they were shown, then the visitor and the outsider must
see exactly what they saw before (see test_leak_probe for what is compared). The server's
lists have their usual lengths (test_leak_probe cuts them short in its own process).
"""

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from django.db import connection
from django.test import Client

from tests.security.crawler import crawl
from tests.security.test_leak_probe import (
    MEMBER_SEEDS,
    REDIS_URL,
    SEEDS,
    add_secrets,
    assert_healthy,
    build_public_site,
    differences,
    leaked,
    redis_cache,
)

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parent.parent.parent
WORKERS = 2


class Served:
    """A response over HTTP, as the crawler reads a test client's."""

    streaming = False

    def __init__(self, response):
        self.status_code = response.status_code
        self.content = response.content
        self.cookies = {cookie.name: cookie.value for cookie in response.cookies}
        self._headers = response.headers

    def items(self):
        # Whether the visitors' cache answered changes with the order of the crawls, not with
        # what a visitor may learn.
        return [(k, v) for k, v in self._headers.items() if k.lower() != "x-page-cache"]

    def get(self, name, default=None):
        return self._headers.get(name, default)


class HttpClient:
    """The crawler's client for a server in other processes, with a session cookie."""

    def __init__(self, base, session_key=None):
        self.base, self.http = base, requests.Session()
        if session_key:
            self.http.cookies.set("sessionid", session_key)

    def get(self, url, data=None):
        response = self.http.get(
            self.base + url, params=data or None, allow_redirects=False, timeout=60
        )
        return Served(response)


def session_of(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(tmp_path, settings):
    """The base URL of gunicorn serving the test database under production settings."""
    # This process changes what the server shows: its cache (the versions the visitors' pages
    # are kept under) is the server's.
    delete_all = redis_cache(settings, "leak-probe-served")
    prefix = delete_all.prefix
    # The sessions made here must be readable there: one key for both processes.
    settings.SECRET_KEY = f"leak-probe-{uuid.uuid4().hex}-{uuid.uuid4().hex}"
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "portal.settings.bench",
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PUBLIC_SITE_URL": settings.PUBLIC_SITE_URL,
        "STATIC_ROOT": str(tmp_path / "static"),
        "SECRET_KEY": settings.SECRET_KEY,
    }
    manage = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(manage, cwd=ROOT, env=env, check=True, timeout=300)
    command = [sys.executable, "-m", "gunicorn", "portal.wsgi", "--workers", str(WORKERS)]
    command += ["--bind", f"127.0.0.1:{port}", "--no-control-socket"]
    command += ["--error-logfile", str(tmp_path / "gunicorn.log")]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(base + "/healthz", timeout=10)
                break
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise RuntimeError((tmp_path / "gunicorn.log").read_text()) from None
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        delete_all()


def test_served_by_several_workers_the_secrets_show_nowhere(
    served, django_capture_on_commit_callbacks
):
    site = build_public_site()
    viewers = {
        "anonymous": (HttpClient(served), SEEDS),
        "outsider": (HttpClient(served, session_of(site.outsider)), MEMBER_SEEDS),
    }
    # "Tài khoản của tôi" lists what the member opened: a first crawl opens everything they may
    # read, so that the page already lists it before the secrets are added.
    crawl(*viewers["outsider"])
    before = {name: crawl(client, seeds) for name, (client, seeds) in viewers.items()}
    add_secrets(site, django_capture_on_commit_callbacks)
    own = crawl(HttpClient(served, session_of(site.member_a)), MEMBER_SEEDS)
    assert_healthy("member of chi bộ A", own, logged_in=True, short_pages=False)
    assert any(leaked(fetched) for fetched in own.values())  # the member is shown the secrets
    for name, (client, seeds) in viewers.items():
        assert_healthy(name, before[name], logged_in=name != "anonymous", short_pages=False)
        problems = differences(before[name], crawl(client, seeds))
        assert not problems, f"{name} can tell the secrets exist:\n" + "\n".join(problems[:30])

"""Helpers for the security tests: settings as another settings module really sets them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 20 + "-production-secret-for-the-tests-" + "y" * 20,
    "ALLOWED_HOSTS": "dangbo.example.vn",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}
PRODUCTION_HOST = "dangbo.example.vn"
# A request as nginx passes it on in production.
HTTPS = {"host": PRODUCTION_HOST, "x-forwarded-proto": "https", "x-real-ip": "203.0.113.10"}
# The settings that decide headers, cookies and access; the infrastructure (database, cache,
# storage, e-mail) stays the test suite's own.
SECURITY_SETTINGS = (
    "ALLOWED_HOSTS",
    "MIDDLEWARE",
    "DEBUG",
    "CONTENT_SECURITY_POLICY",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "ADMIN_REQUIRE_2FA",
    "IDLE_TIMEOUT",
    "ALLAUTH_TRUSTED_CLIENT_IP_HEADER",
)


def settings_of(module, env=None):
    """SECURITY_SETTINGS as `module` sets them, read in a separate process."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {SECURITY_SETTINGS!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, **(env or {}), "DJANGO_SETTINGS_MODULE": module},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"] or ()) or None
    return values


@pytest.fixture(scope="session")
def production_values():
    return settings_of("portal.settings.production", PRODUCTION_ENV)


@pytest.fixture
def production(settings, production_values):
    """The test settings with production's headers, cookies, middleware and access rules."""
    for name, value in production_values.items():
        setattr(settings, name, value)
    return settings

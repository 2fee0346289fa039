"""Production: PostgreSQL, Redis, SMTP behind a reverse proxy. Refuses to start half-configured."""

from django.core.exceptions import ImproperlyConfigured

from portal.settings.base import *  # noqa: F403
from portal.settings.base import env, env_bool, env_list

DEBUG = False

SECRET_KEY = env("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("dev-only", "django-insecure")):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the hosts the site answers to.")

# Every worker must share one cache: the log-in limits count there (with a cache in each
# process an attacker gets the limit once per worker), and what one worker caches another
# must see go stale. `make bench` measures SQLite without it (BENCH_LOCAL_CACHE).
if not REDIS_URL and not env_bool("BENCH_LOCAL_CACHE", False):  # noqa: F405
    raise ImproperlyConfigured("REDIS_URL must point at the Redis every worker shares.")

# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto and X-Real-IP.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Every request comes from the proxy's address: allauth's log-in limits count the client's, or
# one client's failed attempts would lock every member out.
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # noqa: F405

LOGGING["root"]["level"] = env("LOG_LEVEL", "INFO")  # noqa: F405

"""Settings shared by every run. Each value comes from the environment, with an embedded default.

The defaults give the embedded setup (SQLite in WAL mode, local-memory cache, console e-mail);
production sets DATABASE_URL, REDIS_URL, EMAIL_URL and the rest (see .env.example).
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PORTAL_DIR = BASE_DIR / "portal"


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "home",
    "news",
    "resolutions",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "portal.members.apps.UsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # First: a visitor without a session gets a cached page before any other work
    "portal.caching.anonymous.AnonymousPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.caching.versions.RequestVersionsMiddleware",
    # Before the session and the user: the page's versions are read with theirs
    "portal.caching.routing.CachedRouteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "portal.caching.auth_backends.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.security.IdleTimeoutMiddleware",
    "portal.middleware.AdminForTheOfficeMiddleware",
    "portal.security.RequireTwoFactorForAdminMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.privacy.RedirectMiddleware",  # Wagtail's, kept from pages the visitor may not see
    "portal.middleware.NotFoundInVietnameseMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.site_context",
            ],
        },
    },
]

# Database: DATABASE_URL, default an SQLite file in the project opened in WAL mode with a busy
# timeout, so that concurrent requests wait for the write lock instead of failing. Connections
# are kept between requests (CONN_MAX_AGE seconds): opening one costs more than most queries,
# and SQLite's page cache lives with the connection.
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
DATABASES["default"]["CONN_MAX_AGE"] = int(env("CONN_MAX_AGE", "60"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            " PRAGMA foreign_keys=ON;"
        ),
    }
else:
    # A check costs a round trip per request; worth it where the database may restart or fail
    # over under running workers (otherwise one request per stale connection fails).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env("CONN_HEALTH_CHECKS", "0") == "1"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every worker: allauth's rate limits live here).
REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.caching.redis_cache.PortalRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "portal"),
        }
    }
    # Sessions read from the shared cache, written through to the database. Not with the
    # local-memory cache: a session ended in one worker would live on in another's memory.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "portal.caching.locmem.BoundedLocMemCache",
            "LOCATION": "portal",
            # The default 300 entries are too few for the page cache and the audience sets:
            # the version keys themselves would be culled. 8 MB of values per worker: the
            # anonymous mix of `make bench` holds 4.5 MB; 400 pages of ~50 KB held ~47 MB.
            "OPTIONS": {"MAX_ENTRIES": 5000, "MAX_BYTES": 8 * 2**20},
        }
    }
    SESSION_ENGINE = "portal.caching.sessions"

# E-mail: console by default; EMAIL_URL such as smtp+tls://user:password@host:587 for SMTP.
from portal.settings.email import email_settings  # noqa: E402

globals().update(email_settings(env("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Cổng thông tin Đảng bộ <no-reply@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

AUTH_USER_MODEL = "portal.User"
# Django's and allauth's, each reading the member's groups with the member
# (portal.caching.auth_backends).
AUTHENTICATION_BACKENDS = [
    "portal.caching.auth_backends.MemberBackend",
    "portal.caching.auth_backends.MemberAuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# django-allauth: log in by username or e-mail, no public sign-up (see portal.adapters).
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None  # the member chooses with "Ghi nhớ đăng nhập"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Cổng thông tin Đảng bộ] "
ACCOUNT_EMAIL_NOTIFICATIONS = True  # e.g. "your password has been changed"
# A member's address is the office's key to them (the import matches on it): not self-service.
ACCOUNT_MAX_EMAIL_ADDRESSES = 1
# Per account strict, per address generous: a chi bộ meeting logs in at once from the school's
# one NAT address, and allauth counts every attempt in flight as failed until it succeeds.
ACCOUNT_RATE_LIMITS = {
    "login": "120/m/ip",
    "login_failed": "60/5m/ip,5/5m/key",
    "reset_password": "5/5m/ip,3/5m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "http")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "portal.mfa.MFAAdapter"  # secrets encrypted in the database (and its backups)
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", "Cổng thông tin Đảng bộ")
# Accounts are made by the office, never by sign-up: an unverified address cannot be a hijack.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# Everyone with admin access must use two-factor authentication (portal.security); members may.
ADMIN_REQUIRE_2FA = env_bool("ADMIN_REQUIRE_2FA", True)
# A session without a request for this many seconds is logged out (0: never).
IDLE_TIMEOUT = int(env("IDLE_TIMEOUT", str(2 * 60 * 60)))

# Language and time: Vietnamese by default, English still available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# The project's own catalogues come first and fill what Wagtail and allauth lack in Vietnamese.
LOCALE_PATHS = [
    PORTAL_DIR / "locale",
    PORTAL_DIR / "locale_vendor" / "allauth",
    PORTAL_DIR / "locale_vendor" / "wagtail_admin",
    PORTAL_DIR / "locale_vendor" / "wagtail",
    PORTAL_DIR / "locale_vendor" / "django",
]
FORMAT_MODULE_PATH = ["portal.formats"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PORTAL_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: Wagtail's admin takes the token from the page.
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp, through portal.security): no inline scripts on the site;
# frames only for video embeds. The admin gets the two exceptions Wagtail needs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [
            SELF,
            *env_list(
                "CSP_FRAME_SRC",
                "https://www.youtube.com,https://www.youtube-nocookie.com,https://player.vimeo.com",
            ),
        ],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Wagtail
WAGTAIL_SITE_NAME = env("SITE_NAME", "Đảng bộ Trường Trung học Kinh tế - Kỹ thuật Bạc Liêu")
# By default the address `make run` serves (PORT=8080 make run: links in e-mails say 8080).
PUBLIC_SITE_URL = env("PUBLIC_SITE_URL", f"http://127.0.0.1:{env('PORT', '8000')}").rstrip("/")
WAGTAILADMIN_BASE_URL = PUBLIC_SITE_URL
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False  # ASCII URLs; see portal.slugs for Vietnamese titles
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAILIMAGES_IMAGE_MODEL = "portal.PortalImage"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "xlsx", "xls", "odt", "ods", "pptx", "txt", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAIL_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Wagtail 8's autosave is off. On the new-page form it saved the page as soon as the title was
# typed ("Đã cập nhật trang" after "Lưu bản nháp", a half-written document in the listings) and
# warned "Tự động lưu đang tạm dừng" on a form barely touched. On the edit form, the hidden fields
# of a workflow action ("Duyệt và xuất bản") count as a change: autosave posted the approval a
# second time, racing the real submit, and the loser answered 500. Pages are saved when the
# editor saves them; leaving unsaved changes asks first.
WAGTAIL_AUTOSAVE_INTERVAL = 0
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no members' e-mail hashes sent to Gravatar
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = True
WAGTAIL_PASSWORD_RESET_ENABLED = False  # password resets go through allauth's rate-limited flow
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# The front cache (nginx, portal/deploy/nginx/portal.conf) is purged through this address when
# pages change (portal/caching/front_cache.py); empty: no front cache.
WAGTAILFRONTENDCACHE = (
    {
        "nginx": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": env("FRONTEND_CACHE_PURGE_URL"),
        }
    }
    if env("FRONTEND_CACHE_PURGE_URL")
    else {}
)

# Background tasks (e-mails, reminders): run at once in the embedded setup, a database queue
# with `manage.py db_worker` in production.
TASKS = {
    "default": {"BACKEND": env("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

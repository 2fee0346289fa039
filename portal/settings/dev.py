"""Local development: DEBUG on unless told otherwise."""

from portal.settings.base import *  # noqa: F403
from portal.settings.base import env_bool

DEBUG = env_bool("DEBUG", True)
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The demo accounts look around the admin without an authenticator app (ADMIN_REQUIRE_2FA=true
# to try it).
ADMIN_REQUIRE_2FA = env_bool("ADMIN_REQUIRE_2FA", False)

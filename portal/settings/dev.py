"""Local development: DEBUG on unless told otherwise."""

from portal.settings.base import *  # noqa: F403
from portal.settings.base import env_bool

DEBUG = env_bool("DEBUG", True)
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

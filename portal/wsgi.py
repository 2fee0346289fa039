import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
application = get_wsgi_application()
# What is loaded by now lives as long as the worker: out of the collector's sight, so that its
# collections during requests go through what the requests made, not the whole of Django and
# Wagtail (tens of milliseconds each on a cold page).
gc.freeze()

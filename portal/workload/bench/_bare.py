"""The bare ceiling of `make bench`: Django with no middleware and no apps, one view returning the
ceiling's 20 KB page (portal.workload.bench._urls), under the same gunicorn. Settings, URLconf and
WSGI application in one module: DJANGO_SETTINGS_MODULE=portal.workload.bench._bare, gunicorn
portal.workload.bench._bare:application. (Modules of portal.workload.bench starting with "_" are
not benchmarks.)
"""

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

from portal.workload.bench._page import CEILING_PAGE

SECRET_KEY = "bench-bare-" + "k3y-f0r-th3-l0c4l-b3nchm4rk-n3v3r-in-pr0duct10n"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = __name__
INSTALLED_APPS = []
MIDDLEWARE = []
DATABASES = {}
USE_I18N = False


def ceiling(request):
    return HttpResponse(CEILING_PAGE)


def healthz(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/ceiling/", ceiling), path("healthz", healthz)]

application = get_wsgi_application()

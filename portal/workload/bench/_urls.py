"""The site's URLs plus /bench/ceiling/, used only by `make bench` (portal.settings.bench).

The with-middleware ceiling: a minimal view returning a fixed 20 KB page behind the project's
middleware, under the same gunicorn. The benchmark reports it beside the bare ceiling (the same
page from Django without middleware, portal.workload.bench._bare), to which every case is a ratio.
"""

from django.http import HttpResponse
from django.urls import path

from portal.urls import handler400, handler403, handler404  # noqa: F401
from portal.urls import urlpatterns as site_urlpatterns
from portal.workload.bench._page import CEILING_PAGE


def ceiling(request):
    return HttpResponse(CEILING_PAGE)


urlpatterns = [path("bench/ceiling/", ceiling, name="bench_ceiling"), *site_urlpatterns]

"""The site's URLs plus /bench/ceiling/, used only by `make bench` (portal.settings.bench).

The ceiling is the fastest page Django can serve under the same gunicorn and middleware: a
minimal view returning a fixed 20 KB page. Every other figure of the benchmark is reported as a
ratio to it, so results compare across machines.
"""

from django.http import HttpResponse
from django.urls import path

from portal.urls import handler400, handler403, handler404  # noqa: F401
from portal.urls import urlpatterns as site_urlpatterns

PAGE_BYTES = 20 * 1024
HEAD = "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>Trần</title></head><body>"
PARAGRAPH = "<p>Nghị quyết của Đảng bộ về công tác xây dựng Đảng.</p>\n".encode()
TAIL = b"</body></html>\n"
_room = PAGE_BYTES - len(HEAD.encode()) - len(TAIL)
CEILING_PAGE = (
    HEAD.encode() + PARAGRAPH * (_room // len(PARAGRAPH)) + b" " * (_room % len(PARAGRAPH)) + TAIL
)


def ceiling(request):
    return HttpResponse(CEILING_PAGE)


urlpatterns = [path("bench/ceiling/", ceiling, name="bench_ceiling"), *site_urlpatterns]

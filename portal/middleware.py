from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils import translation


class PreferredLanguageMiddleware:
    """Vietnamese for everyone unless they chose another language in "Tài khoản của tôi".

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is ignored on purpose:
    members on an English-language browser still get the portal in Vietnamese. The choice is the
    language cookie that Django's set_language view writes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def chosen_language(request):
    """The language of the request's cookie when the portal offers it, else Vietnamese."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class AdminForTheOfficeMiddleware:
    """A logged-in member without admin rights who opens any /admin/ address gets one page in
    Vietnamese saying the administration is for the office, with a way home (Wagtail would send
    them to the log-in page, which sends a logged-in member back: an endless loop). Every such
    address gets the same answer, so it tells nothing about what exists."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from portal.security import admin_prefix, has_admin_access

        if (
            request.path_info.startswith(admin_prefix())
            and request.user.is_authenticated
            and not has_admin_access(request.user)
        ):
            return render(request, "portal/admin_refused.html", status=403)
        return self.get_response(request)


class NotFoundInVietnameseMiddleware:
    """With DEBUG on (`make run`), a missing page still gets the portal's Vietnamese 404, not
    Django's English debug page: the demo is shown to people who will never read a traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return render(request, "404.html", status=404)
        return None

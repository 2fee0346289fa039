from django.conf import settings
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
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

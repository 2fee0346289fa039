from django.conf import settings


def site_context(request):
    return {"PUBLIC_SITE_URL": settings.PUBLIC_SITE_URL, "SITE_NAME": settings.WAGTAIL_SITE_NAME}

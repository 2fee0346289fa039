from django.conf import settings

from portal.caching.fragments import CSRF_PLACEHOLDER


def site_context(request):
    context = {"PUBLIC_SITE_URL": settings.PUBLIC_SITE_URL, "SITE_NAME": settings.WAGTAIL_SITE_NAME}
    if getattr(request, "rendering_shared_page", False):
        # A page shared by many readers carries none's CSRF token (portal.caching.shared_pages).
        context["csrf_token"] = CSRF_PLACEHOLDER
    return context

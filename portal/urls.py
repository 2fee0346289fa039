from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from portal import views

urlpatterns = [
    # Wagtail's own log-in form is not rate-limited: every log-in goes through allauth.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/password_reset/", RedirectView.as_view(pattern_name="account_reset_password")),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's front-end log-in knows neither the rate limits nor two-factor authentication,
    # and its forms for shared passwords (switched off) answer for any page or restriction id,
    # telling which exist: none of them is reachable.
    path("_util/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    re_path(r"^_util/", views.not_found),
    re_path(r"^documents/authenticate_with_password/", views.not_found),
    re_path(r"^documents/(\d+)/(.*)$", views.serve_document, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    # A member's address is the office's key to them (the member import matches on it):
    # allauth's pages to add, remove or confirm addresses are out of reach.
    re_path(r"^accounts/(?:email|confirm-email)/", views.not_found),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tai-khoan/", include("portal.account_urls")),
    path("tim-kiem/", views.search, name="search"),
    path("xac-nhan/", include("resolutions.acknowledgements.urls")),
    path("binh-luan/", include("resolutions.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
    re_path(r"^media/(?P<path>(?:original_images|images)/.+)$", views.public_media),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "portal.views.page_not_found"
handler403 = "portal.views.permission_denied"
handler400 = "portal.views.bad_request"

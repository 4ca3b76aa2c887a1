from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from website import views
from website.sitemap import SITEMAPS

urlpatterns = [
    # Staff sign in on the same pages as members (allauth: rate limits, second factor);
    # Wagtail's own login form is never served.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="admin_login_redirect",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("account/", include("communities.urls")),
    # Before events' calendar files, which take every other address ending in ".ics".
    path("account/", include("communities.follow_urls")),
    path("account/", include("allauth.urls")),
    path("documenten/", include(wagtaildocs_urls)),
    path("zoeken/", views.search, name="search"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("", include("events.urls")),
    path("", include("registrations.urls")),
    path("", include("newsletter.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))

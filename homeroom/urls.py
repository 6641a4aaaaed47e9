"""Every URL of the site. The authorization matrix test checks each one."""

from django.urls import include, path

from homeroom.api.router import api

urlpatterns = [
    path("", include("homeroom.web.urls")),
    path("", include("homeroom.access.urls")),
    path("", include("homeroom.people.urls")),
    path("", include("homeroom.people.history_urls")),
    path("", include("homeroom.enrollment.urls")),
    path("", include("homeroom.scheduling.urls")),
    path("", include("homeroom.notices.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
]

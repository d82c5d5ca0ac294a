"""``/api/v1/public/``: applicants and the anonymous public."""

from django.urls import include, path

urlpatterns = [
    path("", include("tongban.cases.api.public_urls")),
    path("", include("tongban.regions.api.public_urls")),
    path("", include("tongban.accounts.api.public_urls")),
    path("", include("tongban.calendars.api.public_urls")),
    path("", include("tongban.catalog.api.public_urls")),
    path("", include("tongban.appointments.api.public_urls")),
    path("", include("tongban.certificates.api.public_urls")),
    path("", include("tongban.evaluations.api.public_urls")),
    path("", include("tongban.servicedesk.api.public_urls")),
    path("", include("tongban.disclosure.api.public_urls")),
]

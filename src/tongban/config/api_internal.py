"""``/api/v1/internal/``: staff of the platform, always scoped."""

from django.urls import include, path

urlpatterns = [
    path("", include("tongban.cases.api.internal_urls")),
    path("", include("tongban.regions.api.internal_urls")),
    path("", include("tongban.accounts.api.internal_urls")),
    path("", include("tongban.calendars.api.internal_urls")),
    path("", include("tongban.catalog.api.internal_urls")),
    path("", include("tongban.appointments.api.internal_urls")),
    path("", include("tongban.sharing.api.internal_urls")),
    path("", include("tongban.payments.api.internal_urls")),
    path("", include("tongban.evaluations.api.internal_urls")),
    path("", include("tongban.servicedesk.api.internal_urls")),
    path("", include("tongban.supervision.api.internal_urls")),
]

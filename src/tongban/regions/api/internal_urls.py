"""Internal (staff) region endpoints."""

from django.urls import path

from tongban.regions.api import views

urlpatterns = [
    path("divisions/", views.InternalDivisionList.as_view(), name="division-list"),
    path("organisations/", views.OrganisationList.as_view(), name="organisation-list"),
    path(
        "organisations/<uuid:uuid>/",
        views.OrganisationDetail.as_view(),
        name="organisation-detail",
    ),
    path("halls/", views.HallList.as_view(), name="hall-list"),
    path("halls/<uuid:uuid>/", views.HallDetail.as_view(), name="hall-detail"),
    path(
        "halls/<uuid:uuid>/sessions/",
        views.HallSessions.as_view(),
        name="hall-sessions",
    ),
    path(
        "halls/<uuid:uuid>/closures/",
        views.HallClosures.as_view(),
        name="hall-closures",
    ),
    path(
        "halls/<uuid:uuid>/windows/", views.HallWindows.as_view(), name="hall-windows"
    ),
]

"""Public region endpoints."""

from django.urls import path

from tongban.regions.api import views

urlpatterns = [
    path("divisions/", views.PublicDivisionList.as_view(), name="public-division-list"),
    path(
        "divisions/<str:code>/",
        views.PublicDivisionDetail.as_view(),
        name="public-division-detail",
    ),
    path("halls/", views.PublicHallList.as_view(), name="public-hall-list"),
    path(
        "halls/<uuid:uuid>/",
        views.PublicHallDetail.as_view(),
        name="public-hall-detail",
    ),
]

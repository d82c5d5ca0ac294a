"""Workbench pages of the regions app."""

from django.urls import path

from tongban.regions import views, workbench

app_name = "regions"

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("halls/", workbench.hall_list, name="hall-list"),
    path("halls/new/", workbench.hall_new, name="hall-new"),
    path("halls/<uuid:uuid>/", workbench.hall_detail, name="hall-detail"),
    path("halls/<uuid:uuid>/sessions", workbench.hall_sessions, name="hall-sessions"),
    path("halls/<uuid:uuid>/closures", workbench.hall_closure, name="hall-closure"),
    path("halls/<uuid:uuid>/windows", workbench.hall_window, name="hall-window"),
    path("halls/<uuid:uuid>/duty", workbench.hall_duty, name="hall-duty"),
]

"""Workbench pages of the regions app."""

from django.urls import path

from tongban.regions import views

app_name = "regions"

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation-list"),
]

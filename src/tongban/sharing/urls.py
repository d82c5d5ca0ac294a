"""Pages of data sharing."""

from django.urls import path

from tongban.sharing import views

app_name = "sharing"

urlpatterns = [
    path("me/data-access/", views.my_data_accesses, name="my-data-accesses"),
    path("workbench/sharing/access-log/", views.access_log, name="access-log"),
]

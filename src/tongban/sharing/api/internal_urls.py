"""Internal (staff) data-sharing endpoints."""

from django.urls import path

from tongban.sharing.api import views

urlpatterns = [
    path(
        "sharing/access-log/",
        views.AccessLogList.as_view(),
        name="sharing-access-log",
    ),
]

"""Internal (staff) calendar endpoints."""

from django.urls import path

from tongban.calendars.api import views

urlpatterns = [
    path("calendars/notices/", views.NoticeList.as_view(), name="calendar-notice-list"),
]

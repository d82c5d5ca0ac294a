"""Public calendar endpoints (no login): deadlines and a year's days per division."""

from django.urls import re_path

from tongban.calendars.api import views

CODE = r"(?P<code>national|[0-9]{6}|[0-9]{9}|[0-9]{12})"

urlpatterns = [
    re_path(
        rf"^calendars/{CODE}/deadline/?$",
        views.PublicDeadline.as_view(),
        name="public-calendar-deadline",
    ),
    re_path(
        rf"^calendars/{CODE}/days/?$",
        views.PublicYearDays.as_view(),
        name="public-calendar-days",
    ),
]

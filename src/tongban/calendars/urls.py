"""Public calendar pages."""

from django.urls import re_path

from tongban.calendars import views

app_name = "calendars"

urlpatterns = [
    re_path(
        r"^(?P<code>national|[0-9]{6}|[0-9]{9}|[0-9]{12})/(?P<year>[0-9]{4})/$",
        views.year_page,
        name="year",
    ),
]

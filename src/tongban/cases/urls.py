"""Case pages."""

from django.urls import path

from tongban.cases import views

app_name = "cases"

urlpatterns = [
    path("notices/verify/<str:code>/", views.notice_verify, name="notice-verify"),
]

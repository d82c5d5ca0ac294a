"""Public (applicant) account endpoints."""

from django.urls import path

from tongban.accounts.api import views

urlpatterns = [
    path("me/", views.MyApplicantProfile.as_view(), name="public-me"),
]

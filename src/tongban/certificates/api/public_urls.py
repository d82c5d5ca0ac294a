"""Public certificate endpoints."""

from django.urls import path

from .views import Verify

urlpatterns = [
    path("certificates/verify", Verify.as_view(), name="public-certificate-verify"),
]

"""Public disclosure endpoints."""

from django.urls import path

from tongban.disclosure.api import views

urlpatterns = [
    path("disclosure/figures", views.Figures.as_view(), name="disclosure-figures"),
    path("disclosure/results", views.Results.as_view(), name="disclosure-results"),
]

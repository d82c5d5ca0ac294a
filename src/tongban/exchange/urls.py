"""Workbench pages of the exchange app (under ``/workbench/integrations/``)."""

from django.urls import path

from tongban.exchange import views

app_name = "exchange"
urlpatterns = [
    path("webhooks/", views.subscription_list, name="webhooks"),
    path("webhooks/<uuid:uuid>/pause", views.subscription_pause, name="webhook-pause"),
    path(
        "webhooks/<uuid:uuid>/deliveries",
        views.delivery_log,
        name="webhook-deliveries",
    ),
    path(
        "webhooks/<uuid:uuid>/deliveries/<uuid:delivery>/replay",
        views.delivery_replay,
        name="webhook-replay",
    ),
]

"""URLs of the exchange API (included by config.api_exchange): data-set batches, webhooks."""

from django.urls import path

from tongban.exchange.api import datasets, webhooks

urlpatterns = [
    path("datasets", datasets.Datasets.as_view(), name="exchange-datasets"),
    path(
        "datasets/<str:code>/batches",
        datasets.DatasetBatches.as_view(),
        name="exchange-dataset-batches",
    ),
    path("batches/<str:number>", datasets.BatchDetail.as_view(), name="exchange-batch"),
    path("webhooks/event-types", webhooks.EventTypes.as_view(), name="webhook-types"),
    path(
        "webhooks/subscriptions",
        webhooks.Subscriptions.as_view(),
        name="webhook-subscriptions",
    ),
    path(
        "webhooks/subscriptions/<uuid:uuid>",
        webhooks.SubscriptionDetail.as_view(),
        name="webhook-subscription",
    ),
    path(
        "webhooks/deliveries", webhooks.Deliveries.as_view(), name="webhook-deliveries"
    ),
    path(
        "webhooks/deliveries/<uuid:uuid>/replay",
        webhooks.DeliveryReplay.as_view(),
        name="webhook-replay",
    ),
]

"""Internal supervision endpoints."""

from django.urls import path

from tongban.supervision.api import views

urlpatterns = [
    path("supervision/warnings", views.Warnings.as_view(), name="supervision-warnings"),
    path("supervision/metrics", views.Metrics.as_view(), name="supervision-metrics"),
    path("supervision/orders", views.Orders.as_view(), name="supervision-orders"),
    path(
        "supervision/baselines", views.Baselines.as_view(), name="supervision-baselines"
    ),
    path(
        "supervision/orders/<uuid:uuid>",
        views.OrderDetail.as_view(),
        name="supervision-order",
    ),
    *(
        path(
            f"supervision/orders/<uuid:uuid>/{declared.slug}",
            views.order_action_view(declared).as_view(),
            name=f"supervision-order-{declared.slug}",
        )
        for declared in views.PEOPLE_ACTIONS
    ),
]

"""Payment URLs: the platform's notification endpoint and the counter page of a case's
fees (by case number)."""

from django.urls import path

from tongban.payments import views

app_name = "payments"

urlpatterns = [
    path("payments/notify/", views.notify, name="notify"),
    path("workbench/payments/<str:reference>/", views.counter, name="counter"),
    path(
        "workbench/payments/<str:reference>/reverse/<str:number>/",
        views.counter_reverse,
        name="counter-reverse",
    ),
]

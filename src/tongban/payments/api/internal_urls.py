"""Internal (staff) payment endpoints of a case, by case number."""

from django.urls import path

from tongban.payments.api import views

urlpatterns = [
    path(
        "payments/<str:reference>/",
        views.CasePayments.as_view(),
        name="payments-case",
    ),
    path(
        "payments/<str:reference>/counter",
        views.CounterPayment.as_view(),
        name="payments-counter",
    ),
    path(
        "payments/<str:reference>/records/<str:number>/reverse",
        views.CounterReverse.as_view(),
        name="payments-counter-reverse",
    ),
]

"""Payment URLs: the platform's notification endpoint."""

from django.urls import path

from tongban.payments import views

app_name = "payments"

urlpatterns = [path("payments/notify/", views.notify, name="notify")]

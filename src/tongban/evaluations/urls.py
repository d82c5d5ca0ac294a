"""Evaluation pages."""

from django.urls import path

from tongban.evaluations import views

app_name = "evaluations"

urlpatterns = [
    path("me/evaluations/", views.my_evaluations, name="mine"),
    path(
        "me/cases/<uuid:uuid>/evaluate/<str:stage>/",
        views.evaluate_case,
        name="evaluate-case",
    ),
    path("me/evaluations/<uuid:uuid>/again/", views.follow_up, name="follow-up"),
    path("evaluations/visit/<str:token>/", views.visit, name="visit"),
    path("evaluations/receipt/<str:token>/", views.receipt, name="receipt"),
    path(
        "workbench/evaluations/receipt/<uuid:uuid>/qr.svg",
        views.receipt_qr,
        name="receipt-qr",
    ),
    path("evaluations/results/", views.results, name="results"),
    path("workbench/evaluations/invite/", views.invite, name="invite"),
    path("workbench/evaluations/tickets/", views.tickets, name="tickets"),
    path("workbench/evaluations/tickets/<uuid:uuid>/", views.ticket, name="ticket"),
    path("workbench/evaluations/statistics/", views.statistics, name="statistics"),
]

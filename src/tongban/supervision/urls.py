"""Supervision workbench pages."""

from django.urls import path

from tongban.supervision.views import baselines, orders, pages

app_name = "supervision"

urlpatterns = [
    path("", pages.dashboard_page, name="dashboard"),
    path("drill/<slug:metric>/", pages.drill, name="drill"),
    path("warnings/", pages.warnings_page, name="warnings"),
    path("cards/", pages.cards_page, name="cards"),
    path("baselines/", baselines.baselines_page, name="baselines"),
    path("export.<slug:fmt>", pages.export, name="export"),
    path("report.pdf", pages.report_pdf, name="report"),
    path("orders/", orders.order_list, name="orders"),
    path("orders/new", orders.order_issue, name="order-issue"),
    path("orders/<uuid:uuid>/", orders.order_detail, name="order"),
    path("orders/<uuid:uuid>/<slug:slug>", orders.order_act, name="order-act"),
]

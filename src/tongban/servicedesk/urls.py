"""Service-desk pages: public (channels, filing, the requester's ticket) and workbench."""

from django.urls import path

from tongban.servicedesk import views

app_name = "servicedesk"

urlpatterns = [
    path("servicedesk/", views.channels, name="channels"),
    path("servicedesk/new/", views.file, name="file"),
    path("servicedesk/suggest/", views.suggest, name="suggest"),
    path("servicedesk/t/<uuid:uuid>/", views.ticket, name="ticket"),
    path("workbench/servicedesk/", views.queue, name="queue"),
    path("workbench/servicedesk/intake/", views.intake, name="intake"),
    path(
        "workbench/servicedesk/<uuid:uuid>/",
        views.workbench_ticket,
        name="workbench-ticket",
    ),
    path(
        "workbench/servicedesk/<uuid:uuid>/to-knowledge/",
        views.workbench_to_knowledge,
        name="to-knowledge",
    ),
    path(
        "workbench/servicedesk/<uuid:uuid>/<slug:slug>/",
        views.workbench_action,
        name="workbench-action",
    ),
]

"""Staff endpoints of the service desk: the queue, intake, one endpoint per action."""

from django.urls import path

from tongban.servicedesk.api import views

urlpatterns = [
    path("servicedesk/tickets/", views.StaffTickets.as_view(), name="internal-tickets"),
    path(
        "servicedesk/tickets/<uuid:uuid>/",
        views.StaffTicket.as_view(),
        name="internal-ticket",
    ),
    *[
        path(
            f"servicedesk/tickets/<uuid:uuid>/{name}",
            views.action_view(name),
            name=f"internal-ticket-{name}",
        )
        for name in views.ACTIONS
    ],
    path(
        "servicedesk/knowledge/",
        views.KnowledgeEntries.as_view(),
        name="internal-knowledge",
    ),
    *[
        path(
            f"servicedesk/knowledge/<uuid:uuid>/{step}",
            views.knowledge_step_view(step),
            name=f"internal-knowledge-{step}",
        )
        for step in ("submit", "publish")
    ],
]

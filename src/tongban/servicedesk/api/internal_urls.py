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
            f"servicedesk/tickets/<uuid:uuid>/{declared.slug}",
            views.action_view(declared),
            name=f"internal-ticket-{declared.slug}",
        )
        for declared in views.staff_actions()
    ],
    path(
        "servicedesk/tickets/<uuid:uuid>/to-knowledge",
        views.TicketToKnowledge.as_view(),
        name="internal-ticket-to-knowledge",
    ),
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

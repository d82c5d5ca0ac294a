"""Requester endpoints of the service desk."""

from django.urls import path

from tongban.servicedesk.api import views

urlpatterns = [
    path(
        "servicedesk/phone-code",
        views.PhoneCode.as_view(),
        name="public-ticket-phone-code",
    ),
    path("servicedesk/tickets/", views.PublicTickets.as_view(), name="public-tickets"),
    path(
        "servicedesk/tickets/<uuid:uuid>/",
        views.PublicTicket.as_view(),
        name="public-ticket",
    ),
    *[
        path(
            f"servicedesk/tickets/<uuid:uuid>/{declared.slug}",
            views.requester_action_view(declared),
            name=f"public-ticket-{declared.slug}",
        )
        for declared in views.requester_actions()
    ],
    path(
        "servicedesk/knowledge/",
        views.KnowledgeSearch.as_view(),
        name="public-knowledge-search",
    ),
]

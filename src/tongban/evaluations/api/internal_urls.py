"""Evaluation endpoints for staff: invitations, rectification tickets, statistics."""

from django.urls import path

from tongban.evaluations.api import views

urlpatterns = [
    path(
        "windows/<int:window>/evaluation-invitations",
        views.WindowInvitation.as_view(),
        name="internal-window-invitation",
    ),
    path("rectifications/", views.Tickets.as_view(), name="internal-rectifications"),
    path(
        "rectifications/<uuid:uuid>/",
        views.Ticket.as_view(),
        name="internal-rectification",
    ),
    *(
        path(
            f"rectifications/<uuid:uuid>/{slug}",
            view,
            name=f"internal-rectification-{slug}",
        )
        for slug, view in views.ACTION_VIEWS.items()
    ),
    path(
        "evaluations/statistics",
        views.InternalStatistics.as_view(),
        name="internal-evaluation-statistics",
    ),
]

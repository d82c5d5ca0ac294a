from django.urls import path

from tongban.appointments.api import views

urlpatterns = [
    path(
        "windows/<int:window_id>/call-next",
        views.CallNext.as_view(),
        name="window-call-next",
    ),
    *(
        path(
            f"queue-tickets/<uuid:uuid>/{declared.slug}",
            views.action_view(declared).as_view(),
            name=f"queue-ticket-{declared.slug}",
        )
        for declared in views.STAFF_ACTIONS
    ),
]

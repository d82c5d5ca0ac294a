from django.urls import path

from tongban.appointments.api import views

urlpatterns = [
    path(
        "halls/<uuid:uuid>/window-groups/",
        views.Groups.as_view(),
        name="hall-window-groups",
    ),
    path(
        "halls/<uuid:uuid>/window-groups/<str:code>/slots",
        views.Slots.as_view(),
        name="hall-slots",
    ),
    path("halls/<uuid:uuid>/tickets", views.Tickets.as_view(), name="hall-tickets"),
    path("tickets/<uuid:uuid>/", views.TicketDetail.as_view(), name="ticket-detail"),
    path("appointments/", views.MyAppointments.as_view(), name="appointments"),
    path(
        "appointments/<uuid:uuid>/cancel",
        views.AppointmentCancel.as_view(),
        name="appointment-cancel",
    ),
    path(
        "appointments/<uuid:uuid>/change",
        views.AppointmentChange.as_view(),
        name="appointment-change",
    ),
]

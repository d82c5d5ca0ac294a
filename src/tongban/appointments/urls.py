"""Pages of appointments and queues: public and applicant pages, and the workbench desk."""

from django.urls import path

from tongban.appointments import views

app_name = "appointments"

urlpatterns = [
    path("halls/<uuid:uuid>/book/", views.hall_book, name="book"),
    path("halls/<uuid:uuid>/take-number/", views.kiosk, name="kiosk"),
    path("halls/<uuid:uuid>/display/", views.display, name="display"),
    path("queue/<uuid:uuid>/", views.ticket_page, name="ticket"),
    path("my/appointments/", views.my_appointments, name="mine"),
    path(
        "my/appointments/<uuid:uuid>/change/",
        views.appointment_change,
        name="change",
    ),
    path(
        "my/appointments/<uuid:uuid>/cancel",
        views.appointment_cancel,
        name="cancel",
    ),
    path("workbench/queue/", views.desk, name="desk"),
    path("workbench/appointments/phone/", views.phone_booking, name="phone-booking"),
    path("workbench/queue/<int:window_id>/", views.window_desk, name="window-desk"),
    path(
        "workbench/halls/<uuid:uuid>/queue-statistics/",
        views.statistics,
        name="statistics",
    ),
]

"""SMS texts of appointments, registered with the notification templates at start-up."""

from django.utils.translation import gettext_lazy as _

from tongban.notifications.templates import Template, register

_SUBJECT = _("Your appointment {reference}")

register(
    {
        "appointment_booked": Template(
            _SUBJECT,
            _(
                "Booked: {hall}, {group}, {day} {start}–{end}. Booking code {reference}. "
                "Bring: {bring}. Change or cancel until {cutoff}."
            ),
        ),
        "appointment_reminder": Template(
            _SUBJECT,
            _(
                "Reminder: tomorrow {start} at {hall} ({group}). Booking code {reference}. "
                "Bring: {bring}."
            ),
        ),
        "appointment_changed": Template(
            _SUBJECT,
            _(
                "Changed: {hall}, {group}, {day} {start}–{end}. Booking code "
                "{reference}. Change or cancel until {cutoff}."
            ),
        ),
        "appointment_cancelled": Template(
            _SUBJECT, _("Your appointment {reference} on {day} is cancelled.")
        ),
    }
)

"""What the applicant is told about a booking, by SMS in their language."""

import datetime as dt

from django.utils import timezone, translation

from tongban.appointments import conf, selectors
from tongban.appointments.models import Appointment
from tongban.notifications.services import notification_enqueue


def cutoff(appointment: Appointment) -> dt.datetime:
    starts = timezone.make_aware(
        dt.datetime.combine(appointment.day, appointment.start)
    )
    return starts - dt.timedelta(hours=int(conf.get("APPOINTMENT_CANCEL_CUTOFF_HOURS")))


def tell(appointment: Appointment, template: str) -> None:
    phone = appointment.applicant.phone
    if not phone:
        return
    with translation.override(appointment.language):
        context = {
            "reference": appointment.reference,
            "hall": str(appointment.group.hall.name),
            "group": str(appointment.group.name),
            "day": appointment.day.isoformat(),
            "start": f"{appointment.start:%H:%M}",
            "end": f"{appointment.end:%H:%M}",
            "bring": selectors.what_to_bring(appointment=appointment),
            "cutoff": timezone.localtime(cutoff(appointment)).strftime(
                "%Y-%m-%d %H:%M"
            ),
        }
    notification_enqueue(
        channel="sms",
        recipient=phone,
        template=template,
        language=appointment.language,
        context=context,
    )

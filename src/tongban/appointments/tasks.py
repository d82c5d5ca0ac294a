"""Appointment and queue tasks (enqueued by ``tongban scheduler``)."""

import datetime as dt

from django.utils import timezone
from django_tasks import task

from tongban.appointments import services
from tongban.core.permissions import SYSTEM


@task()
def queue_day_sweep() -> dict[str, int]:
    """Close the days gone by (open numbers expire, bookings nobody came to count as
    missed) and send tomorrow's reminders."""
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    return {
        "expired": services.queue_close_day(actor=SYSTEM, day=yesterday),
        "reminded": services.appointment_remind_tomorrow(),
    }

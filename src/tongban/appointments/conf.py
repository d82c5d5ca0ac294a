"""Settings of appointments and queues, with their defaults (override in settings)."""

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Change or cancel until this many hours before the slot starts.
    "APPOINTMENT_CANCEL_CUTOFF_HOURS": 2,
    # Check in at the kiosk from this many minutes before the slot until this many after.
    "APPOINTMENT_CHECK_IN_EARLY_MINUTES": 60,
    "APPOINTMENT_CHECK_IN_LATE_MINUTES": 30,
    # No-shows: this many within the last NO_SHOW_DAYS bar booking for BAN_DAYS.
    "APPOINTMENT_NO_SHOW_LIMIT": 3,
    "APPOINTMENT_NO_SHOW_DAYS": 90,
    "APPOINTMENT_NO_SHOW_BAN_DAYS": 30,
    # Kinds of priority the halls honour in the calling order.
    "QUEUE_PRIORITIES": ("appointment", "elderly", "disabled"),
    # Average minutes a service takes when a window has no history today.
    "QUEUE_DEFAULT_SERVICE_MINUTES": 8,
    "QUEUE_MAX_RECALLS": 3,
}


def get(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])

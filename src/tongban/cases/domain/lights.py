"""Supervision lights (电子监察): green, yellow when at most N working days are left (default
1, a setting), red when the promised limit has passed; statutory overrun is flagged apart."""

import datetime
from enum import StrEnum


class Light(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


def light(*, remaining_working_days: int, yellow_at: int = 1) -> Light:
    """``remaining_working_days`` counts the days left to the promised due date; 0 means the
    due date is today (still on time), a negative number means overdue."""
    if remaining_working_days < 0:
        return Light.RED
    if remaining_working_days <= yellow_at:
        return Light.YELLOW
    return Light.GREEN


# The queue's date for a case on which no clock runs (waiting for the applicant, decided,
# closed …): last in the oldest-first order, and never inside a light's range of dates.
NO_CLOCK = datetime.date.max


def queue_due(
    *,
    state: str,
    supplement_rounds: int,
    acceptance_due: datetime.date | None,
    promised_due: datetime.date | None,
    statutory_due: datetime.date | None,
) -> datetime.date:
    """The date a case's light is measured against, as ``case_light`` measures it: the
    deemed-acceptance day while an application waits unanswered (行政许可法 32), the
    promised (else statutory) due date while it is handled; ``NO_CLOCK`` otherwise."""
    due = None
    if state == "submitted" and not supplement_rounds:
        due = acceptance_due
    elif state in ("accepted", "suspended"):
        due = promised_due or statutory_due
    return due or NO_CLOCK

"""Supervision lights (电子监察): green, yellow when at most N working days are left (default
1, a setting), red when the promised limit has passed; statutory overrun is flagged apart."""

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

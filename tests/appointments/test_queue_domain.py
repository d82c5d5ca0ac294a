"""Queue numbers, calling order and the estimated wait."""

import pytest

from tongban.appointments.domain.queue import (
    Priority,
    estimated_wait_minutes,
    label,
    rank,
)

ALL = frozenset(Priority)


def test_numbers_are_the_group_letter_and_three_digits() -> None:
    assert label("A", 7) == "A007"
    assert label("B", 1000) == "B1000"
    with pytest.raises(ValueError, match="start at 1"):
        label("A", 0)


def test_the_elderly_and_disabled_come_before_appointments_before_others() -> None:
    order = sorted(Priority, key=lambda p: rank(p, honoured=ALL))
    assert order[-1] == Priority.NORMAL
    assert rank(Priority.ELDERLY, honoured=ALL) < rank(
        Priority.APPOINTMENT, honoured=ALL
    )


def test_a_priority_the_hall_does_not_honour_ranks_as_normal() -> None:
    honoured = frozenset({Priority.APPOINTMENT})
    assert rank(Priority.ELDERLY, honoured=honoured) == rank(
        Priority.NORMAL, honoured=honoured
    )


@pytest.mark.parametrize(
    ("ahead", "average", "windows", "minutes"),
    [
        (0, 8, 2, 0),  # next in line
        (4, 8, 2, 16),  # four ahead, two windows
        (3, 10, 0, 30),  # no window open yet: counted as one
        (1, 0.2, 1, 1),  # a very fast average still takes a minute
    ],
)
def test_the_wait_is_the_tickets_ahead_shared_among_windows(
    ahead: int, average: float, windows: int, minutes: int
) -> None:
    assert (
        estimated_wait_minutes(ahead=ahead, average_minutes=average, windows=windows)
        == minutes
    )

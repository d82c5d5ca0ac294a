"""A bundle case's status and deadline from its sub-cases (cases.domain.bundles), table-driven."""

import datetime

import pytest

from tongban.cases.domain.bundles import (
    BundleStatus,
    Held,
    HeldState,
    PartFacts,
    bundle_deadline,
    bundle_status,
    held,
    steps_released,
)
from tongban.cases.domain.workflow import State

D = datetime.date
MON = D(2026, 3, 2)


def part(step: int, state: State, approved: bool = False, **rest) -> PartFacts:  # type: ignore[no-untyped-def]
    return PartFacts(step=step, state=state, approved=approved, **rest)


def later(start: datetime.date, days: int) -> datetime.date:
    """Working days without holidays, for the table (the service uses the calendar)."""
    day = start
    while days:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


@pytest.mark.parametrize(
    ("parts", "status"),
    [
        # first step submitted, second waiting
        ([part(1, State.SUBMITTED), part(2, State.DRAFT)], BundleStatus.IN_PROGRESS),
        # a department asked for a supplement: the applicant must act
        (
            [part(1, State.SUPPLEMENT_REQUESTED), part(1, State.ACCEPTED)],
            BundleStatus.ACTION_NEEDED,
        ),
        # one item refused: the bundle cannot finish
        ([part(1, State.REFUSED), part(2, State.DRAFT)], BundleStatus.STOPPED),
        # closed but denied is no result either
        ([part(1, State.CLOSED, approved=False)], BundleStatus.STOPPED),
        # every item closed with approval: waiting for the one delivery
        (
            [part(1, State.CLOSED, True), part(2, State.CLOSED, True)],
            BundleStatus.READY,
        ),
        # everything handed over
        (
            [part(1, State.DELIVERED, True), part(2, State.ARCHIVED, True)],
            BundleStatus.DELIVERED,
        ),
        # one delivered, one closed: still ready for the rest
        (
            [part(1, State.DELIVERED, True), part(2, State.CLOSED, True)],
            BundleStatus.READY,
        ),
    ],
)
def test_bundle_status(parts, status) -> None:  # type: ignore[no-untyped-def]
    assert bundle_status(parts) == status


@pytest.mark.parametrize(
    ("parts", "released"),
    [
        ([part(1, State.SUBMITTED), part(2, State.DRAFT)], 1),  # step 2 waits
        ([part(1, State.CLOSED, True), part(2, State.DRAFT)], 2),  # step 1 done
        # parallel first step: one open item holds the next step back
        (
            [
                part(1, State.CLOSED, True),
                part(1, State.ACCEPTED),
                part(2, State.DRAFT),
            ],
            1,
        ),
        # a denied predecessor never releases the next step
        ([part(1, State.CLOSED, False), part(2, State.DRAFT)], 1),
        (
            [
                part(1, State.CLOSED, True),
                part(2, State.CLOSED, True),
                part(3, State.DRAFT),
            ],
            3,
        ),
        ([], None),
    ],
)
def test_steps_released(parts, released) -> None:  # type: ignore[no-untyped-def]
    assert steps_released(parts) == released


@pytest.mark.parametrize(
    ("parts", "due", "estimated"),
    [
        # parallel items: the latest promised due date
        (
            [
                part(1, State.ACCEPTED, promised_due=D(2026, 3, 5)),
                part(1, State.ACCEPTED, promised_due=D(2026, 3, 9)),
            ],
            D(2026, 3, 9),
            False,
        ),
        # a later step starts when the step before ends: 3/9 + 3 working days
        (
            [
                part(1, State.ACCEPTED, promised_due=D(2026, 3, 9)),
                part(2, State.DRAFT, promised_days=3),
            ],
            D(2026, 3, 12),
            True,
        ),
        # nothing accepted yet: from today, step by step (Mon + 3 = Thu, + 2 = Mon)
        (
            [
                part(1, State.SUBMITTED, promised_days=3),
                part(2, State.DRAFT, promised_days=2),
            ],
            D(2026, 3, 9),
            True,
        ),
        # a closed step counts from the day it closed
        (
            [
                part(1, State.CLOSED, True, promised_due=D(2026, 3, 20), closed_on=MON),
                part(2, State.SUBMITTED, promised_days=1),
            ],
            D(2026, 3, 3),
            True,
        ),
    ],
)
def test_bundle_deadline(parts, due, estimated) -> None:  # type: ignore[no-untyped-def]
    found = bundle_deadline(parts, today=MON, later=later)
    assert found is not None
    assert (found.due, found.estimated) == (due, estimated)


def test_an_item_without_any_limit_leaves_the_bundle_without_a_deadline() -> None:
    parts = [part(1, State.SUBMITTED, promised_days=3), part(1, State.SUBMITTED)]
    assert bundle_deadline(parts, today=MON, later=later) is None


WAIT, NOT_STARTED = HeldState.WAITING, HeldState.NOT_STARTED


@pytest.mark.parametrize(
    ("parts", "step", "expected"),
    [
        # step 1 running: a step-2 sub-case waits for it
        ([part(1, State.SUBMITTED), part(2, State.DRAFT)], 2, Held(WAIT, 1)),
        # step 1 done, step 2 running: step 3 waits for step 2, not step 1
        (
            [
                part(1, State.CLOSED, True),
                part(2, State.ACCEPTED),
                part(3, State.DRAFT),
            ],
            3,
            Held(WAIT, 2),
        ),
        # a refused predecessor: it will never run
        ([part(1, State.REFUSED), part(2, State.DRAFT)], 2, Held(NOT_STARTED, None)),
        # denied is no result either, even beside an approved sibling
        (
            [
                part(1, State.CLOSED, True),
                part(1, State.CLOSED, False),
                part(2, State.DRAFT),
            ],
            2,
            Held(NOT_STARTED, None),
        ),
        # a failure in its own step or after it does not stop it
        (
            [part(1, State.SUBMITTED), part(2, State.WITHDRAWN), part(2, State.DRAFT)],
            2,
            Held(WAIT, 1),
        ),
        # every predecessor done, release not yet run: waiting, for no step
        ([part(1, State.CLOSED, True), part(2, State.DRAFT)], 2, Held(WAIT, None)),
    ],
)
def test_held(parts, step, expected) -> None:  # type: ignore[no-untyped-def]
    assert held(parts, step=step) == expected

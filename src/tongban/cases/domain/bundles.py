"""A bundle case's status and deadline, derived from its sub-cases (pure: no Django).

Status, first rule that holds:
- ``stopped``: a sub-case will not give a result (not accepted, withdrawn, denied or
  closed without approval); the sub-cases after it cannot start;
- ``delivered``: every result has been handed over (统一出件 done);
- ``ready``: every sub-case is closed with approval: the results wait for the one delivery;
- ``action_needed``: a department asked the applicant to supplement;
- ``in_progress``: otherwise (some sub-cases may be waiting for their predecessors).

Deadline: the sub-cases of one step run in parallel, so a step ends with its latest
sub-case; a step starts when the step before it ends. A closed sub-case counts with the
day it closed, one accepted with its promised due date; one not yet accepted counts with its promised limit from the
day its step starts (today for the first step), so the result is an *estimate* until every
sub-case has been accepted — said so wherever it is shown. A sub-case without any limit
leaves the bundle without a deadline.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from tongban.cases.domain.workflow import State


class BundleStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    ACTION_NEEDED = "action_needed"
    READY = "ready"
    DELIVERED = "delivered"
    STOPPED = "stopped"


FINISHED = frozenset({State.CLOSED, State.DELIVERED, State.ARCHIVED})


@dataclass(frozen=True)
class PartFacts:
    step: int
    state: State
    approved: bool  # decision "approve" recorded
    promised_due: datetime.date | None = None
    promised_days: int | None = None  # the promised limit in working days
    closed_on: datetime.date | None = None


def part_done(part: PartFacts) -> bool:
    """Closed with approval: what a later step waits for."""
    return part.state in FINISHED and part.approved


def part_failed(part: PartFacts) -> bool:
    if part.state in (State.REFUSED, State.WITHDRAWN):
        return True
    return part.state in FINISHED and not part.approved


def bundle_status(parts: Sequence[PartFacts]) -> BundleStatus:
    if any(part_failed(p) for p in parts):
        return BundleStatus.STOPPED
    if parts and all(
        p.state in (State.DELIVERED, State.ARCHIVED) and p.approved for p in parts
    ):
        return BundleStatus.DELIVERED
    if parts and all(part_done(p) for p in parts):
        return BundleStatus.READY
    if any(p.state == State.SUPPLEMENT_REQUESTED for p in parts):
        return BundleStatus.ACTION_NEEDED
    return BundleStatus.IN_PROGRESS


def steps_released(parts: Sequence[PartFacts]) -> int | None:
    """The latest step whose sub-cases may run: every step before it is done. ``None``
    when there are no parts."""
    steps = sorted({p.step for p in parts})
    released = None
    for step in steps:
        released = step
        if not all(part_done(p) for p in parts if p.step == step):
            break
    return released


class HeldState(StrEnum):
    """What a sub-case of a later step is while it is held in draft: never the
    applicant's own draft, since the bundle was submitted."""

    WAITING = "waiting"  # submitted when every sub-case of the earlier steps is done
    NOT_STARTED = "not_started"  # an earlier item will not give a result: it never runs


@dataclass(frozen=True)
class Held:
    state: HeldState
    # The earliest step before it not yet done (the one running now); ``None`` when it
    # will not start, or in the moment between the last predecessor closing and its
    # release.
    waiting_for_step: int | None


def held(parts: Sequence[PartFacts], *, step: int) -> Held:
    """How a held sub-case of ``step`` stands among the bundle's ``parts``."""
    earlier = [p for p in parts if p.step < step]
    if any(part_failed(p) for p in earlier):
        return Held(HeldState.NOT_STARTED, None)
    pending = sorted({p.step for p in earlier if not part_done(p)})
    return Held(HeldState.WAITING, pending[0] if pending else None)


@dataclass(frozen=True)
class BundleDeadline:
    due: datetime.date
    estimated: bool


def bundle_deadline(
    parts: Sequence[PartFacts],
    *,
    today: datetime.date,
    later: Callable[[datetime.date, int], datetime.date],
) -> BundleDeadline | None:
    """``later(start, n)``: the date n working days after ``start`` (the region's
    calendar)."""
    start = today
    estimated = False
    due: datetime.date | None = None
    for step in sorted({p.step for p in parts}):
        ends = []
        for part in (p for p in parts if p.step == step):
            if part_done(part) and part.closed_on is not None:
                ends.append(part.closed_on)
            elif part.promised_due is not None:
                ends.append(part.promised_due)
            elif part.promised_days is not None:
                ends.append(later(start, part.promised_days))
                estimated = True
            else:
                return None
        due = max(ends)
        start = max(due, today)
    return None if due is None else BundleDeadline(due=due, estimated=estimated)

"""Recompute hooks: how a changed holiday notice reaches the deadlines that depend on
it.

Apps that store deadlines counted in a region's calendar (cases, bad-review
rectification, complaint replies) register a hook at start-up (``AppConfig.ready``)::

    hooks.register("cases", cases.services.case_deadlines_recompute_for_calendar)

``calendars.services.calendar_notice_apply`` calls every hook inside its transaction,
after the new days are saved, with the ``CalendarChange`` and the actor. A hook
recomputes its open deadlines in ``change.division_prefix`` whose counting span overlaps
``[change.first, change.last]`` through its own services (which write their own audit
rows) and returns how many deadlines changed; the notice's audit row records those
counts. A hook that raises rolls the whole notice back: nothing is half-applied.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CalendarChange:
    """What a notice changed, for the deadlines counted in its scope and below."""

    division_code: str  # "" for the national calendar
    division_prefix: str  # "" = every region
    year: int
    dates: tuple[dt.date, ...]  # dates that turned working ↔ day off at this scope
    first: dt.date  # first day of the range that can affect a deadline
    last: dt.date
    newly_published: (
        bool  # provisional deadlines in ``year`` are now computable as facts
    )


RecomputeHook = Callable[[CalendarChange, Any], int]

_hooks: dict[str, RecomputeHook] = {}


def register(name: str, hook: RecomputeHook) -> None:
    _hooks[name] = hook


def unregister(name: str) -> None:
    _hooks.pop(name, None)


def run(change: CalendarChange, actor: Any) -> dict[str, int]:
    """Call every registered hook; ``{hook name: deadlines changed}``."""
    return {name: int(hook(change, actor)) for name, hook in sorted(_hooks.items())}

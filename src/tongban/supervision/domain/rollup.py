"""What one case contributes to the metric rollups, and how a change is folded in.

A rollup row counts cases per month × division × organisation × implementation. Instead
of adding "+1 on close" for each event (which double counts a repeated event and goes
wrong when events arrive out of order), each case's whole contribution is computed from its
current state and stored beside it; a change applies the difference between the new and the
stored contribution. A repeated event yields a zero difference; an older snapshot arriving
after a newer one is ignored by its version (the id of the case's latest event). The
property test in tests/supervision proves rollup = recomputation.
"""

from collections import Counter
from dataclasses import dataclass

COUNTERS = (
    "submitted",  # applications received in the month
    "online",  # of which online (申报来源 2/3)
    "instant",  # of which 即办件 (办件类型 1)
    "refused",  # not accepted (不予受理) in the month
    "closed",  # closed (办结) in the month
    "on_time",  # of which closed on or before the promised due date
    "late",  # of which closed after it (超期件数 of closed cases)
    "timed",  # closed cases with a handling time
    "handling_days",  # Σ working days from acceptance to closing
)

Key = tuple[str, str]  # (month "YYYY-MM", counter)


@dataclass(frozen=True)
class CaseSnapshot:
    """A case as the rollups see it. ``version`` orders snapshots of one case."""

    subject: str
    version: int
    submitted_month: str
    online: bool = False
    instant: bool = False
    refused_month: str | None = None
    closed_month: str | None = None
    on_time: bool | None = None
    handling_days: int | None = None


def contribution(snapshot: CaseSnapshot) -> Counter[Key]:
    out: Counter[Key] = Counter()
    month = snapshot.submitted_month
    out[(month, "submitted")] += 1
    if snapshot.online:
        out[(month, "online")] += 1
    if snapshot.instant:
        out[(month, "instant")] += 1
    if snapshot.refused_month:
        out[(snapshot.refused_month, "refused")] += 1
    if snapshot.closed_month:
        closed = snapshot.closed_month
        out[(closed, "closed")] += 1
        if snapshot.on_time is True:
            out[(closed, "on_time")] += 1
        elif snapshot.on_time is False:
            out[(closed, "late")] += 1
        if snapshot.handling_days is not None:
            out[(closed, "timed")] += 1
            out[(closed, "handling_days")] += snapshot.handling_days
    return out


def delta(old: Counter[Key] | None, new: Counter[Key]) -> dict[Key, int]:
    """What to add to the rollup to replace ``old`` by ``new`` (zeros left out)."""
    keys = set(new) | set(old or {})
    change = {k: new.get(k, 0) - (old or Counter()).get(k, 0) for k in keys}
    return {k: v for k, v in change.items() if v}


def encode(counter: Counter[Key]) -> dict[str, int]:
    """A contribution as JSON (``"YYYY-MM|counter"`` keys)."""
    return {f"{month}|{name}": value for (month, name), value in counter.items()}


def decode(data: dict[str, int] | None) -> Counter[Key]:
    out: Counter[Key] = Counter()
    for key, value in (data or {}).items():
        month, name = key.split("|", 1)
        out[(month, name)] = int(value)
    return out

"""The bad-review ticket rollups (``TicketRollup`` per day, ``TicketMonthRollup`` per month):
差评整改率, 实名差评回访率 and the on-time rectification rate read from them instead of a
grouped query over the tickets.

They are maintained in the transaction of every change a count depends on:

- a ticket opens with its bad review (``ticket_rollup_opened``, in the submit);
- a ticket moves through the ``rectification`` lifecycle (``ticket_transition_observer``,
  a kernel observer inside the writer's transaction: what the ticket counted when it was
  locked, ``Transition.before``, against what it counts now);
- a holiday notice moves an open ticket's due date (``ticket_rollup_moved``).

A change that leaves every count as it was writes nothing; one that moves a count is one
upsert per table. ``ticket_rollup_mismatches`` compares both with a recomputation;
``ticket_rollups_rebuild`` recomputes them (data that predates them).
"""

from collections import Counter
from typing import Any

from django.utils import timezone

from tongban.evaluations.domain.rectification import TICKET_COUNTERS, ticket_counts
from tongban.evaluations.models import (
    Evaluation,
    Rectification,
    TicketMonthRollup,
    TicketRollup,
)
from tongban.evaluations.services.rollups import _bump, _key


def _fields(evaluation: Evaluation) -> dict[str, Any]:
    """The combination a ticket is counted under: its review's (the ticket's period is the
    review's, as the statistics filter reviews)."""
    return {
        "day": timezone.localdate(evaluation.created_at),
        "division_prefix": evaluation.division.prefix,
        "organisation_id": evaluation.organisation_id,
        "hall_id": evaluation.hall_id or 0,
        "window_id": evaluation.window_id or 0,
        "staff_id": evaluation.staff_id or 0,
        "item_code": evaluation.implementation.code
        if evaluation.implementation
        else "",
        "channel": evaluation.channel,
    }


def _monthly(fields: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in fields.items() if k != "day"}
    out["month"] = fields["day"].replace(day=1)
    return out


def counts_of(ticket: Rectification, **overrides: Any) -> dict[str, int]:
    """What ``ticket`` counts now (``overrides``: its columns at another moment)."""
    values = {
        "state": ticket.state,
        "rectified_on": ticket.rectified_on,
        "due_on": ticket.due_on,
        **overrides,
    }
    return ticket_counts(
        state=values["state"],
        rectified_on=values["rectified_on"],
        due_on=values["due_on"],
        real_name=ticket.evaluation.real_name,
        excluded=ticket.evaluation.excluded,
    )


def _add(evaluation: Evaluation, deltas: dict[str, int]) -> None:
    if not any(deltas.values()):
        return
    fields = _fields(evaluation)
    _bump(TicketRollup, fields, **deltas)
    _bump(TicketMonthRollup, _monthly(fields), **deltas)


def ticket_rollup_moved(
    *, ticket: Rectification, before: dict[str, int], after: dict[str, int]
) -> None:
    """Move the ticket's counts from ``before`` to ``after`` (nothing if equal)."""
    _add(ticket.evaluation, {n: after[n] - before[n] for n in TICKET_COUNTERS})


def ticket_rollup_opened(*, ticket: Rectification) -> None:
    """A bad review has just opened its ticket: count it."""
    zero = dict.fromkeys(TICKET_COUNTERS, 0)
    ticket_rollup_moved(ticket=ticket, before=zero, after=counts_of(ticket))


def ticket_transition_observer(told: Any) -> None:
    """Kernel observer: a ticket transition moves its counts, in the same transaction."""
    if told.lifecycle != "rectification":
        return
    ticket = told.obj
    before = counts_of(
        ticket,
        state=told.before["state"],
        rectified_on=told.before["rectified_on"],
        due_on=told.before["due_on"],
    )
    # An upheld appeal excludes the review with a bulk update, so the ticket's copy of
    # the review still reads as it was locked: right for ``before``, and the dismissed
    # state counts nothing ``after``.
    ticket_rollup_moved(ticket=ticket, before=before, after=counts_of(ticket))


_RELATED = ("evaluation__division", "evaluation__implementation")


def _recomputed() -> tuple[Counter[str], Counter[str]]:
    days: Counter[str] = Counter()
    months: Counter[str] = Counter()
    tickets = Rectification.objects.select_related(*_RELATED)
    for ticket in tickets.iterator():
        fields = _fields(ticket.evaluation)
        for name, n in counts_of(ticket).items():
            days[f"{_key(fields)}|{name}"] += n
            months[f"{_key(_monthly(fields))}|{name}"] += n
    return days, months


def _stored(model: Any) -> Counter[str]:
    out: Counter[str] = Counter()
    for row in model.objects.values("key", *TICKET_COUNTERS):
        for name in TICKET_COUNTERS:
            out[f"{row['key']}|{name}"] += row[name]
    return out


def ticket_rollup_mismatches() -> dict[str, tuple[int, int]]:
    """Counters of either ticket rollup that differ from a recomputation from the tickets:
    ``{table:key|counter: (rollup, recomputed)}``."""
    days, months = _recomputed()
    out = {}
    for name, model, recomputed in (
        ("ticket_day", TicketRollup, days),
        ("ticket_month", TicketMonthRollup, months),
    ):
        stored = _stored(model)
        for key in set(stored) | set(recomputed):
            if stored[key] != recomputed[key]:
                out[f"{name}:{key}"] = (stored[key], recomputed[key])
    return out


def ticket_rollups_rebuild() -> dict[str, int]:
    """Recompute both ticket rollups from the tickets; returns the rows written."""
    cells: dict[Any, dict[str, Any]] = {TicketRollup: {}, TicketMonthRollup: {}}
    tickets = Rectification.objects.select_related(*_RELATED)
    for ticket in tickets.iterator():
        counts = counts_of(ticket)
        day = _fields(ticket.evaluation)
        for model, fields in ((TicketRollup, day), (TicketMonthRollup, _monthly(day))):
            key = _key(fields)
            cell = cells[model].setdefault(key, model(key=key, **fields))
            for name, n in counts.items():
                setattr(cell, name, getattr(cell, name) + n)
    written = {}
    for model, rows in cells.items():
        model.objects.all().delete()
        model.objects.bulk_create(rows.values(), batch_size=5000)
        written[model._meta.model_name] = len(rows)
    return written

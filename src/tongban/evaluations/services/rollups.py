"""The statistics rollups, maintained in the transaction of every change they count.

- ``EvaluationRollup`` (per day) and ``EvaluationMonthRollup`` (per month): how many
  evaluations count per combination (division, unit, hall, window, staff member, item,
  channel, level). A submit adds 1; a supersession (a later one, a follow-up) or an upheld
  appeal takes 1 away.
- ``CaseRollup``: closed cases and the closed cases evaluated (主动评价率) per month of 办结
  and combination of what the case is about (division, unit, item, and the hall, window
  and clerk that took it in). A case closing adds 1 to ``closed`` (a kernel observer, the
  case's transition transaction); its first evaluation, once closed, adds 1 to
  ``evaluated`` under that evaluation's channel.

Each change is one ``INSERT … ON CONFLICT DO UPDATE`` per table (PostgreSQL and SQLite),
so a submit costs three statements and no savepoint. ``rollup_mismatches`` compares all
three, and the ticket rollups (``services.ticket_rollups``), with a recomputation;
``rollups_rebuild`` recomputes them all (the bench's COPY seed, data that predates them).
"""

import datetime as dt
from collections import Counter
from typing import Any

from django.db import connection, models
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import TruncDay, TruncMonth
from django.utils import timezone

from tongban.cases import selectors as case_selectors
from tongban.evaluations.models import (
    CaseRollup,
    Evaluation,
    EvaluationMonthRollup,
    EvaluationRollup,
)

_RELATED = ("division", "implementation")


def _fields(evaluation: Evaluation) -> dict[str, Any]:
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
        "level": evaluation.level,
    }


def _monthly(fields: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in fields.items() if k != "day"}
    out["month"] = fields["day"].replace(day=1)
    return out


def _key(fields: dict[str, Any]) -> str:
    return "|".join(str(fields[name]) for name in sorted(fields))


def _bump(model: type[models.Model], fields: dict[str, Any], **deltas: int) -> None:
    """Add ``deltas`` to the row of ``fields``, creating it: one upsert statement (every
    counter of the table is named, as the upsert does not apply the model's defaults)."""
    meta = model._meta
    values = {"key": _key(fields), **fields, **deltas}
    column = {f.name: f.column for f in meta.concrete_fields}
    columns = [column[name] for name in values]
    updates = ", ".join(
        f"{column[n]} = {meta.db_table}.{column[n]} + excluded.{column[n]}"
        for n in deltas
    )
    sql = (
        f"INSERT INTO {meta.db_table} ({', '.join(columns)}) "  # noqa: S608 - names from the model
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT (key) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(values.values()))


def rollup_add(*, evaluation: Evaluation, delta: int) -> None:
    """Add ``delta`` (+1 counted, −1 no longer counted) to the evaluation's rows."""
    fields = _fields(evaluation)
    _bump(EvaluationRollup, fields, count=delta)
    _bump(EvaluationMonthRollup, _monthly(fields), count=delta)


def rollup_uncount(*, evaluations: Any) -> None:
    """Take evaluations that counted until now out of the rollups."""
    for evaluation in evaluations.select_related(*_RELATED):
        rollup_add(evaluation=evaluation, delta=-1)


def _case_fields(case: Any, channel: str = "") -> dict[str, Any]:
    clerk = case.submitted_by_id if case.submitted_by.is_staff_member else 0
    return {
        "month": timezone.localdate(case.closed_at).replace(day=1),
        "division_prefix": case.division.prefix,
        "organisation_id": case.organisation_id,
        "hall_id": case.intake_hall_id or 0,
        "window_id": case.intake_window_id or 0,
        "staff_id": clerk or 0,
        "item_code": case.implementation.code,
        "channel": channel,
    }


def case_rollup_closed(*, case: Any) -> None:
    """A case has just closed: count it, and count it evaluated if it already is."""
    _bump(CaseRollup, _case_fields(case), closed=1, evaluated=0)
    first = Evaluation.objects.filter(case=case).order_by("id").first()
    if first is not None:
        _bump(CaseRollup, _case_fields(case, first.channel), closed=0, evaluated=1)


def case_rollup_evaluated(*, evaluation: Evaluation) -> None:
    """Call after the evaluation is saved: its case counts as evaluated the first time,
    if it is closed (a case evaluated before it closes is counted when it closes)."""
    case = evaluation.case
    if case is None or case.closed_at is None:
        return
    if Evaluation.objects.filter(case=case).exclude(pk=evaluation.pk).exists():
        return
    _bump(CaseRollup, _case_fields(case, evaluation.channel), closed=0, evaluated=1)


def case_closed_observer(told: Any) -> None:
    """Kernel observer (``tongban.lifecycle.writer.on_transition``): a case transition
    that closes the case (sets its 办结 time) counts it, in the same transaction."""
    if told.lifecycle != "case":
        return
    case = told.obj
    if case.closed_at is None or told.from_state in case_selectors.CLOSED_STATES:
        return
    case_rollup_closed(case=case)


def _recomputed_evaluations() -> tuple[Counter[str], Counter[str]]:
    counted = Evaluation.objects.filter(superseded=False, excluded=False)
    days: Counter[str] = Counter()
    months: Counter[str] = Counter()
    for e in counted.select_related(*_RELATED).iterator():
        fields = _fields(e)
        days[_key(fields)] += 1
        months[_key(_monthly(fields))] += 1
    return days, months


def _recomputed_cases() -> Counter[str]:
    out: Counter[str] = Counter()
    for case in case_selectors.cases_closed_for_rollup().iterator():
        out[_key(_case_fields(case)) + "|closed"] += 1
        first = (
            Evaluation.objects.filter(case=case).order_by("id").values("channel")[:1]
        )
        channel = first[0]["channel"] if first else None
        if channel is not None:
            out[_key(_case_fields(case, channel)) + "|evaluated"] += 1
    return out


def _stored_cases() -> Counter[str]:
    out: Counter[str] = Counter()
    for key, closed, evaluated in CaseRollup.objects.values_list(
        "key", "closed", "evaluated"
    ):
        if closed:
            out[key + "|closed"] = closed
        if evaluated:
            out[key + "|evaluated"] = evaluated
    return out


def _differences(stored: Any, recomputed: Any) -> dict[str, tuple[int, int]]:
    keys = set(stored) | set(recomputed)
    return {
        k: (stored.get(k, 0), recomputed.get(k, 0))
        for k in keys
        if stored.get(k, 0) != recomputed.get(k, 0)
    }


def rollup_mismatches() -> dict[str, tuple[int, int]]:
    """Rows of any rollup whose count differs from a recomputation from the evaluations
    and the cases: ``{table:key: (rollup, recomputed)}``."""
    days, months = _recomputed_evaluations()
    out = {}
    for name, model, recomputed in (
        ("day", EvaluationRollup, days),
        ("month", EvaluationMonthRollup, months),
    ):
        stored = {k: n for k, n in model.objects.values_list("key", "count") if n}
        for key, pair in _differences(stored, recomputed).items():
            out[f"{name}:{key}"] = pair
    for key, pair in _differences(_stored_cases(), _recomputed_cases()).items():
        out[f"case:{key}"] = pair
    # The ticket rollups build on this module's upsert, so they are imported here.
    from tongban.evaluations.services.ticket_rollups import ticket_rollup_mismatches

    return {**out, **ticket_rollup_mismatches()}


def rollups_rebuild() -> dict[str, int]:
    """Recompute every rollup from the evaluations and the cases (grouped queries, then
    one bulk insert per table); returns the rows written per table."""
    counted = Evaluation.objects.filter(superseded=False, excluded=False)
    groups = (
        "division__prefix",
        "organisation_id",
        "hall_id",
        "window_id",
        "staff_id",
        "implementation__code",
        "channel",
        "level",
    )
    written = {}
    for model, trunc, name in (
        (EvaluationRollup, TruncDay, "day"),
        (EvaluationMonthRollup, TruncMonth, "month"),
    ):
        rows = (
            counted.annotate(period=trunc("created_at"))
            .values("period", *groups)
            .annotate(n=Count("id"))
            .order_by()
        )
        objects = [_rollup_row(model, name, row) for row in rows.iterator()]
        model.objects.all().delete()
        model.objects.bulk_create(objects, batch_size=5000)
        written[name] = len(objects)
    written["case"] = _cases_rebuild()
    from tongban.evaluations.services.ticket_rollups import ticket_rollups_rebuild

    return {**written, **ticket_rollups_rebuild()}


def _rollup_row(model: Any, name: str, row: dict[str, Any]) -> Any:
    period = row["period"]
    day = period.date() if isinstance(period, dt.datetime) else period
    fields = {
        name: day,
        "division_prefix": row["division__prefix"],
        "organisation_id": row["organisation_id"],
        "hall_id": row["hall_id"] or 0,
        "window_id": row["window_id"] or 0,
        "staff_id": row["staff_id"] or 0,
        "item_code": row["implementation__code"] or "",
        "channel": row["channel"],
        "level": row["level"],
    }
    return model(key=_key(fields), count=row["n"], **fields)


def _cases_rebuild() -> int:
    cases = case_selectors.cases_closed_for_rollup()
    first = Evaluation.objects.filter(case=OuterRef("pk")).order_by("id")
    cells: dict[str, CaseRollup] = {}
    rows = cases.annotate(
        first_channel=Subquery(first.values("channel")[:1]),
        evaluated=Exists(first),
    )
    for case in rows.iterator():
        for channel, column in (("", "closed"), (case.first_channel, "evaluated")):
            if channel is None:
                continue
            fields = _case_fields(case, channel)
            key = _key(fields)
            cell = cells.setdefault(key, CaseRollup(key=key, **fields))
            setattr(cell, column, getattr(cell, column) + 1)
    CaseRollup.objects.all().delete()
    CaseRollup.objects.bulk_create(cells.values(), batch_size=5000)
    return len(cells)

"""The set-based half of the full case sweep: which open cases' warnings can change
today, decided in one SQL query, so that only those come back to Python.

On a given day every time-driven rule of an open case is a comparison of one of its
dates with a threshold date of its region's calendar (``Cutoffs``, computed once per
calendar with the calendar's own working-day arithmetic):

- promised limit passed (``left < 0``): the due date is before the last working day on
  or before today (a working day lies in ``(due, today]``);
- promised limit near (``0 <= left <= N``): not passed, and the due date is before the
  ``N + 1``-th working day after today; deemed acceptance near: the same for the
  acceptance due date;
- a review step over its limit ``L`` (working days in ``(start, today]`` above ``L``):
  the step began before the earliest day from which at most ``L`` working days lead
  to today;
- statutory limit passed and too many supplement rounds need no calendar.

The query computes the rules holding for each open case as a bit set, the stored active
warnings as another, and returns the cases whose sets differ, plus every case it cannot
decide exactly: a refusal or denial (the reasons rule counts characters as Python
does), a division without cutoffs, or a date outside the contiguous span of years its
calendar knows around today. Those rows are then evaluated by the row-by-row path
(``case_source._subjects``) exactly as before; a case the query passes over is one the
row-by-row path would leave as it is (``tests/supervision/test_set_based_sweep.py``).
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection

from tongban.calendars.domain.deadlines import YearUnpublished
from tongban.cases import selectors_supervision as reads
from tongban.supervision.case_source import Calendars
from tongban.supervision.domain.rules import Rule, Thresholds
from tongban.supervision.models import Warning

BIT = {rule: 1 << i for i, rule in enumerate(Rule)}
_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Cutoffs:
    """A calendar's threshold dates for one day (``None``: the rule cannot hold)."""

    lo: datetime.date  # the contiguous span of known years around today
    hi: datetime.date
    passed_before: datetime.date | None  # due < this: promised limit passed
    near_before: datetime.date | None  # not passed and due < this: near
    steps: tuple[tuple[int, datetime.date], ...]  # (review step, start before this)


def _known_span(calendar: Any, today: datetime.date) -> tuple[datetime.date, ...]:
    years = calendar.years
    if today.year not in years:
        return (today + _DAY, today)  # empty: every row undecided
    first = last = today.year
    while first - 1 in years:
        first -= 1
    while last + 1 in years:
        last += 1
    return (datetime.date(first, 1, 1), datetime.date(last, 12, 31))


def cutoffs(calendar: Any, today: datetime.date, limits: Thresholds) -> Cutoffs:
    """The threshold dates of ``calendar`` on ``today``, by the same counting as the
    row-by-row path (``Calendars.between``: working days in ``(start, end]``)."""
    lo, hi = _known_span(calendar, today)
    if lo > hi:
        return Cutoffs(lo, hi, None, None, ())

    def between(start: datetime.date, end: datetime.date) -> int:
        if end <= start:
            return 0
        return int(calendar.count_working_days(start, end, provisional_ok=True))

    last_working: datetime.date | None = today
    while last_working is not None and not calendar.is_working_day(last_working):
        last_working = last_working - _DAY if last_working > lo else None
    near = limits.near_working_days
    near_before = None
    if near >= 0:
        try:
            near_before = calendar.add_working_days(
                today, near + 1, provisional_ok=True
            )
        except YearUnpublished:
            near_before = hi + _DAY  # every known due date is within reach
        near_before = min(near_before, hi + _DAY)
    steps = []
    names = list(settings.CASE_REVIEW_STEPS)
    for index, name in enumerate(names):
        limit = settings.SUPERVISION_STEP_WORKING_DAYS.get(name)
        if limit is None:
            continue
        limit = int(limit)
        if limit < 0:
            steps.append((index, hi + _DAY))
            continue
        # The earliest start from which at most ``limit`` working days lead to today
        # (the rows before ``lo`` are left to the row-by-row path).
        start = today
        while start > lo and between(start - _DAY, today) <= limit:
            start -= _DAY
        steps.append((index, start))
    return Cutoffs(lo, hi, last_working, near_before, tuple(steps))


def _day(value: datetime.date) -> str:
    """A date as an SQL literal (our own dates, never input: ISO text, which PostgreSQL
    reads as a date and SQLite compares as the text it stores)."""
    return f"'{value.isoformat()}'"


_RUNNING = "c.c_state IN ('accepted', 'suspended')"
_WAITING = "c.c_state = 'submitted' AND COALESCE(c.c_rounds, 0) = 0"


def _hits(cut: Cutoffs, today: datetime.date, limits: Thresholds) -> str:
    """The SQL bit set of the rules holding for a row of a division with ``cut``
    (``rules.evaluate`` on the row's facts, for the rules an open case can hold)."""
    terms = []

    def bit(rule: Rule, condition: str) -> None:
        terms.append(f"CASE WHEN {condition} THEN {BIT[rule]} ELSE 0 END")

    passed = "1 = 0"
    if cut.passed_before is not None:
        passed = f"c.c_due IS NOT NULL AND c.c_due < {_day(cut.passed_before)}"
        bit(Rule.PROMISE_PASSED, f"{_RUNNING} AND {passed}")
    if cut.near_before is not None:
        floor = ""
        if cut.passed_before is not None:
            floor = f" AND {{0}} >= {_day(cut.passed_before)}"
        near = f"{{0}} IS NOT NULL AND {{0}} < {_day(cut.near_before)}{floor}"
        bit(Rule.PROMISE_NEAR, f"{_RUNNING} AND " + near.format("c.c_due"))
        bit(
            Rule.DEEMED_ACCEPTANCE_NEAR,
            f"{_WAITING} AND " + near.format("c.c_acceptance"),
        )
    bit(
        Rule.STATUTORY_PASSED,
        f"{_RUNNING} AND c.c_statutory IS NOT NULL AND c.c_statutory < {_day(today)}",
    )
    if cut.steps:
        steps = " OR ".join(
            f"(c.c_step = {index} AND c.c_started < {_day(before)})"
            for index, before in cut.steps
        )
        bit(
            Rule.STEP_OVER_LIMIT,
            f"c.c_state = 'accepted' AND c.c_started IS NOT NULL"
            f" AND NOT ({passed}) AND ({steps})",
        )
    bit(
        Rule.SUPPLEMENT_ROUNDS,
        f"COALESCE(c.c_rounds, 0) > {int(limits.max_supplement_rounds)}",
    )
    return " + ".join(terms)


def _outside(cut: Cutoffs) -> str:
    """Rows whose dates the row-by-row path counts beyond the known years (it may
    refuse them): left to it."""
    lo, hi = _day(cut.lo), _day(cut.hi)

    def out(column: str) -> str:
        return f"({column} IS NOT NULL AND ({column} < {lo} OR {column} > {hi}))"

    return (
        f"({_RUNNING} AND {out('c.c_due')}) OR ({_WAITING} AND {out('c.c_acceptance')})"
        f" OR (c.c_state = 'accepted' AND {out('c.c_started')})"
    )


def _stored_bits() -> str:
    cases = " ".join(f"WHEN '{rule.value}' THEN {BIT[rule]}" for rule in Rule)
    table = connection.ops.quote_name(Warning._meta.db_table)
    return (
        f"SELECT subject_uuid, SUM(CASE rule {cases} ELSE 0 END) AS bits"  # noqa: S608 - rule codes, our table
        f" FROM {table} WHERE subject_kind = 'case' AND state = 'active'"
        " GROUP BY subject_uuid"
    )


def changed_case_ids(*, today: datetime.date, limits: Thresholds) -> list[int]:
    """The open cases whose warnings the row-by-row path would change today, or
    which this query cannot decide, by id."""
    calendars = Calendars()
    divisions = reads.case_divisions_open()
    calendars.prefetch(divisions)
    groups: dict[Cutoffs, list[int]] = {}
    for division in divisions:
        cut = cutoffs(calendars.of(division), today, limits)
        groups.setdefault(cut, []).append(int(division))
    if not groups:
        return []  # no open case
    hits = ["CASE"]
    undecided = ["CASE"]
    for cut, ids in groups.items():
        within = f"c.c_division IN ({', '.join(str(i) for i in sorted(ids))})"
        hits.append(f"WHEN {within} THEN {_hits(cut, today, limits)}")
        undecided.append(
            f"WHEN {within} THEN CASE WHEN {_outside(cut)} THEN 1 ELSE 0 END"
        )
    hits.append("ELSE 0 END")
    undecided.append("ELSE 1 END")
    inner, raw = reads.case_dates_open().query.sql_with_params()
    params = [str(p) if isinstance(p, str) else p for p in raw]  # choices as text
    # A fence, so that neither database inlines the step start's correlated subquery
    # into each comparison that reads it.
    fence = " OFFSET 0" if connection.vendor == "postgresql" else " LIMIT -1 OFFSET 0"
    refused = "(c.c_decision = 'deny' OR c.c_state = 'refused')"
    sql = (
        f"SELECT c.c_id FROM ({inner}{fence}) c"  # noqa: S608 - our dates and ids
        f" LEFT JOIN ({_stored_bits()}) w ON w.subject_uuid = c.c_uuid"
        f" WHERE {refused} OR ({' '.join(undecided)}) = 1"
        f" OR ({' '.join(hits)}) <> COALESCE(w.bits, 0)"
        " ORDER BY c.c_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]

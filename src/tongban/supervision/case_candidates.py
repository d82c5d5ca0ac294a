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
import uuid as uuid_
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from tongban.calendars.domain.deadlines import YearUnpublished
from tongban.cases import selectors_supervision as reads
from tongban.core.services import audit_batch
from tongban.supervision import case_source
from tongban.supervision.case_source import Calendars
from tongban.supervision.domain.rules import SEVERITY, Rule, Thresholds, evaluate
from tongban.supervision.models import Card, Warning
from tongban.supervision.services.sweep import (
    CARDED,
    CHUNK,
    changes_of,
    rule_descriptions,
    states_apply,
    stored_locked,
    sweep_audit,
    warning_number,
)

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


@dataclass(frozen=True)
class Candidate:
    """An open case the full sweep looks at: its rules' bit set as the query found it,
    or ``None`` where the row-by-row path decides."""

    id: int
    uuid: uuid_.UUID
    number: str
    hits: int | None


def _uuid(value: Any) -> uuid_.UUID:
    return value if isinstance(value, uuid_.UUID) else uuid_.UUID(value)


def candidates(*, today: datetime.date, limits: Thresholds) -> list[Candidate]:
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
    rows = (
        f"SELECT c.c_id, c.c_uuid, c.c_number, ({' '.join(hits)}) AS hits,"  # noqa: S608 - our dates and ids
        f" CASE WHEN {refused} OR ({' '.join(undecided)}) = 1 THEN 1 ELSE 0 END"
        " AS python, COALESCE(w.bits, 0) AS bits"
        f" FROM ({inner}{fence}) c"
        f" LEFT JOIN ({_stored_bits()}) w ON w.subject_uuid = c.c_uuid"
    )
    sql = (
        f"SELECT x.c_id, x.c_uuid, x.c_number, x.hits, x.python FROM ({rows}{fence}) x"  # noqa: S608 - as above
        " WHERE x.python = 1 OR x.hits <> x.bits ORDER BY x.c_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            Candidate(pk, _uuid(uuid), number, None if python else hit)
            for pk, uuid, number, hit, python in cursor.fetchall()
        ]


def changed_case_ids(*, today: datetime.date, limits: Thresholds) -> list[int]:
    """The open cases whose warnings the row-by-row path would change today, or
    which this query cannot decide, by id."""
    return [c.id for c in candidates(today=today, limits=limits)]


def _rules(bits: int) -> list[Rule]:
    return [rule for rule, bit in BIT.items() if bits & bit]


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _prep(model: Any, name: str, value: Any) -> Any:
    return model._meta.get_field(name).get_db_prep_value(value, connection)


WARNING_COLUMNS = (
    "uuid",
    "number",
    "subject_kind",
    "subject_uuid",
    "subject_number",
    "rule",
    "severity",
    "item_type",
    "organisation",
    "division",
    "staff",
    "description",
    "state",
    "raised_at",
    "state_changed_at",
)
INSERT_ROWS = 1000  # warnings per INSERT (6 parameters each)


def _warnings_insert(
    raised: list[tuple[int, Rule]],
    now: datetime.datetime,
    descriptions: dict[Rule, str],
) -> list[str]:
    """Insert the warnings ``raised`` (case id, rule) with the case's responsible
    organisation, division, staff member and item type read in the same statement (by
    the sweep rows' definitions); returns the numbers of those that earn a card."""
    named = {f.name: f.column for f in Warning._meta.concrete_fields}
    columns = ", ".join(connection.ops.quote_name(named[n]) for n in WARNING_COLUMNS)
    moment = _prep(Warning, "raised_at", now)
    carded = []
    for start in range(0, len(raised), INSERT_ROWS):
        part = raised[start : start + INSERT_ROWS]
        values, params = [], []
        for case_id, rule in part:
            number = warning_number(now)
            severity = SEVERITY[rule].value
            values.append("(%s, %s, %s, %s, %s, %s)")
            params += [
                case_id,
                rule.value,
                severity,
                descriptions[rule],
                _prep(Warning, "uuid", uuid_.uuid4()),
                number,
            ]
            if severity in CARDED:
                carded.append(number)
        inner, raw = reads.case_subject_columns(
            dict.fromkeys(case_id for case_id, _rule in part)
        ).query.sql_with_params()
        inner_params = [str(p) if isinstance(p, str) else p for p in raw]
        sql = (
            f"INSERT INTO {_table(Warning)} ({columns})"  # noqa: S608 - our columns
            " WITH v (case_id, rule, severity, description, uuid, number) AS"
            f" (VALUES {', '.join(values)})"
            " SELECT v.uuid, v.number, 'case', c.c_uuid, SUBSTR(c.c_number, 1, 64),"
            " v.rule, v.severity, COALESCE(c.c_item_type, ''), c.c_organisation,"
            " c.c_division, c.c_staff, v.description, %s, %s, %s"
            f" FROM v JOIN ({inner}) c ON c.c_id = v.case_id"
        )
        active = Warning.State.ACTIVE.value
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, active, moment, moment, *inner_params])
            if cursor.rowcount != len(part):
                raise RuntimeError("a swept case disappeared under the sweep's lock")
    return carded


def _cards_insert(numbers: list[str], now: datetime.datetime) -> None:
    """A card for each of these new warnings (by number), as the warning says."""
    moment = _prep(Card, "issued_at", now)
    for start in range(0, len(numbers), INSERT_ROWS):
        part = numbers[start : start + INSERT_ROWS]
        sql = (
            f"INSERT INTO {_table(Card)}"  # noqa: S608 - our tables
            " (warning_id, colour, rule, organisation_id, staff_id, issued_at)"
            " SELECT w.id, w.severity, w.rule, w.organisation_id, w.staff_id, %s"
            f" FROM {_table(Warning)} w"
            f" WHERE w.number IN ({', '.join(['%s'] * len(part))})"
            " ORDER BY w.id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [moment, *part])


def _chunk_sweep(
    chunk: list[Candidate],
    today: datetime.date,
    limits: Thresholds,
    now: datetime.datetime,
    descriptions: dict[Rule, str],
) -> int:
    """Store what changed for one chunk of candidates, in id order: the rows the query
    decided by their bit sets, the others evaluated row by row (``rules.evaluate``);
    the chunk's warnings locked and read in one statement, the new ones inserted with
    their cards in SQL, the state changes in one ``UPDATE`` per state, one audit row
    per case that changed."""
    by_row = {
        s.uuid: evaluate(s.facts, limits)
        for s in case_source.case_subjects_by_id(
            [c.id for c in chunk if c.hits is None], today
        )
    }
    stored = stored_locked("case", [c.uuid for c in chunk])
    raised: list[tuple[int, Rule]] = []
    again: list[int] = []
    cleared: list[int] = []
    audits: list[tuple[Candidate, dict[str, list[str]]]] = []
    for c in chunk:
        if c.hits is None:
            if c.uuid not in by_row:
                continue  # no longer there
            hits: Any = by_row[c.uuid]
        else:
            hits = _rules(c.hits)
        existing = stored.get(c.uuid, {})
        if not hits and not existing:
            continue
        new, changes = changes_of(hits, existing, again, cleared)
        raised.extend((c.id, rule) for rule in new)
        if changes:
            audits.append((c, changes))
    if raised:
        _cards_insert(_warnings_insert(raised, now, descriptions), now)
    states_apply(again, cleared, now)
    for c, changes in audits:
        sweep_audit("case", c.uuid, c.number, changes)
    return sum(len(changes) for _c, changes in audits)


def case_sweep(*, today: datetime.date, limits: Thresholds) -> int:
    """The set-based full sweep of the open cases: the candidates found in one query,
    then stored a chunk per transaction (``_chunk_sweep``); the same warnings, cards
    and audit rows as the row-by-row sweep (``tests/supervision/test_set_based_sweep.py``)."""
    now = timezone.now()
    descriptions = rule_descriptions()
    found = candidates(today=today, limits=limits)
    changed = 0
    for start in range(0, len(found), CHUNK):
        with transaction.atomic(), audit_batch():
            changed += _chunk_sweep(
                found[start : start + CHUNK], today, limits, now, descriptions
            )
    return changed

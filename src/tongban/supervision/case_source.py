"""The case adapter of the supervision registry: a case as the rules see it (``Facts``,
counted on its region's calendar) and as the rollups see it (``CaseSnapshot``).

Known limit: handling time (accepted → closed, for the fast/slow rules) counts working days
of the region's calendar without subtracting special procedures; the history it is
compared with is counted the same way, so the comparison stays fair.
"""

import datetime
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.conf import settings
from django.db.models import Sum

from tongban.calendars.domain.deadlines import local_date
from tongban.calendars.selectors import calendar_for
from tongban.cases import selectors_supervision as reads
from tongban.cases.domain.workflow import HANDLING, State
from tongban.regions import selectors as region_selectors
from tongban.supervision.domain.rollup import CaseSnapshot
from tongban.supervision.domain.rules import Facts, Thresholds
from tongban.supervision.models import MetricRollup
from tongban.supervision.sources import Subject

CLOSED = (State.CLOSED, State.DELIVERED, State.ARCHIVED)
CHUNK = 2000  # sweep rows per query (each with its step start and responsible staff)


class Calendars:
    """The compiled calendar of each division, looked up once per sweep or rollup run:
    ``calendar_for`` checks the notices' revision with a query on every call, right for
    one page, a query per case in a sweep over a million. A division is given as the
    model or as its id (the sweep's rows carry ids only)."""

    def __init__(self) -> None:
        self._by: dict[int, Any] = {}

    def of(self, division: Any) -> Any:
        pk = division if isinstance(division, int) else division.pk
        found = self._by.get(pk)
        if found is None:
            if isinstance(division, int):
                division = region_selectors.division_by_pk(pk=pk)
            found = self._by[pk] = calendar_for(division=division)
        return found

    def prefetch(self, division_ids: Iterable[int]) -> None:
        """Compile the calendars of these divisions, their rows read in one query."""
        missing = {pk for pk in division_ids if pk not in self._by}
        if missing:
            for division in region_selectors.divisions_by_pk(pks=missing):
                self.of(division)

    def between(self, division: Any, start: datetime.date, end: datetime.date) -> int:
        """Working days of the region in ``(start, end]``; none when ``end`` is not
        later."""
        if end <= start:
            return 0
        return int(
            self.of(division).count_working_days(start, end, provisional_ok=True)
        )

    def left(
        self, division: Any, due: datetime.date | None, today: datetime.date
    ) -> int | None:
        """Working days from ``today`` to ``due``: 0 on the due day, negative past it."""
        if due is None:
            return None
        if today <= due:
            return self.between(division, today, due)
        return -self.between(division, due, today)


def handling_days(case: Any, calendars: Calendars | None = None) -> int | None:
    """Working days accepted → closed of a closed case (a model or a sweep row)."""
    if case.state not in CLOSED or not case.accepted_at or not case.closed_at:
        return None
    return (calendars or Calendars()).between(
        case.division_id, local_date(case.accepted_at), local_date(case.closed_at)
    )


def _row_handling_days(row: Any, calendars: Calendars) -> int | None:
    """``handling_days`` of a sweep row, whose times come as local dates."""
    if row.state not in CLOSED or not row.accepted_on or not row.closed_on:
        return None
    return calendars.between(row.division_id, row.accepted_on, row.closed_on)


class _History:
    """Mean handling days of each implementation's closed cases, read once per sweep
    (one query per chunk for the implementations it has not seen yet)."""

    def __init__(self) -> None:
        self._cache: dict[int, tuple[float | None, int]] = {}
        self.calendars = Calendars()
        # Each review step's limit in working days (None: none), read once per sweep.
        self.step_limits = tuple(
            settings.SUPERVISION_STEP_WORKING_DAYS.get(name)
            for name in settings.CASE_REVIEW_STEPS
        )

    def load(self, implementation_ids: Iterable[int]) -> None:
        missing = {i for i in implementation_ids if i not in self._cache}
        if not missing:
            return
        rows = (
            MetricRollup.objects.filter(implementation_id__in=missing)
            .order_by()
            .values("implementation_id")
            .annotate(days=Sum("handling_days"), n=Sum("timed"))
            .values_list("implementation_id", "days", "n")
        )
        for implementation, days, n in rows:
            n = n or 0
            self._cache[implementation] = ((days or 0) / n if n else None, n)
        for implementation in missing - self._cache.keys():
            self._cache[implementation] = (None, 0)

    def get(self, implementation_id: int) -> tuple[float | None, int]:
        if implementation_id not in self._cache:
            self.load([implementation_id])
        return self._cache[implementation_id]


def _step(
    case: Any, today: datetime.date, calendars: Calendars, limits: tuple[Any, ...]
) -> tuple[int | None, int | None]:
    if case.state != "accepted" or case.review_step >= len(limits):
        return None, None
    limit = limits[case.review_step]
    if limit is None or case.step_started_on is None:
        return None, None
    return calendars.between(case.division_id, case.step_started_on, today), int(limit)


def case_facts(case: Any, today: datetime.date, history: _History) -> Facts:
    """The rules' view of one sweep row (``reads.SWEEP_FIELDS``)."""
    running = case.state in HANDLING
    promised = case.promised_due or case.statutory_due
    waiting = case.state == "submitted" and not case.supplement_rounds
    calendars = history.calendars
    division = case.division_id
    step_days, step_limit = _step(case, today, calendars, history.step_limits)
    mean, count = history.get(case.implementation_id)
    return Facts(
        running=running,
        promised_left=calendars.left(division, promised, today) if running else None,
        statutory_passed=reads.case_statutory_overdue(case, today),
        acceptance_left=(
            calendars.left(division, case.acceptance_due, today) if waiting else None
        ),
        step_days=step_days,
        step_limit=step_limit,
        refused_or_denied=case.state == "refused" or case.decision == "deny",
        reasons=case.decision_reasons or "",
        supplement_rounds=case.supplement_rounds,
        handling_days=_row_handling_days(case, calendars),
        history_mean=mean,
        history_count=count,
    )


def case_subject(case: Any, today: datetime.date, history: _History) -> Subject:
    return Subject(
        kind="case",
        uuid=case.uuid,
        number=case.number,
        organisation_id=case.organisation_id,
        division_id=case.division_id,
        staff_id=case.staff,
        item_type=case.item_type or "",
        facts=case_facts(case, today, history),
    )


def _month(moment: datetime.datetime | None) -> str | None:
    return local_date(moment).strftime("%Y-%m") if moment else None


def case_snapshot(
    case: Any, version: int, calendars: Calendars | None = None
) -> CaseSnapshot:
    closed = case.state in CLOSED and case.closed_at is not None
    on_time = None
    if closed and case.promised_due is not None:
        on_time = local_date(case.closed_at) <= case.promised_due
    return CaseSnapshot(
        subject=str(case.uuid),
        version=version,
        submitted_month=_month(case.submitted_at) or "",
        online=case.channel in ("2", "3"),
        instant=case.version.case_type == "1",
        refused_month=_month(case.closed_at) if case.state == "refused" else None,
        closed_month=_month(case.closed_at) if closed else None,
        on_time=on_time,
        handling_days=handling_days(case, calendars) if closed else None,
    )


def _subjects(rows: Iterable[Any], today: datetime.date) -> Iterator[Subject]:
    history = _History()
    iterator = iter(rows)
    while chunk := list(islice(iterator, CHUNK)):
        history.load({row.implementation_id for row in chunk})
        history.calendars.prefetch({row.division_id for row in chunk})
        for row in chunk:
            yield case_subject(row, today, history)


def _open_rows() -> Iterator[Any]:
    """Every open case's sweep row, a keyset page of ``CHUNK`` per query."""
    after = 0
    while page := list(reads.case_rows_open(after=after, limit=CHUNK)):
        yield from page
        after = page[-1].id


def _rows_by_id(ids: list[int]) -> Iterator[Any]:
    for start in range(0, len(ids), CHUNK):
        yield from reads.case_rows_by_id(ids[start : start + CHUNK])


class CaseSource:
    kind = "case"

    def open_subjects(self, *, today: datetime.date) -> Iterator[Subject]:
        return _subjects(_open_rows(), today)

    def changed_subjects(
        self, *, today: datetime.date, limits: Thresholds
    ) -> Iterator[Subject]:
        """The open cases whose warnings can change today (``case_candidates``): the
        full sweep's set-based filter, the rest as ``open_subjects``."""
        from tongban.supervision.case_candidates import changed_case_ids

        return _subjects(
            _rows_by_id(changed_case_ids(today=today, limits=limits)), today
        )

    def changes_after(self, *, position: int, limit: int) -> tuple[list[Any], int]:
        return reads.case_changes_after(position=position, limit=limit)

    def subjects(
        self, *, uuids: Iterable[Any], today: datetime.date
    ) -> Iterator[Subject]:
        return _subjects(reads.case_rows_by_uuid(uuids), today)

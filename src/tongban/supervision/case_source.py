"""The case adapter of the supervision registry: a case as the rules see it (``Facts``,
counted on its region's calendar) and as the rollups see it (``CaseSnapshot``).

Known limit: handling time (accepted → closed, for the fast/slow rules) counts working days
of the region's calendar without subtracting special procedures; the history it is
compared with is counted the same way, so the comparison stays fair.
"""

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db.models import Sum

from tongban.calendars.domain.deadlines import local_date
from tongban.cases import selectors_supervision as reads
from tongban.cases.domain.workflow import HANDLING, State
from tongban.lifecycle.clock import working_days_left
from tongban.supervision.domain.rollup import CaseSnapshot
from tongban.supervision.domain.rules import Facts
from tongban.supervision.models import MetricRollup
from tongban.supervision.sources import Subject

CLOSED = (State.CLOSED, State.DELIVERED, State.ARCHIVED)


def _working_days(case: Any, start: datetime.date, end: datetime.date) -> int:
    """Working days of the case's region in ``(start, end]``; none when ``end`` is not
    later."""
    if end <= start:
        return 0
    return working_days_left(division=case.division, due=end, today=start) or 0


def handling_days(case: Any) -> int | None:
    if case.state not in CLOSED or not case.accepted_at or not case.closed_at:
        return None
    return _working_days(case, local_date(case.accepted_at), local_date(case.closed_at))


class _History:
    """Mean handling days of an implementation's closed cases, read once per sweep."""

    def __init__(self) -> None:
        self._cache: dict[int, tuple[float | None, int]] = {}

    def get(self, implementation_id: int) -> tuple[float | None, int]:
        if implementation_id not in self._cache:
            row = MetricRollup.objects.filter(
                implementation_id=implementation_id
            ).aggregate(days=Sum("handling_days"), n=Sum("timed"))
            n = row["n"] or 0
            self._cache[implementation_id] = ((row["days"] or 0) / n if n else None, n)
        return self._cache[implementation_id]


def _step(case: Any, today: datetime.date) -> tuple[int | None, int | None]:
    steps = list(settings.CASE_REVIEW_STEPS)
    limits = settings.SUPERVISION_STEP_WORKING_DAYS
    if case.state != "accepted" or case.review_step >= len(steps):
        return None, None
    limit = limits.get(steps[case.review_step])
    started = reads.case_step_started(case)
    if limit is None or started is None:
        return None, None
    return _working_days(case, local_date(started), today), int(limit)


def case_facts(case: Any, today: datetime.date, history: _History) -> Facts:
    running = case.state in HANDLING
    promised = case.promised_due or case.statutory_due
    waiting = case.state == "submitted" and not case.supplement_rounds
    step_days, step_limit = _step(case, today)
    mean, count = history.get(case.implementation_id)
    return Facts(
        running=running,
        promised_left=reads.case_days_to(case, promised, today) if running else None,
        statutory_passed=reads.case_statutory_overdue(case, today),
        acceptance_left=(
            reads.case_days_to(case, case.acceptance_due, today) if waiting else None
        ),
        step_days=step_days,
        step_limit=step_limit,
        refused_or_denied=case.state == "refused" or case.decision == "deny",
        reasons=case.decision_reasons or "",
        supplement_rounds=case.supplement_rounds,
        handling_days=handling_days(case),
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
        staff_id=reads.case_responsible_staff(case),
        item_type=case.implementation.basic_item.item_type,
        facts=case_facts(case, today, history),
    )


def _month(moment: datetime.datetime | None) -> str | None:
    return local_date(moment).strftime("%Y-%m") if moment else None


def case_snapshot(case: Any, version: int) -> CaseSnapshot:
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
        handling_days=handling_days(case) if closed else None,
    )


class CaseSource:
    kind = "case"

    def open_subjects(self, *, today: datetime.date) -> Iterator[Subject]:
        history = _History()
        for case in reads.cases_open().iterator(chunk_size=2000):
            yield case_subject(case, today, history)

    def changes_after(self, *, position: int, limit: int) -> tuple[list[Any], int]:
        return reads.case_changes_after(position=position, limit=limit)

    def subjects(
        self, *, uuids: Iterable[Any], today: datetime.date
    ) -> Iterator[Subject]:
        history = _History()
        for case in reads.cases_by_uuid(uuids):
            yield case_subject(case, today, history)

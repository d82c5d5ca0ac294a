"""The supervision sweep as it was before the bulk write path (``bench.supervision_sweep``
runs it beside the current one in the same run, as the baseline): case subjects built
from model instances with two event queries per chunk, and per subject a lock, a
``full_clean`` and one INSERT per warning and card, one UPDATE per state change and one
audit append. Kept only for the benchmark; nothing in the application imports it."""

# ruff: noqa
# mypy: ignore-errors
import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.conf import settings
from django.db.models import Sum

from tongban.calendars.domain.deadlines import local_date
from tongban.calendars.selectors import calendar_for
from tongban.cases import selectors_supervision as reads
from tongban.cases.domain.workflow import HANDLING, State
from tongban.supervision.domain.rollup import CaseSnapshot
from tongban.supervision.domain.rules import Facts
from tongban.supervision.models import MetricRollup
from tongban.supervision.sources import Subject
import secrets
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import transaction
from django.utils import timezone, translation

from tongban.core.permissions import SYSTEM
from tongban.core.services import audit_record
from tongban.supervision.domain.rules import (
    SEVERITY,
    Rule,
    Severity,
    Thresholds,
    evaluate,
)
from tongban.supervision.models import RULE_LABELS, Card, Warning

CLOSED = (State.CLOSED, State.DELIVERED, State.ARCHIVED)
CHUNK = 2000  # cases per round of event reads (two queries per chunk, not per case)


class Calendars:
    """The compiled calendar of each division, looked up once per sweep or rollup run:
    ``calendar_for`` checks the notices' revision with a query on every call, right for
    one page, a query per case in a sweep over a million."""

    def __init__(self) -> None:
        self._by: dict[int, Any] = {}

    def of(self, division: Any) -> Any:
        found = self._by.get(division.pk)
        if found is None:
            found = self._by[division.pk] = calendar_for(division=division)
        return found

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
    if case.state not in CLOSED or not case.accepted_at or not case.closed_at:
        return None
    return (calendars or Calendars()).between(
        case.division, local_date(case.accepted_at), local_date(case.closed_at)
    )


class _History:
    """Mean handling days of an implementation's closed cases, read once per sweep."""

    def __init__(self) -> None:
        self._cache: dict[int, tuple[float | None, int]] = {}
        self.calendars = Calendars()

    def get(self, implementation_id: int) -> tuple[float | None, int]:
        if implementation_id not in self._cache:
            row = MetricRollup.objects.filter(
                implementation_id=implementation_id
            ).aggregate(days=Sum("handling_days"), n=Sum("timed"))
            n = row["n"] or 0
            self._cache[implementation_id] = ((row["days"] or 0) / n if n else None, n)
        return self._cache[implementation_id]


def _step(
    case: Any,
    today: datetime.date,
    started: datetime.datetime | None,
    calendars: Calendars,
) -> tuple[int | None, int | None]:
    steps = list(settings.CASE_REVIEW_STEPS)
    limits = settings.SUPERVISION_STEP_WORKING_DAYS
    if case.state != "accepted" or case.review_step >= len(steps):
        return None, None
    limit = limits.get(steps[case.review_step])
    if limit is None or started is None:
        return None, None
    return calendars.between(case.division, local_date(started), today), int(limit)


@dataclass(frozen=True)
class _Chunk:
    """What the rules need from the case events, read once for a chunk of cases."""

    step_started: dict[int, datetime.datetime]
    staff: dict[int, int]

    @classmethod
    def of(cls, cases: list[Any]) -> "_Chunk":
        return cls(reads.case_step_starts(cases), reads.case_responsible_staff(cases))


def case_facts(
    case: Any, today: datetime.date, history: _History, chunk: _Chunk
) -> Facts:
    running = case.state in HANDLING
    promised = case.promised_due or case.statutory_due
    waiting = case.state == "submitted" and not case.supplement_rounds
    calendars = history.calendars
    started = chunk.step_started.get(case.pk)
    step_days, step_limit = _step(case, today, started, calendars)
    mean, count = history.get(case.implementation_id)
    return Facts(
        running=running,
        promised_left=calendars.left(case.division, promised, today)
        if running
        else None,
        statutory_passed=reads.case_statutory_overdue(case, today),
        acceptance_left=(
            calendars.left(case.division, case.acceptance_due, today)
            if waiting
            else None
        ),
        step_days=step_days,
        step_limit=step_limit,
        refused_or_denied=case.state == "refused" or case.decision == "deny",
        reasons=case.decision_reasons or "",
        supplement_rounds=case.supplement_rounds,
        handling_days=handling_days(case, calendars),
        history_mean=mean,
        history_count=count,
    )


def case_subject(
    case: Any, today: datetime.date, history: _History, chunk: _Chunk
) -> Subject:
    return Subject(
        kind="case",
        uuid=case.uuid,
        number=case.number,
        organisation_id=case.organisation_id,
        division_id=case.division_id,
        staff_id=chunk.staff.get(case.pk),
        item_type=case.implementation.basic_item.item_type,
        facts=case_facts(case, today, history, chunk),
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


def _subjects(cases: Iterable[Any], today: datetime.date) -> Iterator[Subject]:
    history = _History()
    iterator = iter(cases)
    while chunk := list(islice(iterator, CHUNK)):
        events = _Chunk.of(chunk)
        for case in chunk:
            yield case_subject(case, today, history, events)


SWEEP_CHUNK = 500


def thresholds() -> Thresholds:
    return Thresholds(
        near_working_days=settings.SUPERVISION_NEAR_WORKING_DAYS,
        max_supplement_rounds=settings.SUPERVISION_MAX_SUPPLEMENT_ROUNDS,
        min_reason_chars=settings.SUPERVISION_MIN_REASON_CHARS,
        history_min_cases=settings.SUPERVISION_HISTORY_MIN_CASES,
        fast_ratio=settings.SUPERVISION_FAST_RATIO,
        slow_ratio=settings.SUPERVISION_SLOW_RATIO,
    )


def _number(now: datetime.datetime) -> str:
    return f"JC{timezone.localtime(now):%Y%m%d}{secrets.token_hex(5).upper()}"


def _description(rule: Rule) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(RULE_LABELS[rule])


def _raise(subject: Subject, rule: Rule, now: datetime.datetime) -> Warning:
    severity = SEVERITY[rule]
    warning = Warning(
        number=_number(now),
        subject_kind=subject.kind,
        subject_uuid=subject.uuid,
        subject_number=subject.number,
        rule=rule.value,
        severity=severity.value,
        item_type=subject.item_type,
        organisation_id=subject.organisation_id,
        division_id=subject.division_id,
        staff_id=subject.staff_id,
        description=_description(rule),
        raised_at=now,
        state_changed_at=now,
    )
    warning.full_clean(exclude=["organisation", "division", "staff"])
    warning.save()
    if severity in (Severity.YELLOW, Severity.RED):
        Card.objects.create(
            warning=warning,
            colour=severity.value,
            rule=rule.value,
            organisation_id=subject.organisation_id,
            staff_id=subject.staff_id,
            issued_at=now,
        )
    return warning


def _set_state(warning: Warning, state: str, now: datetime.datetime) -> None:
    # A queryset update: only the case writer assigns ``.state`` (test_single_writer).
    Warning.objects.filter(pk=warning.pk).update(state=state, state_changed_at=now)


def _apply(
    subject: Subject, existing: dict[str, Warning], now: datetime.datetime
) -> int:
    """Store what changed for one subject; the number of warnings raised or cleared."""
    hits = evaluate(subject.facts, thresholds())
    changed: list[tuple[str, str, str]] = []
    for rule in hits:
        warning = existing.get(rule.value)
        if warning is None:
            _raise(subject, rule, now)
            changed.append((rule.value, "", Warning.State.ACTIVE))
        elif warning.state != Warning.State.ACTIVE:
            _set_state(warning, Warning.State.ACTIVE, now)
            changed.append((rule.value, warning.state, Warning.State.ACTIVE))
    for code, warning in existing.items():
        if Rule(code) not in hits and warning.state == Warning.State.ACTIVE:
            _set_state(warning, Warning.State.CLEARED, now)
            changed.append((code, Warning.State.ACTIVE, Warning.State.CLEARED))
    if changed:
        audit_record(
            actor=SYSTEM,
            action="supervision.sweep",
            object_type=f"supervision.{subject.kind}",
            object_id=str(subject.uuid),
            object_repr=subject.number,
            changes={code: [old, new] for code, old, new in changed},
        )
    return len(changed)


def _chunks(items: Iterable[Subject]) -> Iterator[list[Subject]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, SWEEP_CHUNK)):
        yield chunk


def subjects_sweep(
    subjects: Iterable[Subject], *, now: datetime.datetime | None = None
) -> int:
    """Evaluate and store for ``subjects``, a chunk per transaction."""
    now = now or timezone.now()
    changed = 0
    for chunk in _chunks(subjects):
        with transaction.atomic():
            rows: dict[tuple[str, Any], dict[str, Warning]] = {}
            uuids = [s.uuid for s in chunk]
            for warning in Warning.objects.select_for_update().filter(
                subject_uuid__in=uuids
            ):
                rows.setdefault((warning.subject_kind, warning.subject_uuid), {})[
                    warning.rule
                ] = warning
            for subject in chunk:
                changed += _apply(
                    subject, rows.get((subject.kind, subject.uuid), {}), now
                )
    return changed


def open_subjects(today: datetime.date) -> Iterator[Subject]:
    return _subjects(reads.cases_open().iterator(chunk_size=CHUNK), today)


def subjects_of(uuids: Iterable[Any], today: datetime.date) -> Iterator[Subject]:
    return _subjects(reads.cases_by_uuid(uuids), today)


# The rollups' incremental fold as it was: per case a savepoint, the contribution's
# get-or-create and save, and per month a get-or-create and an UPDATE.
from collections import defaultdict

from django.db.models import F

from tongban.supervision.domain.rollup import Key, contribution, decode, delta, encode
from tongban.supervision.models import CaseContribution, MetricRollup

Cell = tuple[int, int, int]


def _add(cell: Cell, change: dict[Key, int]) -> None:
    by_month: dict[str, dict[str, int]] = defaultdict(dict)
    for (month, name), value in change.items():
        by_month[month][name] = value
    for month, values in by_month.items():
        row, _created = MetricRollup.objects.get_or_create(
            month=month,
            division_id=cell[0],
            organisation_id=cell[1],
            implementation_id=cell[2],
        )
        MetricRollup.objects.filter(pk=row.pk).update(
            **{name: F(name) + value for name, value in values.items()}
        )


@transaction.atomic
def rollup_apply(*, snapshot: CaseSnapshot, cell: Cell) -> bool:
    """Fold ``snapshot`` in; ``False`` when an equal or newer one is already stored
    with the same contribution (nothing to do)."""
    stored, _created = CaseContribution.objects.select_for_update().get_or_create(
        case_uuid=snapshot.subject,
        defaults={
            "version": -1,
            "division_id": cell[0],
            "organisation_id": cell[1],
            "implementation_id": cell[2],
            "counts": {},
        },
    )
    if snapshot.version < stored.version:
        return False
    new = contribution(snapshot)
    change = delta(decode(stored.counts), new)
    stored.version = snapshot.version
    stored.counts = encode(new)
    stored.save(update_fields=["version", "counts"])
    if change:
        _add(cell, change)
    return bool(change)


def rollups_apply_cases(*, uuids: Iterable[Any]) -> int:
    cases = list(reads.cases_by_uuid(uuids))
    versions = reads.case_last_event_ids(c.pk for c in cases)
    calendars = Calendars()
    applied = 0
    for case in cases:
        snapshot = case_snapshot(case, versions.get(case.pk, 0), calendars)
        cell = (case.division_id, case.organisation_id, case.implementation_id)
        applied += rollup_apply(snapshot=snapshot, cell=cell)
    return applied

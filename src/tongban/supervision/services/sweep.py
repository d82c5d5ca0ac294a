"""The supervision sweep: evaluate the rules for subjects and store what changed.

``supervision_sweep`` (scheduler) looks at every open subject of every registered source;
``supervision_sweep_changes`` (scheduler, every minute) reads each source's change feed
after its cursor and looks again at the subjects that changed, including closed ones (the
rules about reasons and handling time hold at closing). Both are idempotent: a warning is
one row per subject and rule, raised once, cleared when the rule stops holding, raised
again if it holds again; a yellow or red card is issued once per warning. Only changes are
audited, so a sweep that finds nothing new writes nothing.
"""

import datetime
import secrets
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.conf import settings
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
from tongban.supervision.models import RULE_LABELS, Card, SweepCursor, Warning
from tongban.supervision.sources import Subject, source, sources

CHUNK = 500


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
    while chunk := list(islice(iterator, CHUNK)):
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


def supervision_sweep(*, today: datetime.date | None = None) -> dict[str, int]:
    """The full sweep over every open subject of every source."""
    today = today or timezone.localdate()
    return {s.kind: subjects_sweep(s.open_subjects(today=today)) for s in sources()}


def supervision_sweep_changes(
    *, today: datetime.date | None = None, limit: int = 1000
) -> dict[str, int]:
    """The incremental sweep: subjects changed since each source's cursor, then the
    rollups of the changed cases; the cursor moves in the same transaction."""
    from tongban.supervision.services.rollups import rollups_apply_cases

    today = today or timezone.localdate()
    done = {}
    for s in sources():
        with transaction.atomic():
            cursor, _created = SweepCursor.objects.select_for_update().get_or_create(
                source=s.kind
            )
            uuids, position = s.changes_after(position=cursor.position, limit=limit)
            done[s.kind] = subjects_sweep(s.subjects(uuids=uuids, today=today))
            if s.kind == "case" and uuids:
                rollups_apply_cases(uuids=uuids)
            cursor.position = position
            cursor.save(update_fields=["position", "updated_at"])
    return done


def subject_resweep(*, kind: str, uuid: Any) -> int:
    """Look again at one subject now (after a 督办 reply, or from a page)."""
    found = source(kind)
    if found is None:
        return 0
    return subjects_sweep(found.subjects(uuids=[uuid], today=timezone.localdate()))

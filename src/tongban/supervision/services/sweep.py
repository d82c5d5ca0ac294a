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
from tongban.core.services import audit_batch, audit_record
from tongban.supervision.domain.rules import (
    SEVERITY,
    Rule,
    Severity,
    Thresholds,
    evaluate,
)
from tongban.supervision.models import RULE_LABELS, Card, SweepCursor, Warning
from tongban.supervision.sources import Subject, source, sources

CHUNK = 2000


def thresholds() -> Thresholds:
    return Thresholds(
        near_working_days=settings.SUPERVISION_NEAR_WORKING_DAYS,
        max_supplement_rounds=settings.SUPERVISION_MAX_SUPPLEMENT_ROUNDS,
        min_reason_chars=settings.SUPERVISION_MIN_REASON_CHARS,
        history_min_cases=settings.SUPERVISION_HISTORY_MIN_CASES,
        fast_ratio=settings.SUPERVISION_FAST_RATIO,
        slow_ratio=settings.SUPERVISION_SLOW_RATIO,
        route_working_days=settings.SUPERVISION_ROUTE_WORKING_DAYS,
    )


def _number(now: datetime.datetime) -> str:
    return f"JC{timezone.localtime(now):%Y%m%d}{secrets.token_hex(8).upper()}"


def _descriptions() -> dict[Rule, str]:
    with translation.override(settings.LANGUAGE_CODE):
        return {rule: str(label) for rule, label in RULE_LABELS.items()}


def _warning(
    subject: Subject, rule: Rule, now: datetime.datetime, descriptions: dict[Rule, str]
) -> Warning:
    return Warning(
        number=_number(now),
        subject_kind=subject.kind,
        subject_uuid=subject.uuid,
        subject_number=subject.number[:64],
        rule=rule.value,
        severity=SEVERITY[rule].value,
        item_type=subject.item_type,
        organisation_id=subject.organisation_id,
        division_id=subject.division_id,
        staff_id=subject.staff_id,
        description=descriptions[rule],
        raised_at=now,
        state_changed_at=now,
    )


_CARDED = (Severity.YELLOW.value, Severity.RED.value)


def _chunk_apply(
    chunk: list[Subject],
    limits: Thresholds,
    now: datetime.datetime,
    descriptions: dict[Rule, str],
) -> int:
    """Evaluate one chunk and store what changed in a few statements: the chunk's
    warnings locked and read in one, the new warnings and their cards inserted in one
    each, the state changes in one ``UPDATE`` per target state, and one audit row per
    subject that changed (appended to the chain together by ``audit_batch``). A chunk
    in which nothing changed writes nothing."""
    ACTIVE, CLEARED = Warning.State.ACTIVE, Warning.State.CLEARED
    stored: dict[tuple[str, Any], dict[str, tuple[int, str]]] = {}
    rows = (
        Warning.objects.select_for_update()
        .filter(subject_uuid__in=[s.uuid for s in chunk])
        .values_list("pk", "subject_kind", "subject_uuid", "rule", "state")
    )
    for pk, kind, uuid, rule, state in rows:
        stored.setdefault((kind, uuid), {})[rule] = (pk, state)
    raised: list[Warning] = []
    again: list[int] = []
    cleared: list[int] = []
    audits: list[tuple[Subject, dict[str, list[str]]]] = []
    for subject in chunk:
        hits = evaluate(subject.facts, limits)
        existing = stored.get((subject.kind, subject.uuid), {})
        if not hits and not existing:
            continue
        changes: dict[str, list[str]] = {}
        for rule in sorted(hits):
            found = existing.get(rule.value)
            if found is None:
                raised.append(_warning(subject, rule, now, descriptions))
                changes[rule.value] = ["", ACTIVE]
            elif found[1] != ACTIVE:
                again.append(found[0])
                changes[rule.value] = [found[1], ACTIVE]
        codes = {rule.value for rule in hits}
        for code, (pk, state) in existing.items():
            if code not in codes and state == ACTIVE:
                cleared.append(pk)
                changes[code] = [ACTIVE, CLEARED]
        if changes:
            audits.append((subject, changes))
    if raised:
        Warning.objects.bulk_create(raised)
        Card.objects.bulk_create(
            [
                Card(
                    warning=w,
                    colour=w.severity,
                    rule=w.rule,
                    organisation_id=w.organisation_id,
                    staff_id=w.staff_id,
                    issued_at=now,
                )
                for w in raised
                if w.severity in _CARDED
            ]
        )
    # Queryset updates: only the case writer assigns ``.state`` (test_single_writer).
    if again:
        Warning.objects.filter(pk__in=again).update(state=ACTIVE, state_changed_at=now)
    if cleared:
        Warning.objects.filter(pk__in=cleared).update(
            state=CLEARED, state_changed_at=now
        )
    for subject, changes in audits:
        audit_record(
            actor=SYSTEM,
            action="supervision.sweep",
            object_type=f"supervision.{subject.kind}",
            object_id=str(subject.uuid),
            object_repr=subject.number,
            changes=changes,
        )
    return sum(len(changes) for _subject, changes in audits)


def _chunks(items: Iterable[Subject]) -> Iterator[list[Subject]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def subjects_sweep(
    subjects: Iterable[Subject], *, now: datetime.datetime | None = None
) -> int:
    """Evaluate and store for ``subjects``, a chunk per transaction."""
    now = now or timezone.now()
    limits = thresholds()
    descriptions = _descriptions()
    changed = 0
    for chunk in _chunks(subjects):
        with transaction.atomic(), audit_batch():
            changed += _chunk_apply(chunk, limits, now, descriptions)
    return changed


def supervision_sweep(
    *, today: datetime.date | None = None, set_based: bool = True
) -> dict[str, int]:
    """The full sweep over every open subject of every source. A source that can tell
    in SQL which of its open subjects may change (``changed_subjects``: cases) is swept
    over those only; ``set_based=False`` looks at every open subject row by row (the
    reference the set-based filter is tested against)."""
    today = today or timezone.localdate()
    limits = thresholds()
    done = {}
    for s in sources():
        changed = getattr(s, "changed_subjects", None)
        if set_based and changed is not None:
            subjects = changed(today=today, limits=limits)
        else:
            subjects = s.open_subjects(today=today)
        done[s.kind] = subjects_sweep(subjects)
    return done


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

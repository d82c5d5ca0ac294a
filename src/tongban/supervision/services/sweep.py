"""The supervision sweep: evaluate the rules for subjects and store what changed.

``supervision_sweep`` (scheduler) looks at every open subject of every registered source;
``supervision_sweep_changes`` (scheduler, every minute) reads each source's change feed
after its cursor and looks again at the subjects that changed, including closed ones (the
rules about reasons and handling time hold at closing). Both are idempotent: a warning is
one row per subject and rule, raised once, cleared when the rule stops holding, raised
again if it holds again; a yellow or red card is issued once per warning. Only changes are
audited, one audit row per chunk that changed naming each of them (``_audit``), so a sweep
that finds nothing new writes nothing.
"""

import datetime
import secrets
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model
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


def _number(prefix: str) -> str:
    """监察编号: ``prefix`` (``_prefix``) and 16 random hex digits."""
    return f"{prefix}{secrets.token_hex(8).upper()}"


def _prefix(now: datetime.datetime) -> str:
    return f"JC{timezone.localtime(now):%Y%m%d}"


def _descriptions() -> dict[Rule, str]:
    with translation.override(settings.LANGUAGE_CODE):
        return {rule: str(label) for rule, label in RULE_LABELS.items()}


_CARDED = (Severity.YELLOW.value, Severity.RED.value)
# The columns of the warnings and cards the sweep writes, in the order of its rows.
_WARNING_COLUMNS = (
    "id",
    "uuid",
    "number",
    "subject_kind",
    "subject_uuid",
    "subject_number",
    "rule",
    "severity",
    "item_type",
    "organisation_id",
    "division_id",
    "staff_id",
    "description",
    "state",
    "raised_at",
    "state_changed_at",
)
_CARD_COLUMNS = (
    "id",
    "warning_id",
    "colour",
    "rule",
    "organisation_id",
    "staff_id",
    "issued_at",
)
# What each entry of a sweep's audit row says, in this order (``changes["columns"]``).
AUDIT_COLUMNS = ("subject", "number", "rule", "from", "to", "warning", "card")


def _copy(
    model: type[Model], columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """``COPY … FROM STDIN`` of ``rows`` (PostgreSQL), shown to Django's query log like
    any statement, so statement counts see it."""
    ops = connection.ops
    sql = (
        f"COPY {ops.quote_name(model._meta.db_table)} "
        f"({', '.join(ops.quote_name(c) for c in columns)}) FROM STDIN"
    )
    began = time.monotonic()
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
    if connection.queries_logged:
        connection.queries_log.append(
            {
                "sql": f"{sql} -- {len(rows)} rows",
                "time": f"{time.monotonic() - began:.3f}",
            }
        )


def _new_ids(warnings: int, cards: int) -> tuple[list[int], list[str], list[int]]:
    """Ids for the new warnings and cards from their tables' sequences, and the
    warnings' UUIDs (``gen_random_uuid()``), made in one statement (PostgreSQL), so
    the cards can name their warnings and the audit row both without a ``RETURNING``
    list."""
    sequence = "nextval((SELECT pg_get_serial_sequence(%s, 'id'))::regclass)"
    agg = "COALESCE(array_agg({}), '{{}}')"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {agg.format(sequence)}, {agg.format('gen_random_uuid()::text')},"  # noqa: S608 - our constants
            f" (SELECT {agg.format(sequence)} FROM generate_series(1, %s))"
            " FROM generate_series(1, %s)",
            [Warning._meta.db_table, Card._meta.db_table, cards, warnings],
        )
        warning_ids, uuids, card_ids = cursor.fetchone()
    return list(warning_ids), list(uuids), list(card_ids)


def _insert(
    raised: list[tuple[Subject, Rule]],
    now: datetime.datetime,
    descriptions: dict[Rule, str],
) -> list[tuple[int, int | None]]:
    """Insert the new warnings and the cards of the yellow and red ones, one
    statement each (``COPY`` on PostgreSQL, ``bulk_create`` elsewhere); returns each
    new warning's id and its card's (``None``: a prompt earns no card)."""
    carded = [SEVERITY[rule].value in _CARDED for _subject, rule in raised]
    prefix = _prefix(now)
    if connection.vendor == "postgresql":
        warning_ids, uuids, card_ids = _new_ids(len(raised), sum(carded))
        # Values as the text COPY writes them, each made once: the time, and per rule
        # its code, severity and description.
        at = now.isoformat()
        active = Warning.State.ACTIVE.value
        of_rule = {
            rule: (rule.value, SEVERITY[rule].value, descriptions[rule])
            for rule in {rule for _subject, rule in raised}
        }
        warnings = []
        cards = []
        made: list[tuple[int, int | None]] = []
        free = iter(card_ids)
        rows = zip(warning_ids, uuids, raised, carded, strict=True)
        for pk, uuid_, (subject, rule), card in rows:
            code, severity, description = of_rule[rule]
            warnings.append(
                (
                    pk,
                    uuid_,
                    _number(prefix),
                    subject.kind,
                    subject.uuid,
                    subject.number[:64],
                    code,
                    severity,
                    subject.item_type,
                    subject.organisation_id,
                    subject.division_id,
                    subject.staff_id,
                    description,
                    active,
                    at,
                    at,
                )
            )
            if card:
                card_id = next(free)
                cards.append(
                    (
                        card_id,
                        pk,
                        severity,
                        code,
                        subject.organisation_id,
                        subject.staff_id,
                        at,
                    )
                )
                made.append((pk, card_id))
            else:
                made.append((pk, None))
        _copy(Warning, _WARNING_COLUMNS, warnings)
        _copy(Card, _CARD_COLUMNS, cards)
        return made
    objects = Warning.objects.bulk_create(
        [
            Warning(
                number=_number(prefix),
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
            for subject, rule in raised
        ]
    )
    issued = Card.objects.bulk_create(
        [
            Card(
                warning=w,
                colour=w.severity,
                rule=w.rule,
                organisation_id=w.organisation_id,
                staff_id=w.staff_id,
                issued_at=now,
            )
            for w, card in zip(objects, carded, strict=True)
            if card
        ]
    )
    by_warning = {c.warning_id: c.pk for c in issued}
    return [(w.pk, by_warning.get(w.pk)) for w in objects]


def _audit(kind: str, entries: list[list[Any]], subjects: list[Subject]) -> None:
    """One audit row for the chunk (the sweep is a system actor): every warning it
    raised, raised again or cleared, as ``[subject uuid, subject number, rule, from,
    to, warning id, card id]`` (``changes["columns"]``), in the order of the chunk's
    subjects, the rules of each in order; the card is the one issued with a new yellow
    or red warning."""
    if len(subjects) == 1:
        object_id, object_repr = str(subjects[0].uuid), subjects[0].number
    else:
        object_id = ""
        object_repr = f"{subjects[0].number} … {subjects[-1].number} ({len(subjects)})"
    audit_record(
        actor=SYSTEM,
        action="supervision.sweep",
        object_type=f"supervision.{kind}",
        object_id=object_id,
        object_repr=object_repr,
        changes={
            "subjects": len(subjects),
            "columns": list(AUDIT_COLUMNS),
            "changes": entries,
        },
    )


def _locked(chunk: list[Subject]) -> Iterable[tuple[int, str, Any, str, str]]:
    """The chunk's stored warnings, locked: id, kind, subject, rule, state. On
    PostgreSQL one index probe per subject (a ``LATERAL`` join over the subjects as
    arrays), whatever the planner believes of the table: on a first sweep the warnings
    table grows from empty with no statistics, and a plain ``IN`` list was planned as
    a scan of every warning stored so far, for each chunk."""
    if connection.vendor != "postgresql":
        return (
            Warning.objects.select_for_update()
            .filter(
                subject_kind__in={s.kind for s in chunk},
                subject_uuid__in=[s.uuid for s in chunk],
            )
            .values_list("pk", "subject_kind", "subject_uuid", "rule", "state")
        )
    table = connection.ops.quote_name(Warning._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w.id, w.subject_kind, w.subject_uuid, w.rule, w.state"  # noqa: S608 - our table
            " FROM unnest(%s::varchar[], %s::uuid[]) AS s(kind, uuid),"
            " LATERAL (SELECT id, subject_kind, subject_uuid, rule, state"
            f" FROM {table} WHERE subject_kind = s.kind AND subject_uuid = s.uuid"
            " FOR UPDATE) w",
            [[s.kind for s in chunk], [s.uuid for s in chunk]],
        )
        return cursor.fetchall()


def _chunk_apply(
    chunk: list[Subject],
    limits: Thresholds,
    now: datetime.datetime,
    descriptions: dict[Rule, str],
) -> int:
    """Evaluate one chunk and store what changed in a few statements: the chunk's
    warnings locked and read in one, the new warnings' and cards' ids taken in one and
    the rows inserted in one each (``COPY`` on PostgreSQL), the state changes in one
    ``UPDATE`` per target state, and one audit row naming every change of the chunk
    (``_audit``). A chunk in which nothing changed writes nothing."""
    ACTIVE, CLEARED = Warning.State.ACTIVE, Warning.State.CLEARED
    stored: dict[tuple[str, Any], dict[str, tuple[int, str]]] = {}
    rows = _locked(chunk)
    for pk, kind, uuid_, rule, state in rows:
        stored.setdefault((kind, uuid_), {})[rule] = (pk, state)
    raised: list[tuple[Subject, Rule]] = []
    again: list[int] = []
    cleared: list[int] = []
    entries: list[list[Any]] = []
    fresh: list[int] = []  # the entries of the new warnings, in ``raised`` order
    changed: list[Subject] = []
    for subject in chunk:
        hits = evaluate(subject.facts, limits)
        existing = stored.get((subject.kind, subject.uuid), {})
        if not hits and not existing:
            continue
        mine: list[tuple[str, str, str, int | None]] = []  # rule, from, to, warning
        for rule in hits:
            found = existing.get(rule.value)
            if found is None:
                mine.append((rule.value, "", ACTIVE.value, None))
            elif found[1] != ACTIVE:
                again.append(found[0])
                mine.append((rule.value, found[1], ACTIVE.value, found[0]))
        codes = {rule.value for rule in hits}
        for code, (pk, state) in existing.items():
            if code not in codes and state == ACTIVE:
                cleared.append(pk)
                mine.append((code, ACTIVE.value, CLEARED.value, pk))
        if not mine:
            continue
        for code, old, new, warning in sorted(mine):
            if warning is None:  # new: its ids are filled in once inserted
                fresh.append(len(entries))
                raised.append((subject, Rule(code)))
            entries.append(
                [str(subject.uuid), subject.number, code, old, new, warning, None]
            )
        changed.append(subject)
    if raised:
        for at, (pk, card) in zip(
            fresh, _insert(raised, now, descriptions), strict=True
        ):
            entries[at][5] = pk
            entries[at][6] = card
    # Queryset updates: only the case writer assigns ``.state`` (test_single_writer).
    if again:
        Warning.objects.filter(pk__in=again).update(state=ACTIVE, state_changed_at=now)
    if cleared:
        Warning.objects.filter(pk__in=cleared).update(
            state=CLEARED, state_changed_at=now
        )
    if entries:
        _audit(chunk[0].kind, entries, changed)
    return len(entries)


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

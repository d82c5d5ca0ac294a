"""Incremental metric rollups: fold a case's new contribution into the rollup rows.

The case's stored contribution is locked, compared by version (the case's latest event
id: an older snapshot is ignored), and replaced; the rollup cells get the difference by
``F()`` increments, so concurrent cases never overwrite each other's counts.
``rollups_recompute`` rebuilds every row from the cases (repair, and the property test's
reference).
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F

from tongban.cases import selectors_supervision as reads
from tongban.supervision.case_source import Calendars, case_snapshot
from tongban.supervision.domain.rollup import (
    CaseSnapshot,
    Key,
    contribution,
    decode,
    delta,
    encode,
)
from tongban.supervision.models import CaseContribution, MetricRollup

Cell = tuple[int, int, int]  # division, organisation, implementation


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


def rollups_recomputed() -> dict[tuple[str, int, int, int], Counter[str]]:
    """Every rollup cell computed from scratch from the cases as they are now."""
    rows: dict[tuple[str, int, int, int], Counter[str]] = defaultdict(Counter)
    calendars = Calendars()
    for case in reads.cases_all().iterator(chunk_size=2000):
        snapshot = case_snapshot(case, 0, calendars)
        for (month, name), value in contribution(snapshot).items():
            key = (
                month,
                case.division_id,
                case.organisation_id,
                case.implementation_id,
            )
            rows[key][name] += value
    return {k: +v for k, v in rows.items() if +v}


def rollups_stored() -> dict[tuple[str, int, int, int], Counter[str]]:
    """The rollup rows as stored, in the shape of ``rollups_recomputed``."""
    names = ("submitted", "online", "instant", "refused", "closed", "on_time", "late")
    rows = {}
    for row in MetricRollup.objects.all():
        counts = Counter(
            {n: getattr(row, n) for n in (*names, "timed", "handling_days")}
        )
        if +counts:
            key = (
                row.month,
                row.division_id,
                row.organisation_id,
                row.implementation_id,
            )
            rows[key] = +counts
    return rows

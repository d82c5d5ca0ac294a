"""Incremental metric rollups: fold a case's new contribution into the rollup rows.

The case's stored contribution is locked, compared by version (the case's latest event
id: an older snapshot is ignored), and replaced; the rollup cells get the difference by
increments in one statement, so concurrent cases never overwrite each other's counts.
``rollups_recompute`` rebuilds every row from the cases (repair, and the property test's
reference).
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction

from tongban.cases import selectors_supervision as reads
from tongban.supervision.case_source import Calendars, case_snapshot
from tongban.supervision.domain.rollup import (
    COUNTERS,
    CaseSnapshot,
    contribution,
    decode,
    delta,
    encode,
)
from tongban.supervision.models import CaseContribution, MetricRollup

Cell = tuple[int, int, int]  # division, organisation, implementation


def _add(cells: dict[tuple[str, int, int, int], Counter[str]]) -> None:
    """Add the changes to their rollup cells in one statement: an insert of each cell
    that turns into an increment where the cell exists (``ON CONFLICT … DO UPDATE``,
    PostgreSQL and SQLite alike), so concurrent writers never overwrite each other's
    counts and no cell is read first."""
    rows = [(key, change) for key, change in cells.items() if any(change.values())]
    if not rows:
        return
    table = connection.ops.quote_name(MetricRollup._meta.db_table)
    keys = ("month", "division_id", "organisation_id", "implementation_id")
    columns = ", ".join(connection.ops.quote_name(c) for c in (*keys, *COUNTERS))
    increments = ", ".join(
        f"{(q := connection.ops.quote_name(n))} = {table}.{q} + excluded.{q}"
        for n in COUNTERS
    )
    target = ", ".join(connection.ops.quote_name(c) for c in keys)
    one = "(" + ", ".join(["%s"] * (len(keys) + len(COUNTERS))) + ")"
    params: list[Any] = []
    for key, change in rows:
        params += [*key, *(change.get(n, 0) for n in COUNTERS)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608 - our own names
            f"{', '.join([one] * len(rows))} "
            f"ON CONFLICT ({target}) DO UPDATE SET {increments}",
            params,
        )


@transaction.atomic
def rollups_apply(items: list[tuple[CaseSnapshot, Cell]]) -> int:
    """Fold each snapshot in (a batch of cases, a few statements for all of them): the
    cases' stored contributions created where missing and locked in one query each, a
    snapshot older than the stored one ignored, the changed contributions written in
    one ``UPDATE``, the rollup cells incremented in one statement. Returns how many
    cases changed the rollups."""
    if not items:
        return 0
    CaseContribution.objects.bulk_create(
        [
            CaseContribution(
                case_uuid=snapshot.subject,
                version=-1,
                division_id=cell[0],
                organisation_id=cell[1],
                implementation_id=cell[2],
                counts={},
            )
            for snapshot, cell in items
        ],
        ignore_conflicts=True,
    )
    stored = {
        str(row.case_uuid): row
        for row in CaseContribution.objects.select_for_update()
        .filter(case_uuid__in=[snapshot.subject for snapshot, _cell in items])
        .order_by("pk")
    }
    cells: dict[tuple[str, int, int, int], Counter[str]] = defaultdict(Counter)
    written: dict[int, CaseContribution] = {}
    applied = 0
    for snapshot, cell in items:
        row = stored[str(snapshot.subject)]
        if snapshot.version < row.version:
            continue
        new = contribution(snapshot)
        change = delta(decode(row.counts), new)
        counts = encode(new)
        if row.version != snapshot.version or row.counts != counts:
            row.version, row.counts = snapshot.version, counts
            written[row.pk] = row
        if change:
            applied += 1
            for (month, name), value in change.items():
                cells[(month, *cell)][name] += value
    if written:
        CaseContribution.objects.bulk_update(
            list(written.values()), ["version", "counts"]
        )
    _add(cells)
    return applied


def rollup_apply(*, snapshot: CaseSnapshot, cell: Cell) -> bool:
    """Fold ``snapshot`` in; ``False`` when an equal or newer one is already stored
    with the same contribution (nothing to do)."""
    return bool(rollups_apply([(snapshot, cell)]))


def rollups_apply_cases(*, uuids: Iterable[Any]) -> int:
    cases = list(reads.cases_by_uuid(uuids))
    versions = reads.case_last_event_ids(c.pk for c in cases)
    calendars = Calendars()
    calendars.prefetch({c.division_id for c in cases})
    return rollups_apply(
        [
            (
                case_snapshot(case, versions.get(case.pk, 0), calendars),
                (case.division_id, case.organisation_id, case.implementation_id),
            )
            for case in cases
        ]
    )


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

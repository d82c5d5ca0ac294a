"""The supervision sweeps on the ``bench.supervision`` database (seeded by
``region_seed(seed=1, cases=200000, counties=12)``; copies optional), each beside the
sweep as it was before the bulk write path (``bench.supervision_sweep_before``) in the
same run:

1. reads and rules of the full sweep over every open case, nothing written;
2. the first full sweep's writes (every warning raised, its card and audit row) over the
   first ``--sample`` open cases, old and new each in a transaction rolled back after;
3. the first full sweep over every open case (warnings and cards cleared before it, on
   this database only), then the hourly one after it (nothing new);
4. the incremental sweep after the latest 1,000 case events (its cursor moved back; the
   cases' rollup contributions stored as the rollups already count them), the old one
   rolled back, the new one kept.

Run ``python -m bench.supervision_sweep [--write] [--sample N]``.
"""

import os
import sys
import time
from typing import Any

from bench import common

MARK = "<!-- bench:supervision-sweep -->"


def _timed(fn: Any) -> tuple[float, Any]:
    began = time.perf_counter()
    result = fn()
    return time.perf_counter() - began, result


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def _sample_size() -> int:
    args = sys.argv[1:]
    if "--sample" in args:
        return int(args[args.index("--sample") + 1])
    return 2000


def _rules_only(subjects: Any) -> tuple[int, int]:
    from tongban.supervision.domain.rules import evaluate
    from tongban.supervision.services.sweep import thresholds

    limits = thresholds()
    n = hits = 0
    for subject in subjects:
        n += 1
        hits += bool(evaluate(subject.facts, limits))
    return n, hits


def _rolled_back(fn: Any) -> tuple[float, Any]:
    """``fn`` timed inside a transaction that is rolled back after it (warnings and
    cards cleared first, inside it)."""
    from django.db import transaction

    from tongban.supervision.models import Card, Warning

    with transaction.atomic():
        Card.objects.all().delete()
        Warning.objects.all().delete()
        result = _timed(fn)
        transaction.set_rollback(True)
    return result


def _incremental_setup() -> tuple[list[Any], int]:
    from tongban.cases import selectors_supervision as reads
    from tongban.supervision.case_source import Calendars, case_snapshot
    from tongban.supervision.domain.rollup import contribution, encode
    from tongban.supervision.models import CaseContribution, SweepCursor

    last = reads.case_event_position()
    uuids, _position = reads.case_changes_after(position=last - 1000, limit=1000)
    cases = list(reads.cases_by_uuid(uuids))
    versions = reads.case_last_event_ids(c.pk for c in cases)
    calendars = Calendars()
    CaseContribution.objects.filter(case_uuid__in=[c.uuid for c in cases]).delete()
    CaseContribution.objects.bulk_create(
        [
            CaseContribution(
                case_uuid=c.uuid,
                version=versions.get(c.pk, 0),
                division_id=c.division_id,
                organisation_id=c.organisation_id,
                implementation_id=c.implementation_id,
                counts=encode(
                    contribution(case_snapshot(c, versions.get(c.pk, 0), calendars))
                ),
            )
            for c in cases
        ]
    )
    for kind in ("ticket", "rectification"):
        SweepCursor.objects.update_or_create(source=kind, defaults={"position": 10**12})
    SweepCursor.objects.update_or_create(
        source="case", defaults={"position": last - 1000}
    )
    return uuids, last


def _incremental_before(uuids: list[Any]) -> tuple[float, int]:
    from django.db import transaction

    from bench import supervision_sweep_before as before
    from tongban.cases import selectors_supervision as reads

    with transaction.atomic():
        began = time.perf_counter()
        reads.case_changes_after(position=reads.case_event_position() - 1000)
        changed = before.subjects_sweep(before.subjects_of(uuids, common.AS_OF))
        before.rollups_apply_cases(uuids=uuids)
        seconds = time.perf_counter() - began
        transaction.set_rollback(True)
    return seconds, changed


def main() -> None:
    common.setup()
    from django.db import connection

    from bench import supervision_sweep_before as before
    from tongban.cases import selectors_supervision as reads
    from tongban.cases.models import Case
    from tongban.supervision.case_source import CaseSource
    from tongban.supervision.models import Card, Warning
    from tongban.supervision.services.sweep import (
        subjects_sweep,
        supervision_sweep,
        supervision_sweep_changes,
    )

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    sample = _sample_size()
    load_before = _load()
    total = Case.objects.count()
    today = common.AS_OF
    # 1. Reads and rules only.
    old_rules, (subjects, hits) = _timed(
        lambda: _rules_only(before.open_subjects(today))
    )
    new_rules, (subjects_new, hits_new) = _timed(
        lambda: _rules_only(CaseSource().open_subjects(today=today))
    )
    print("rules", old_rules, new_rules, subjects, hits, hits_new, flush=True)
    # 2. The first sweep's writes over a sample, both rolled back.
    first = [row.uuid for row in reads.case_rows_open(limit=sample)]
    old_writes, old_raised = _rolled_back(
        lambda: before.subjects_sweep(before.subjects_of(first, today))
    )
    new_writes, new_raised = _rolled_back(
        lambda: subjects_sweep(CaseSource().subjects(uuids=first, today=today))
    )
    print("sample", old_writes, new_writes, old_raised, new_raised, flush=True)
    # 3. The full sweeps, kept.
    Card.objects.all().delete()
    Warning.objects.all().delete()
    full, raised = _timed(lambda: supervision_sweep(today=today))
    steady, again = _timed(lambda: supervision_sweep(today=today))
    print("full", full, steady, raised, again, flush=True)
    # 4. Incremental, old rolled back, then new.
    uuids, _last = _incremental_setup()
    old_inc, old_changed = _incremental_before(uuids)
    new_inc, changed = _timed(
        lambda: supervision_sweep_changes(today=today, limit=1000)
    )
    print("incremental", old_inc, new_inc, old_changed, changed, flush=True)
    million = 1_000_000 / subjects
    lines = [
        MARK,
        "### #16 Supervision sweeps, before and after the bulk write path",
        "",
        f"- date: {common.now()}; machine: {common.machine()}; load average "
        f"{load_before} before, {_load()} after (2 cores shared with other engineers)",
        f"- command: `python -m bench.supervision_sweep --write --sample {sample}` on "
        f"the `bench.supervision` database ({total:,} cases in the table, {subjects:,} "
        "open, all with their event history); *before* is the previous sweep kept in "
        "`bench/supervision_sweep_before.py`, run in the same process just before",
        "",
        "| what | before | now | ratio |",
        "| --- | ---: | ---: | ---: |",
        f"| reads and rules of the full sweep, {subjects:,} open cases "
        f"({hits:,} / {hits_new:,} with a rule holding) | {old_rules:.1f} s "
        f"({subjects / old_rules:,.0f} cases/s) | {new_rules:.1f} s "
        f"({subjects_new / new_rules:,.0f} cases/s) | ×{old_rules / new_rules:.1f} |",
        f"| the same per 1,000,000 open cases at these rates | "
        f"{old_rules * million:,.0f} s | {new_rules * million:,.0f} s | |",
        f"| first sweep's writes over the first {sample:,} open cases (rolled back; "
        f"{old_raised:,} / {new_raised:,} warnings raised, with cards and audit rows) "
        f"| {old_writes:.1f} s | {new_writes:.2f} s | ×{old_writes / new_writes:.0f} |",
        f"| first full sweep, every open case ({raised.get('case', 0):,} warnings "
        f"raised) | — | {full:.1f} s ({subjects / full:,.0f} cases/s; "
        f"{full * million:,.0f} s per million) | |",
        f"| hourly full sweep after it ({again.get('case', 0):,} changes) | — | "
        f"{steady:.1f} s ({steady * million:,.0f} s per million) | |",
        f"| incremental after 1,000 events ({len(uuids):,} cases: rules, warnings, "
        f"rollups; {old_changed:,} / {changed.get('case', 0):,} warnings raised or "
        f"cleared) | {old_inc:.2f} s | {new_inc:.2f} s | ×{old_inc / new_inc:.1f} |",
        MARK,
    ]
    report = "\n".join(lines)
    print(report)
    if "--write" in sys.argv[1:]:
        common.write_section(MARK, report)


if __name__ == "__main__":
    main()

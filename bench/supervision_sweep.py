"""The full supervision sweep, set-based (``supervision.case_candidates``: the open
cases whose warnings can change found in one SQL query, only those evaluated row by row)
beside the row-by-row full sweep over every open case (``set_based=False``, the
reference) in the same run, on a seeded bench database (``BENCH_DATABASE_URL``;
``tongban seed --open-only`` gives a million open cases):

1. the first full sweep, every warning raised (warnings and cards cleared before it, on
   this database only), set-based, kept; with ``--first-before`` the row-by-row one
   first, in a transaction rolled back after;
2. the hourly full sweep after it (nothing new), row by row and set-based, three times
   each alternating, and the set-based filter query alone;
3. the incremental sweep after the latest 1,000 case events (its cursor moved back; the
   cases' rollup contributions stored as the rollups already count them), kept.

Run ``python -m bench.supervision_sweep [--write] [--first-before]``.
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


def main() -> None:
    common.setup()
    from django.db import connection

    from tongban.cases.domain.workflow import OPEN_STATES
    from tongban.cases.models import Case
    from tongban.supervision.case_candidates import changed_case_ids
    from tongban.supervision.models import Card, Warning
    from tongban.supervision.services.sweep import (
        supervision_sweep,
        supervision_sweep_changes,
        thresholds,
    )

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    load_before = _load()
    total = Case.objects.count()
    open_cases = Case.objects.filter(state__in=OPEN_STATES).count()
    today = common.AS_OF
    print("cases", total, "open", open_cases, flush=True)

    def full(set_based: bool) -> Any:
        return lambda: supervision_sweep(today=today, set_based=set_based)

    # 1. The first full sweep.
    first_before = None
    if "--first-before" in sys.argv[1:]:
        first_before = _rolled_back(full(False))
        print("first before", first_before, flush=True)
    Card.objects.all().delete()
    Warning.objects.all().delete()
    first, raised = _timed(full(True))
    warnings = Warning.objects.count()
    print("first", first, raised, warnings, flush=True)
    # 2. The hourly full sweep, alternating.
    before: list[float] = []
    after: list[float] = []
    changes = []
    for _ in range(int(os.environ.get("BENCH_SWEEP_ROUNDS", "3"))):
        seconds, done = _timed(full(False))
        before.append(seconds)
        changes.append(done.get("case", 0))
        seconds, done = _timed(full(True))
        after.append(seconds)
        changes.append(done.get("case", 0))
        print("hourly", before[-1], after[-1], flush=True)
    query, left = _timed(lambda: changed_case_ids(today=today, limits=thresholds()))
    print("query", query, len(left), flush=True)
    # 3. Incremental.
    uuids, _last = _incremental_setup()
    inc, changed = _timed(lambda: supervision_sweep_changes(today=today, limit=1000))
    print("incremental", inc, changed, flush=True)
    million = 1_000_000 / open_cases
    b, a = min(before), min(after)
    first_old = (
        f"{first_before[0]:.1f} s ({first_before[0] * million:,.0f} s per million)"
        if first_before
        else "not run"
    )
    lines = [
        MARK,
        "### #16 Supervision sweeps: the set-based full sweep",
        "",
        f"- date: {common.now()}; machine: {common.machine()}; load average "
        f"{load_before} before, {_load()} after",
        f"- command: `python -m bench.supervision_sweep --write` on a bench database "
        f"of {total:,} cases, **{open_cases:,} open**, all with their event history; "
        "*row by row* is the reference full sweep "
        "(`supervision_sweep(set_based=False)`: every open case read and evaluated "
        "in Python), run in the same process; best of the alternating runs for the "
        "hourly sweep",
        "",
        "| what | row by row | set-based | ratio |",
        "| --- | ---: | ---: | ---: |",
        f"| first full sweep ({warnings:,} warnings raised with their cards and "
        f"audit rows) | {first_old} | {first:.1f} s ({first * million:,.0f} s per "
        "million) | |",
        f"| hourly full sweep, {open_cases:,} open cases ({', '.join(map(str, changes))}"
        f" changes) | {b:.1f} s | {a:.2f} s | ×{b / a:.0f} |",
        f"| the same per 1,000,000 open cases | {b * million:,.0f} s | "
        f"{a * million:,.1f} s | |",
        f"| the set-based query alone ({len(left):,} cases sent back to Python) | | "
        f"{query:.2f} s | |",
        f"| incremental after 1,000 events ({len(uuids):,} cases: rules, warnings, "
        f"rollups; {changed.get('case', 0):,} warnings raised or cleared) | | "
        f"{inc:.2f} s | |",
        MARK,
    ]
    report = "\n".join(lines)
    print(report)
    if "--write" in sys.argv[1:]:
        common.write_section(MARK, report)


if __name__ == "__main__":
    main()

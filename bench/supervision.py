"""Supervision at 1,000,000, 2,000,000 and 5,000,000 cases: the dashboard page of a
prefecture and of the region (metrics, areas, ranking, trend, rendered for a logged-in
supervisor) against a plain ``SELECT count(*)`` of the case table in the same run, which
does grow; then the full sweep over every open case (the first one, which raises the
warnings, and the hourly one after it) and the incremental sweep after 1,000 events.

What is seeded, exactly: ``region_seed`` writes ``BASE`` realistic cases with their
history (12 counties' bodies, COPY). Larger sizes are copies of those cases made in one
SQL statement per copy: every column as the original but the id, UUID, case number and
client key; copies have no history rows. Copies go into the case table up to
``BENCH_SUPERVISION_COPY_UNTIL`` cases; past it (a copy of 200,000 rows with the case
table's indexes took minutes on the loaded machine) only the rollups count the further
copies. The rollups are computed once from the base cases by the project's own
recomputation (``rollups_recomputed``, the property test's reference) and multiplied by
the number of copies counted, which is exact because a copy contributes what its original
does; at each size the cells of one implementation are recomputed from its cases in the
table, scaled to the copies counted, and compared (printed). The dashboards read no cases,
so a copy counted only by the rollups loads them as one in the table would; only the
baseline ``count(*)`` stops growing there. The sweeps run at ``BENCH_SUPERVISION_SWEEP_AT``
cases, over the open cases in the table.

Run ``python -m bench.supervision [--write]`` against its own database
(``BENCH_DATABASE_URL``) seeded with exactly ``BASE`` cases by ``region_seed(seed=1,
cases=200000, counties=12)`` (elsewhere it says so and skips); a few minutes per size
on a quiet machine. 20 timed calls after 2 untimed ones for each page.
"""

import os
import sys
import time
from collections import Counter, defaultdict
from typing import Any

from bench import common

MARK = "<!-- bench:supervision -->"
BASE = int(os.environ.get("BENCH_SUPERVISION_BASE", "200000"))
SIZES = (1_000_000, 2_000_000, 5_000_000)
RUNS = 20
MONTH = common.AS_OF.strftime("%Y-%m")
# Copies in the case table stop here; past it only the rollups count the further copies
# (the dashboards read no cases; the baseline count(*) then stops growing).
COPY_UNTIL = int(os.environ.get("BENCH_SUPERVISION_COPY_UNTIL", "5000000"))
# The size at which the sweeps run (the cases open there are what they sweep).
SWEEP_AT = int(os.environ.get("BENCH_SUPERVISION_SWEEP_AT", "5000000"))


def _base_rollups() -> int:
    """Rollup rows from the base cases (once; kept in the database)."""
    from tongban.supervision.models import MetricRollup
    from tongban.supervision.services.rollups import rollups_recomputed

    if MetricRollup.objects.exists():
        return MetricRollup.objects.count()
    rows = [
        MetricRollup(
            month=month,
            division_id=division,
            organisation_id=organisation,
            implementation_id=implementation,
            **counts,
        )
        for (month, division, organisation, implementation), counts in (
            rollups_recomputed().items()
        )
    ]
    MetricRollup.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _columns() -> list[str]:
    from tongban.cases.models import Case

    return [f.column for f in Case._meta.concrete_fields]


def _copies_now(cursor: Any) -> tuple[int, int]:
    """(copies of the base in the case table, copies the rollups count)."""
    cursor.execute("SELECT count(*) FROM cases_case")
    in_table = int(cursor.fetchone()[0]) // BASE
    cursor.execute("SELECT coalesce(sum(submitted), 0) FROM supervision_metricrollup")
    return in_table, int(cursor.fetchone()[0]) // BASE


def _grow(size: int) -> tuple[int, int]:
    """Copy the base cases until the table holds ``size`` (at most ``COPY_UNTIL``) and
    multiply the rollups to count ``size``; returns (table copies, rollup copies)."""
    from django.db import connection, transaction

    from tongban.supervision.domain.rollup import COUNTERS

    copied = {
        "id": f"c.id + g.k * {BASE}",
        "uuid": "gen_random_uuid()",
        "number": "c.number || '-' || g.k",
        "client_key": "c.client_key || '-' || g.k",
    }
    columns = _columns()
    select = ", ".join(copied.get(name, f"c.{name}") for name in columns)
    with connection.cursor() as cursor:
        in_table, counted = _copies_now(cursor)
        for k in range(in_table, min(size, COPY_UNTIL) // BASE):
            with transaction.atomic():
                cursor.execute(
                    f"INSERT INTO cases_case ({', '.join(columns)}) "  # noqa: S608 - our own column names
                    f"SELECT {select} FROM cases_case c, (SELECT %s AS k) g "
                    f"WHERE c.id <= %s",
                    [k, BASE],
                )
            print(f"  copy {k}: {(k + 1) * BASE:,} cases", flush=True)
        wanted = size // BASE
        if wanted != counted:
            names = ", ".join(f"{n} = {n} / {counted} * {wanted}" for n in COUNTERS)
            cursor.execute(f"UPDATE supervision_metricrollup SET {names}")  # noqa: S608 - constant names
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('cases_case', 'id'), "
            "(SELECT max(id) FROM cases_case))"
        )
        cursor.execute("ANALYZE cases_case")
        cursor.execute("ANALYZE supervision_metricrollup")
        return _copies_now(cursor)


def _consistent(in_table: int, counted: int) -> str:
    """Recompute the cells of the implementation with the fewest cases (≥ 100 in the
    base) from its cases in the table and compare them with the stored rollup rows, which
    count ``counted`` copies of the ``in_table`` in the table."""
    from django.db.models import Count

    from tongban.cases import selectors_supervision as reads
    from tongban.supervision.case_source import case_snapshot
    from tongban.supervision.domain.rollup import COUNTERS, contribution
    from tongban.supervision.models import MetricRollup

    counts = (
        reads.cases_all()
        .filter(pk__lte=BASE)
        .order_by()
        .values("implementation_id")
        .annotate(n=Count("id"))
    )
    chosen = min((r for r in counts if r["n"] >= 100), key=lambda r: r["n"])
    implementation = chosen["implementation_id"]
    recomputed: dict[tuple[str, int, int], Counter[str]] = defaultdict(Counter)
    cases = reads.cases_all().filter(implementation_id=implementation)
    n = 0
    for case in cases.iterator(chunk_size=2000):
        n += 1
        for (month, name), value in contribution(case_snapshot(case, 0)).items():
            cell = recomputed[(month, case.division_id, case.organisation_id)]
            cell[name] += value * counted // in_table
    stored = {
        (r.month, r.division_id, r.organisation_id): Counter(
            {k: getattr(r, k) for k in COUNTERS if getattr(r, k)}
        )
        for r in MetricRollup.objects.filter(implementation_id=implementation)
    }
    same = {k: +v for k, v in recomputed.items() if +v} == {
        k: v for k, v in stored.items() if v
    }
    return f"{'equal' if same else 'DIFFERENT'} ({n:,} cases, {len(stored)} cells)"


def _client() -> Any:
    from django.test import Client

    from tongban.accounts import services as accounts
    from tongban.accounts.domain.roles import Role
    from tongban.accounts.models import User
    from tongban.core.permissions import SYSTEM
    from tongban.regions import selectors as regions

    user = User.objects.filter(username="bench.supervisor").first()
    if user is None:
        user = accounts.staff_create(
            actor=SYSTEM,
            username="bench.supervisor",
            full_name="bench supervisor",
            password="Qx7-lamp-Tsering-2026",  # noqa: S106 - benchmark database only
            organisation=None,
            roles=[(Role.SUPERVISOR, None, regions.division_get(code="540000"))],
        )
    client = Client()
    client.force_login(user)
    return client


def _page(client: Any, query: str) -> None:
    response = client.get(f"/workbench/supervision/?month={MONTH}{query}")
    if response.status_code != 200:
        raise RuntimeError(f"dashboard answered {response.status_code}")


def _dashboards(client: Any) -> dict[str, list[float]]:
    from tongban.cases.models import Case

    return {
        "region": common.latencies(lambda: _page(client, ""), RUNS, warmup=2),
        "prefecture": common.latencies(
            lambda: _page(client, "&division=540100"), RUNS, warmup=2
        ),
        "count": common.latencies(lambda: Case.objects.count(), RUNS, warmup=2),
    }


def _timed(fn: Any) -> tuple[float, Any]:
    began = time.perf_counter()
    result = fn()
    return time.perf_counter() - began, result


def _sweeps() -> dict[str, Any]:
    """The full sweep twice (raising, then steady), then the incremental one over the
    latest 1,000 case events (its cursor moved back; their cases' contributions stored
    as the rollups already count them, so the rollups stay equal)."""
    from tongban.cases import selectors_supervision as reads
    from tongban.cases.models import CaseEvent
    from tongban.supervision.case_source import case_snapshot
    from tongban.supervision.domain.rollup import contribution, encode
    from tongban.supervision.models import CaseContribution, SweepCursor
    from tongban.supervision.services.sweep import (
        supervision_sweep,
        supervision_sweep_changes,
    )

    open_cases = reads.cases_open().count()
    first, raised = _timed(lambda: supervision_sweep(today=common.AS_OF))
    steady, again = _timed(lambda: supervision_sweep(today=common.AS_OF))
    last = reads.case_event_position()
    uuids, _pos = reads.case_changes_after(position=last - 1000, limit=1000)
    cases = list(reads.cases_by_uuid(uuids))
    versions = reads.case_last_event_ids(c.pk for c in cases)
    CaseContribution.objects.filter(case_uuid__in=[c.uuid for c in cases]).delete()
    CaseContribution.objects.bulk_create(
        [
            CaseContribution(
                case_uuid=c.uuid,
                version=versions.get(c.pk, 0),
                division_id=c.division_id,
                organisation_id=c.organisation_id,
                implementation_id=c.implementation_id,
                counts=encode(contribution(case_snapshot(c, versions.get(c.pk, 0)))),
            )
            for c in cases
        ]
    )
    for kind in ("ticket", "rectification"):
        SweepCursor.objects.update_or_create(source=kind, defaults={"position": 10**12})
    SweepCursor.objects.update_or_create(
        source="case", defaults={"position": last - 1000}
    )
    events = CaseEvent.objects.filter(pk__gt=last - 1000).count()
    incremental, changed = _timed(
        lambda: supervision_sweep_changes(today=common.AS_OF, limit=1000)
    )
    return {
        "open": open_cases,
        "first": first,
        "raised": raised.get("case", 0),
        "steady": steady,
        "steady_changed": again.get("case", 0),
        "events": events,
        "event_cases": len(cases),
        "incremental": incremental,
        "incremental_changed": changed.get("case", 0),
    }


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def main() -> None:
    common.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    from tongban.cases.models import Case
    from tongban.supervision.models import MetricRollup

    have = Case.objects.count()
    if have < BASE or (not MetricRollup.objects.exists() and have != BASE):
        # The copies and the scaled rollups assume the base is cases 1 … BASE; on the
        # shared benchmark database ``python -m bench`` goes on with the other suites.
        print(f"skipped: needs a database seeded with exactly {BASE:,} cases")
        return
    print(f"base rollup rows: {_base_rollups():,}", flush=True)
    client = _client()
    rows = []
    sweeps: dict[str, Any] = {}
    for size in SIZES:
        in_table, counted = _grow(size)
        check = _consistent(in_table, counted)
        times = _dashboards(client)
        rows.append(
            (size, in_table * BASE, times, check, MetricRollup.objects.count(), _load())
        )
        print(size, {k: round(common.pct(v, 95)) for k, v in times.items()}, check)
        if size == SWEEP_AT:
            sweeps = {"size": size, "load": _load(), **_sweeps()}
            print(sweeps, flush=True)
    report = _report(rows, sweeps)
    print(report)
    if "--write" in sys.argv[1:]:
        common.write_section(MARK, report)


def _report(rows: list[Any], sweeps: dict[str, Any]) -> str:
    lines = [
        MARK,
        "## #16 Supervision: dashboards at 1, 2 and 5 million cases, and the sweeps",
        "",
        f"- date: 2026-12-01 ({common.now()})",
        f"- machine: {common.machine()}; 2-core machine shared with other engineers' "
        "test runs (load average 1 / 5 / 15 min per row below)",
        f"- command: `python -m bench.supervision --write`; base {BASE:,} seeded cases "
        "(`region_seed`, 12 counties) copied in SQL to each size (see the module "
        f"docstring); month {MONTH}; {RUNS} timed page loads after 2",
        "",
        "| cases counted by the rollups | cases in the table | rollup rows "
        "| region page p50 / p95 ms | prefecture page p50 / p95 ms "
        "| baseline `count(*)` p50 ms | rollup check | load avg |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for size, in_table, t, check, rollup_rows, load in rows:
        lines.append(
            f"| {size:,} | {in_table:,} | {rollup_rows:,} | "
            f"{common.median(t['region']):.0f} / "
            f"{common.pct(t['region'], 95):.0f} | {common.median(t['prefecture']):.0f} / "
            f"{common.pct(t['prefecture'], 95):.0f} | {common.median(t['count']):.0f} | "
            f"{check} | {load} |"
        )
    first, last = rows[0][2], rows[-1][2]
    lines += [
        "",
        f"From 1 M to 5 M cases the region page's p50 changes "
        f"**{common.median(last['region']) / common.median(first['region']):.2f}×**, "
        f"the prefecture page's "
        f"**{common.median(last['prefecture']) / common.median(first['prefecture']):.2f}×**"
        f"; the baseline `count(*)` "
        f"**{common.median(last['count']) / common.median(first['count']):.2f}×**.",
    ]
    if sweeps:
        lines += [
            "",
            f"Sweeps at {sweeps['size']:,} cases ({sweeps['open']:,} open), load "
            f"{sweeps['load']}:",
            "",
            "| sweep | seconds | warnings raised or cleared |",
            "| --- | ---: | ---: |",
            f"| full, first (raises every warning, cards, audit rows) | "
            f"{sweeps['first']:.1f} | {sweeps['raised']:,} |",
            f"| full, the hourly one after it (nothing new) | {sweeps['steady']:.1f} | "
            f"{sweeps['steady_changed']:,} |",
            f"| incremental after {sweeps['events']:,} events "
            f"({sweeps['event_cases']:,} cases, rules + rollups) | "
            f"{sweeps['incremental']:.2f} | {sweeps['incremental_changed']:,} |",
        ]
    lines.append(MARK)
    return "\n".join(lines)


if __name__ == "__main__":
    main()

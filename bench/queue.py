"""The workbench queue over 1,000,000 cases, for a county clerk and for a prefecture-wide
supervisor: p50/p95 of one page (50 rows, fetched) of ``selectors.case_queue_for`` under
every filter the workbench offers (goal: p50 < 30 ms, p95 < 80 ms, issue 12), against
fetching 50 cases by primary key through the ORM in the same run, and the plan of each
(``EXPLAIN ANALYZE``).

Run ``python -m bench.queue [--write]`` (or ``make bench``). Seeds ``tongban_bench`` to
1,000,000 cases first if it has fewer (``tongban seed``, COPY). The clerk is the seeded
``seed.clerk.540102`` (城关区, the busiest county), the officer ``seed.officer.540102``
(for "assigned to me"), the supervisor ``bench.supervisor.5401`` (拉萨市, made here if
missing). Each figure is ``RUNS`` timed calls (``BENCH_QUEUE_RUNS``, default 100) after
2 untimed ones, on one connection.
Where the code has keyset pages (``case_queue_page``) the second page is timed too.
"""

import os
import sys
from collections.abc import Callable
from typing import Any

from bench import common

MARK = "<!-- bench:queue -->"
CASES = 1_000_000
RUNS = int(os.environ.get("BENCH_QUEUE_RUNS", "100"))  # fewer for slow code
PAGE = 50


def _supervisor() -> Any:
    from tongban.accounts import services as accounts
    from tongban.accounts.domain.roles import Role
    from tongban.accounts.models import User
    from tongban.core.permissions import SYSTEM
    from tongban.regions import selectors as regions

    found = User.objects.filter(username="bench.supervisor.5401").first()
    if found is not None:
        return found
    return accounts.staff_create(
        actor=SYSTEM,
        username="bench.supervisor.5401",
        full_name="bench.supervisor.5401",
        password="Bench-password-2026",  # noqa: S106 - generated benchmark login
        roles=[(Role.SUPERVISOR, None, regions.division_get(code="540100"))],
    )


def _variants(clerk: Any, officer: Any, item: str) -> dict[str, tuple[Any, dict]]:
    filters: dict[str, dict[str, Any]] = {
        "no filter": {},
        "state = submitted": {"state": "submitted"},
        "state = accepted": {"state": "accepted"},
        "light = red": {"light_filter": "red"},
        "light = yellow": {"light_filter": "yellow"},
        "light = green": {"light_filter": "green"},
        "item": {"item": item},
    }
    out: dict[str, tuple[Any, dict]] = {}
    for who, user in (("clerk", clerk), ("supervisor", _supervisor())):
        for name, f in filters.items():
            out[f"{who}: {name}"] = (user, f)
    out["officer: assigned to me"] = (officer, {"assigned_to_me": True})
    return out


def _plan(query: Any) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        sql, params = query.query.sql_with_params()
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    common.setup()
    common.ensure_cases(CASES)
    from django.db.models import Count

    from tongban.accounts.models import User
    from tongban.cases import selectors
    from tongban.cases.models import Case

    clerk = User.objects.get(username="seed.clerk.540102")
    officer = User.objects.get(username="seed.officer.540102")
    item = (
        Case.objects.filter(division__code="540102")
        .values("implementation__code")
        .annotate(n=Count("id"))
        .order_by("-n")[0]["implementation__code"]
    )
    total = Case.objects.count()
    keyset: Callable[..., Any] | None = getattr(selectors, "case_queue_page", None)
    figures: dict[str, list[float]] = {}
    plans: dict[str, str] = {}
    for name, (user, f) in _variants(clerk, officer, item).items():

        def page(u: Any = user, f: dict = f) -> Any:
            return list(
                selectors.case_queue_for(user=u, today=common.AS_OF, **f)[:PAGE]
            )

        figures[name] = common.latencies(page, RUNS, warmup=2)
        print(f"{name}: p50 {common.median(figures[name]):.1f} ms", file=sys.stderr)
        plans[name] = _plan(
            selectors.case_queue_for(user=user, today=common.AS_OF, **f)[:PAGE]
        )
        if keyset is not None and not f:
            _, after = keyset(
                selectors.case_queue_for(user=user, today=common.AS_OF),
                after=None,
                size=PAGE,
            )
            figures[f"{name.split(':')[0]}: page 2 (keyset)"] = common.latencies(
                lambda u=user, a=after: keyset(
                    selectors.case_queue_for(user=u, today=common.AS_OF),
                    after=a,
                    size=PAGE,
                ),
                RUNS,
            )
    figures["baseline: 50 cases by primary key"] = common.latencies(
        lambda: list(Case.objects.order_by("pk")[:PAGE]), RUNS
    )
    base = common.median(figures["baseline: 50 cases by primary key"])
    lines = [
        MARK,
        "## Workbench queue at 1,000,000 cases",
        "",
        f"- date: {common.now()}",
        f"- machine: {common.machine()}",
        f"- command: `python -m bench.queue --write`; {total:,} cases seeded by "
        f"`tongban seed --seed 1 --as-of {common.AS_OF}`; clerk `seed.clerk.540102` "
        "(城关区), supervisor `bench.supervisor.5401` (拉萨市, all its counties), "
        f"officer `seed.officer.540102`; item `{item}` (the county's busiest); "
        f"{RUNS} timed calls of one page (`list(case_queue_for(…)[:{PAGE}])`) each, "
        "direct calls (no HTTP)",
        "",
        "| what | p50 ms | p95 ms | p50 vs baseline |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, values in figures.items():
        p50, p95 = common.median(values), common.pct(values, 95)
        lines.append(f"| {name} | {p50:.1f} | {p95:.1f} | {p50 / base:.1f}× |")
    queues = {k: v for k, v in figures.items() if not k.startswith("baseline")}
    worst50 = max(common.median(v) for v in queues.values())
    worst95 = max(common.pct(v, 95) for v in queues.values())
    verdict = "met" if worst50 < 30 and worst95 < 80 else "NOT met"
    lines += [
        "",
        f"Goal p50 < 30 ms and p95 < 80 ms for every filter: **{verdict}** (worst p50 "
        f"{worst50:.1f} ms, worst p95 {worst95:.1f} ms).",
        "",
        "Plans (`EXPLAIN ANALYZE`, costs off), one per filter:",
    ]
    for name, plan in plans.items():
        lines += ["", f"{name}:", "", "```", plan, "```"]
    lines.append(MARK)
    report = "\n".join(lines)
    print(report)
    if "--write" in sys.argv[1:]:
        common.write_section(MARK, report)


if __name__ == "__main__":
    main()

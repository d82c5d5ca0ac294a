"""The workbench queue of a county clerk over 1,000,000 cases: p50/p95 of
``selectors.case_queue_for(user=…)[:50]`` (goal p50 < 50 ms, p95 < 150 ms, issue 5),
against fetching 50 cases by primary key through the ORM in the same run.

Run ``python -m bench.queue [--write]`` (or ``make bench``). Seeds ``tongban_bench`` to
1,000,000 cases first if it has fewer (``tongban seed``, COPY). The clerk is the seeded
``seed.clerk.540102`` (城关区, the busiest county); each figure is 200 timed calls
after 5 untimed ones, rows fetched (``list()``), on one connection.
"""

import sys

from bench import common

MARK = "<!-- bench:queue -->"
CASES = 1_000_000
RUNS = 200


def main() -> None:
    common.setup()
    common.ensure_cases(CASES)
    from django.db import connection

    from tongban.accounts.models import User
    from tongban.cases import selectors
    from tongban.cases.models import Case

    clerk = User.objects.get(username="seed.clerk.540102")
    total = Case.objects.count()
    scope = selectors.case_queue_for(user=clerk, today=common.AS_OF).count()
    variants = {
        "queue, no filter": {},
        "queue, state = accepted": {"state": "accepted"},
        "queue, light = red": {"light_filter": "red"},
        "queue, light = yellow": {"light_filter": "yellow"},
    }
    figures = {}
    for name, filters in variants.items():
        figures[name] = common.latencies(
            lambda f=filters: list(
                selectors.case_queue_for(user=clerk, today=common.AS_OF, **f)[:50]
            ),
            RUNS,
        )
    figures["baseline: 50 cases by primary key"] = common.latencies(
        lambda: list(Case.objects.order_by("pk")[:50]), RUNS
    )
    query = selectors.case_queue_for(user=clerk, today=common.AS_OF)[:50]
    with connection.cursor() as cursor:
        sql, params = query.query.sql_with_params()
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    base = common.median(figures["baseline: 50 cases by primary key"])
    lines = [
        MARK,
        "## Workbench queue at 1,000,000 cases",
        "",
        f"- date: {common.now()}",
        f"- machine: {common.machine()}",
        f"- command: `python -m bench.queue --write`; {total:,} cases seeded by "
        f"`tongban seed --seed 1 --as-of {common.AS_OF}`; clerk `seed.clerk.540102` "
        f"(城关区) sees {scope:,} of them; {RUNS} timed calls of "
        "`list(case_queue_for(user=clerk)[:50])` each, direct calls (no HTTP)",
        "",
        "| what | p50 ms | p95 ms | p50 vs baseline |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, values in figures.items():
        p50, p95 = common.median(values), common.pct(values, 95)
        lines.append(f"| {name} | {p50:.1f} | {p95:.1f} | {p50 / base:.1f}× |")
    worst50 = max(common.median(v) for k, v in figures.items() if "queue" in k)
    worst95 = max(common.pct(v, 95) for k, v in figures.items() if "queue" in k)
    verdict = "met" if worst50 < 50 and worst95 < 150 else "NOT met"
    lines += [
        "",
        f"Goal p50 < 50 ms and p95 < 150 ms: **{verdict}** (worst p50 "
        f"{worst50:.1f} ms, worst p95 {worst95:.1f} ms).",
        "",
        "Plan of the unfiltered queue (`EXPLAIN ANALYZE`):",
        "",
        "```",
        plan,
        "```",
        MARK,
    ]
    report = "\n".join(lines)
    print(report)
    if "--write" in sys.argv[1:]:
        common.write_section(MARK, report)


if __name__ == "__main__":
    main()

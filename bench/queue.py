"""The workbench queue over 1,000,000 cases, for a county clerk and for a prefecture-wide
supervisor: p50/p95 of one page (50 rows, fetched) of ``selectors.case_queue_for`` under
every filter the workbench offers (goal: p50 < 30 ms, p95 < 80 ms, issue 12), against
fetching 50 cases by primary key through the ORM in the same run, and the plan of each
(``EXPLAIN ANALYZE``).

Run ``python -m bench.queue [--write]`` (or ``make bench``). Seeds ``tongban_bench`` to
1,000,000 cases first if it has fewer (``tongban seed``, COPY). The clerk is the seeded
``seed.clerk.540102`` (城关区, the busiest county), the officer ``seed.officer.540102``
(for "assigned to me"; given every 10th of the county's open cases here, at most 2,000,
as the seed assigns none), the supervisor ``bench.supervisor.5401`` (拉萨市, made here if
missing). Each figure is ``RUNS`` timed calls (``BENCH_QUEUE_RUNS``, default 100) after
2 untimed ones, on one connection; the queue as this pass found it
(``bench.queue_before``) and as it is take turns call by call, so both meet the same load.
The second keyset page (``case_queue_page``) of the unfiltered queues is timed too.
"""

import os
import sys
import time
from collections.abc import Callable
from functools import partial
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


OFFICER_SHARE = 2_000


def _officer_share(officer: Any) -> None:
    """The seed assigns no case to anyone, so "assigned to me" would read an empty
    index range: give the officer every 10th of the county's open cases by id, up to
    ``OFFICER_SHARE`` (their due dates spread as the county's are), as the handling office
    would over a few months. Only ``assigned_to`` is set; the queue's own columns are
    the seed's."""
    from django.db import connection

    from tongban.cases.domain.workflow import OPEN_STATES
    from tongban.cases.models import Case

    if Case.objects.filter(assigned_to=officer).count() >= OFFICER_SHARE:
        return
    ids = list(
        Case.objects.filter(state__in=OPEN_STATES, division__code="540102")
        .order_by("id")
        .values_list("id", flat=True)[: OFFICER_SHARE * 10 : 10]
    )
    Case.objects.filter(id__in=ids).update(assigned_to=officer)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_case")


def _plan(query: Any) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        sql, params = query.query.sql_with_params()
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _backend_cpu_ms() -> float:
    """CPU time (user + system) of this connection's PostgreSQL backend so far, from
    ``/proc`` (the server runs on this machine); 0 where it cannot be read."""
    from django.db import connection

    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


# CPU milliseconds per call (this process, and its database backend) of each figure,
# and statements per call: on a shared machine wall time mostly measures the wait for a
# core, CPU time what the call itself costs.
CPU: dict[str, dict[str, tuple[float, float, int]]] = {}


def _interleaved(
    calls: dict[str, Callable[[], Any]], runs: int, warmup: int = 2, name: str = ""
) -> dict[str, list[float]]:
    """Milliseconds of each call, taking turns call by call so that every one of them
    meets the same load on a shared machine (and, in ``CPU[name]``, the CPU time and
    statements of each per call)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for fn in calls.values():
        for _ in range(warmup):
            fn()
    statements = {}
    for which, fn in calls.items():
        with CaptureQueriesContext(connection) as captured:
            fn()
        statements[which] = len(captured)
    out: dict[str, list[float]] = {which: [] for which in calls}
    client = dict.fromkeys(calls, 0.0)
    backend = dict.fromkeys(calls, 0.0)
    for _ in range(runs):
        for which, fn in calls.items():
            server = _backend_cpu_ms()
            cpu = time.process_time()
            began = time.perf_counter()
            fn()
            out[which].append((time.perf_counter() - began) * 1000)
            client[which] += (time.process_time() - cpu) * 1000
            backend[which] += _backend_cpu_ms() - server
    CPU[name] = {
        which: (client[which] / runs, backend[which] / runs, statements[which])
        for which in calls
    }
    return out


def _planning_ms(plan: str) -> str:
    found = [line for line in plan.splitlines() if line.startswith("Planning Time")]
    return found[0].split(":")[1].strip().removesuffix(" ms") if found else "–"


def _load() -> str:
    return "{:.1f} / {:.1f} / {:.1f}".format(*os.getloadavg())


def main() -> None:
    common.setup()
    common.ensure_cases(CASES)
    from django.db import connection
    from django.db.models import Count

    from bench import queue_before
    from tongban.accounts.models import User
    from tongban.cases import selectors
    from tongban.cases.models import Case

    with connection.cursor() as cursor:
        # As autovacuum leaves the tables some time after a bulk load: without
        # statistics (a seed just made has none) the planner sorts a prefecture's
        # cases instead of reading an index in order (0.7-1.3 s per page).
        cursor.execute("ANALYZE")
    load_before = _load()
    clerk = User.objects.get(username="seed.clerk.540102")
    officer = User.objects.get(username="seed.officer.540102")
    _officer_share(officer)
    item = (
        Case.objects.filter(division__code="540102")
        .values("implementation__code")
        .annotate(n=Count("id"))
        .order_by("-n")[0]["implementation__code"]
    )
    total = Case.objects.count()
    engines = {"before": queue_before.case_queue_for, "after": selectors.case_queue_for}
    figures: dict[str, dict[str, list[float]]] = {}
    plans: dict[str, str] = {}
    for name, (user, f) in _variants(clerk, officer, item).items():
        figures[name] = _interleaved(
            {
                which: partial(
                    lambda queue, u, f: list(
                        queue(user=u, today=common.AS_OF, **f)[:PAGE]
                    ),
                    queue,
                    user,
                    f,
                )
                for which, queue in engines.items()
            },
            RUNS,
            name=name,
        )
        print(
            f"{name}: p50 before {common.median(figures[name]['before']):.1f} ms, "
            f"after {common.median(figures[name]['after']):.1f} ms",
            file=sys.stderr,
        )
        plans[name] = _plan(
            selectors.case_queue_for(user=user, today=common.AS_OF, **f)[:PAGE]
        )
        if not f:
            _, after = selectors.case_queue_page(
                selectors.case_queue_for(user=user, today=common.AS_OF),
                after=None,
                size=PAGE,
            )
            figures[f"{name.split(':')[0]}: page 2 (keyset)"] = _interleaved(
                {
                    which: partial(
                        lambda queue, u, a: selectors.case_queue_page(
                            queue(user=u, today=common.AS_OF), after=a, size=PAGE
                        ),
                        queue,
                        user,
                        after,
                    )
                    for which, queue in engines.items()
                },
                RUNS,
                name=f"{name.split(':')[0]}: page 2 (keyset)",
            )
    baseline = _interleaved(
        {"after": lambda: list(Case.objects.order_by("pk")[:PAGE])},
        RUNS,
        name="baseline",
    )["after"]
    base = common.median(baseline)
    lines = [
        MARK,
        "## Workbench queue at 1,000,000 cases",
        "",
        f"- date: {common.now()}; load average {load_before} at the start, "
        f"{_load()} at the end (1 / 5 / 15 min)",
        f"- machine: {common.machine()}",
        f"- command: `python -m bench.queue --write`; {total:,} cases seeded by "
        f"`tongban seed --seed 1 --as-of {common.AS_OF}`; clerk `seed.clerk.540102` "
        "(城关区), supervisor `bench.supervisor.5401` (拉萨市, all its counties), "
        f"officer `seed.officer.540102`; item `{item}` (the county's busiest); "
        f"{RUNS} timed calls of one page (`list(case_queue_for(…)[:{PAGE}])`) each, "
        "direct calls (no HTTP); before (`bench/queue_before.py`, the queue as this "
        "pass found it: main before the columns were narrowed) and after take turns call by call on the same database; "
        "CPU per call is this process's (`time.process_time`) and its PostgreSQL "
        "backend's (`/proc/<pid>/stat`, 10 ms ticks summed over all calls), "
        "statements per call counted by Django",
        "",
        "| filter | before p50 ms | before p95 ms | after p50 ms | after p95 ms "
        "| after / before, p50 | after p50 / baseline |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, pair in figures.items():
        b, a = pair["before"], pair["after"]
        lines.append(
            f"| {name} | {common.median(b):.1f} | {common.pct(b, 95):.1f} | "
            f"{common.median(a):.1f} | {common.pct(a, 95):.1f} | "
            f"{common.median(a) / common.median(b):.2f} | "
            f"{common.median(a) / base:.1f}× |"
        )
    lines.append(
        f"| baseline: 50 cases by primary key | – | – | {base:.1f} | "
        f"{common.pct(baseline, 95):.1f} | – | 1.0× |"
    )
    lines += [
        "",
        "CPU per call (ms, mean over the timed calls: client + backend) and statements:",
        "",
        "| filter | before CPU ms | after CPU ms | after / before | statements "
        "before → after | planning ms (after, the plan below) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, per in CPU.items():
        a = per["after"]
        b = per.get("before", a)
        lines.append(
            f"| {name} | {b[0]:.1f} + {b[1]:.1f} | {a[0]:.1f} + {a[1]:.1f} | "
            f"{(a[0] + a[1]) / max(b[0] + b[1], 0.001):.2f} | {b[2]} → {a[2]} | "
            f"{_planning_ms(plans[name]) if name in plans else '–'} |"
        )
    worst50 = max(common.median(p["after"]) for p in figures.values())
    worst95 = max(common.pct(p["after"], 95) for p in figures.values())
    verdict = "met" if worst50 < 30 and worst95 < 80 else "NOT met"
    lines += [
        "",
        f"Goal p50 < 30 ms and p95 < 80 ms for every filter: **{verdict}** (worst p50 "
        f"{worst50:.1f} ms, worst p95 {worst95:.1f} ms, after).",
        "",
        "Plans (`EXPLAIN ANALYZE`, costs off), after, one per filter:",
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

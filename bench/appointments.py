"""Appointments and queues on PostgreSQL: the slot search of a hall over the next 30 days,
and "call next" with twenty windows calling at once, each against a baseline measured in
the same run.

Run ``python -m bench.appointments`` (``--write`` records the figures in
``docs/BENCHMARKS.md``). It needs no seeded cases: it makes its own hall (split opening
hours, Monday to Friday), a window group of 20 windows with bookings in half its slots, and
a few thousand waiting numbers for today.

- slot search: ``selectors.group_slots`` for 30 days (sessions, closures, the region's
  calendar, the booked places); baseline: the one query that reads those days' booked
  places.
- call next: 20 windows calling numbers through the service (row lock with SKIP
  LOCKED, the kernel's writer, history and audit rows); baseline: the same 20 callers
  each updating a row of its own in a transaction, in the same shape. Every number must
  be called exactly once. Three shapes, each against its own baseline: ``threads`` (20
  threads in one Python process, each calling 100 numbers back to back: the calls also
  queue behind the one interpreter lock), ``processes`` (20 processes, one per window,
  as 20 clerks' browsers reach separate web server processes, each with its own
  connection, 100 calls back to back) and ``burst`` (the same 20 processes released
  together by a barrier, one call each, all waiting for the round to end, 50 ms pause,
  100 rounds: twenty windows calling at the same moment, as the goal says).
  ``--shape threads|processes|burst`` runs one (default: all three).
- ``--profile``: 200 calls one after the other under cProfile; prints the statements of
  one call and the functions that cost most.
"""

import contextlib
import cProfile
import datetime as dt
import io
import multiprocessing
import os
import pstats
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from bench.common import latencies, machine, median, now, pct, setup, write_section

MARK = "<!-- bench:appointments -->"
WINDOWS = 20
TICKETS = 3000
CALLS_PER_WINDOW = 100
ROUNDS = 100  # the burst shape: rounds of one call per window
PAUSE = 0.05  # seconds between two rounds


def _world() -> tuple[Any, Any, Any]:
    from django.utils import timezone

    from tongban.accounts import services as accounts
    from tongban.accounts.domain.roles import Role
    from tongban.appointments import services
    from tongban.appointments.models import QueueTicket, ServiceGroup, SlotLoad
    from tongban.core.permissions import SYSTEM
    from tongban.regions import selectors as regions_selectors
    from tongban.regions import services as regions

    name = "基准测试大厅"
    group = ServiceGroup.objects.filter(hall__name=name, code="A").first()
    if group is None:
        org = regions.organisation_create(
            actor=SYSTEM,
            name="基准测试中心",
            uscc="12540100MB0T9999X5",
            division_code="540100",
            exercise_level=3,
        )
        hall = regions.hall_create(
            actor=SYSTEM,
            name=name,
            kind="centre",
            division_code="540100",
            organisation=org,
        )
        regions.hall_set_sessions(
            actor=SYSTEM,
            hall=hall,
            sessions=[(w, dt.time(9, 30), dt.time(13, 0)) for w in range(5)]
            + [(w, dt.time(15, 30), dt.time(18, 0)) for w in range(5)],
        )
        windows = [
            regions.window_create(
                actor=SYSTEM, hall=hall, number=f"{n:02d}", name="综合"
            )
            for n in range(1, WINDOWS + 1)
        ]
        group = services.service_group_create(
            actor=SYSTEM,
            hall=hall,
            code="A",
            name="综合受理",
            windows=windows,
            capacity=20,
            book_days_ahead=30,
            slot_minutes=15,
        )
        accounts.staff_create(
            actor=SYSTEM,
            username="bench.clerk",
            full_name="bench",
            password="bench-password-1",  # noqa: S106 - a throwaway benchmark account
            organisation=org,
            roles=[
                (
                    Role.COUNTER_CLERK,
                    None,
                    regions_selectors.division_get(code="540100"),
                )
            ],
        )
    from tongban.appointments import selectors

    today = timezone.localdate()
    SlotLoad.objects.filter(group=group).delete()
    SlotLoad.objects.bulk_create(
        SlotLoad(group=group, day=s.slot.day, start=s.slot.start, booked=10)
        for i, s in enumerate(selectors.group_slots(group=group, days=30))
        if i % 2 == 0
    )
    QueueTicket.objects.filter(group=group).delete()
    began = timezone.now()
    QueueTicket.objects.bulk_create(
        QueueTicket(
            group=group,
            day=today,
            number=n,
            label=f"A{n:03d}",
            created_at=began + dt.timedelta(microseconds=n),
        )
        for n in range(1, TICKETS + 1)
    )
    from django.db import connection

    # The morning's table: the numbers of earlier runs (deleted above) and those called
    # in them are not left as dead entries at the front of the waiting index, which
    # every pick would step over until autovacuum came by.
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {QueueTicket._meta.db_table}")
    from tongban.accounts.models import User

    clerk = User.objects.get(username="bench.clerk")
    return group, clerk, today


def _slot_search(group: Any, today: dt.date) -> dict[str, float]:
    from tongban.appointments import selectors
    from tongban.appointments.models import SlotLoad

    def search() -> None:
        selectors.group_slots(group=group, days=30)

    def baseline() -> None:
        list(
            SlotLoad.objects.filter(
                group=group, day__gte=today, day__lte=today + dt.timedelta(days=30)
            ).values_list("day", "start", "booked")
        )

    found = len(selectors.group_slots(group=group, days=30))
    times = latencies(search, runs=300)
    base = latencies(baseline, runs=300)
    return {
        "slots": found,
        "p50": median(times),
        "p95": pct(times, 95),
        "base_p50": median(base),
        "base_p95": pct(base, 95),
    }


def _threads(work: Callable[[int], Any]) -> tuple[list[float], list[Any]]:
    from django.db import connection

    barrier = threading.Barrier(WINDOWS)
    results: list[list[float]] = [[] for _ in range(WINDOWS)]
    returned: list[list[Any]] = [[] for _ in range(WINDOWS)]

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=60)
            for _ in range(CALLS_PER_WINDOW):
                began = time.perf_counter()
                returned[i].append(work(i))
                results[i].append((time.perf_counter() - began) * 1000)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(WINDOWS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [x for r in results for x in r], [x for r in returned for x in r]


def _processes(work: Callable[[int], Any]) -> tuple[list[float], list[Any]]:
    """``work(i)`` in 20 forked processes, each with its own database connection and
    cache client, released together."""
    from django.core.cache import caches
    from django.db import connection, connections

    connections.close_all()  # a forked child must not share the parent's sockets
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(WINDOWS)
    out = context.Queue()

    def run(i: int) -> None:
        with contextlib.suppress(AttributeError, KeyError):
            del caches["default"]  # a cache client (and pool) of its own
        times, returned = [], []
        try:
            work(-1 - i)  # warm up: the connection, the cached groups; calls nobody
            barrier.wait(timeout=60)
            for _ in range(CALLS_PER_WINDOW):
                began = time.perf_counter()
                returned.append(work(i))
                times.append((time.perf_counter() - began) * 1000)
        finally:
            connection.close()
            out.put((times, returned))

    children = [context.Process(target=run, args=(i,)) for i in range(WINDOWS)]
    for child in children:
        child.start()
    done = [out.get(timeout=600) for _ in children]
    for child in children:
        child.join()
    return [x for t, _ in done for x in t], [x for _, r in done for x in r]


def _burst(work: Callable[[int], Any]) -> tuple[list[float], list[Any]]:
    """``work(i)`` in 20 forked processes (one per window, as ``_processes``), in
    ``ROUNDS`` bursts: all 20 are released together by a barrier, each calls once, all
    wait until the round is over, pause ``PAUSE`` seconds, and the next round begins.
    Twenty windows calling at the same moment, literally; the last row of the times is
    each round's length as the first window saw it (release to the last call done)."""
    from django.core.cache import caches
    from django.db import connection, connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(WINDOWS)
    out = context.Queue()

    def run(i: int) -> None:
        with contextlib.suppress(AttributeError, KeyError):
            del caches["default"]
        times: list[float] = []
        rounds: list[float] = []
        returned: list[Any] = []
        # This process's CPU in its calls; its backend's over the rounds.
        cpu = [0.0, 0.0]
        try:
            work(-1 - i)  # warm up, as in _processes
            backend = _backend_pid()
            backend_began = _cpu_of(backend)
            for _ in range(ROUNDS):
                barrier.wait(timeout=60)  # released together
                began = time.perf_counter()
                cpu_began = time.process_time()
                returned.append(work(i))
                cpu[0] += time.process_time() - cpu_began
                times.append((time.perf_counter() - began) * 1000)
                barrier.wait(timeout=60)  # every window's call is done
                rounds.append((time.perf_counter() - began) * 1000)
                time.sleep(PAUSE)
            cpu[1] = _cpu_of(backend) - backend_began
        finally:
            connection.close()
            out.put((i, times, rounds, returned, cpu))

    children = [context.Process(target=run, args=(i,)) for i in range(WINDOWS)]
    for child in children:
        child.start()
    done = [out.get(timeout=600) for _ in children]
    for child in children:
        child.join()
    _burst_rounds[:] = next(r for i, _, r, _, _ in done if i == 0)
    calls = sum(len(t) for _, t, _, _, _ in done) or 1
    _burst_cpu[:] = [
        sum(c[0] for *_, c in done) * 1000 / calls,
        sum(c[1] for *_, c in done) * 1000 / calls,
    ]
    return [x for _, t, _, _, _ in done for x in t], [
        x for _, _, _, r, _ in done for x in r
    ]


_burst_rounds: list[float] = []  # the last burst run's round lengths (ms)
# The last burst run's CPU per call (ms): the calling process's, its backend's.
_burst_cpu: list[float] = []


def _backend_pid() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def _cpu_of(pid: int) -> float:
    """Seconds of CPU (user + system) process ``pid`` has used (the server is on this
    machine: its backends are processes here)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


SHAPES = {"threads": _threads, "processes": _processes, "burst": _burst}


def _call_next(group: Any, clerk: Any, shape: str) -> dict[str, float]:
    from django.db import transaction

    from tongban.appointments import selectors, services
    from tongban.appointments.models import QueueCounter, QueueTicket

    windows = list(group.windows.order_by("number"))
    clerk.scope_for("case.intake")  # the clerk's roles, read once as a session would

    def call(i: int) -> int | None:
        if i < 0:  # warm-up of a process: what a web worker has after its first call
            selectors.groups_of_window_cached(window=windows[-1 - i])
            return None
        ticket = services.ticket_call_next(actor=clerk, window=windows[i])
        return None if ticket is None else ticket.pk

    run = SHAPES[shape]
    began = time.perf_counter()
    times, returned = run(call)
    elapsed = time.perf_counter() - began
    rounds = list(_burst_rounds) if shape == "burst" else []
    cpu = list(_burst_cpu) if shape == "burst" else []
    called = [pk for pk in returned if pk is not None]
    twice = len(called) - len(set(called))
    left_called = QueueTicket.objects.filter(group=group, state="called").count()

    rows = [
        QueueCounter.objects.get_or_create(group=group, day=dt.date(2000, 1, i + 1))[0]
        for i in range(WINDOWS)
    ]

    def bump(i: int) -> None:
        if i < 0:
            return
        with transaction.atomic():
            QueueCounter.objects.filter(pk=rows[i].pk).update(last=i)

    base, _ = run(bump)
    base_rounds = list(_burst_rounds) if shape == "burst" else []
    base_cpu = list(_burst_cpu) if shape == "burst" else []
    burst = (
        {
            "cpu_process": cpu[0],
            "cpu_backend": cpu[1],
            "base_cpu_process": base_cpu[0],
            "base_cpu_backend": base_cpu[1],
            "round_p50": median(rounds),
            "round_p95": pct(rounds, 95),
            "base_round_p95": pct(base_rounds, 95),
        }
        if rounds
        else {}
    )
    return {
        **burst,
        "calls": len(called),
        "twice": twice,
        "consistent": float(left_called == len(called)),
        "rate": len(called) / elapsed,
        "p50": median(times),
        "p95": pct(times, 95),
        "base_p50": median(base),
        "base_p95": pct(base, 95),
    }


def _profile(group: Any, clerk: Any, calls: int = 200) -> str:
    """The statements of one call and the costliest functions of ``calls`` calls made
    one after the other (no contention: what one call costs)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tongban.appointments import services

    window = group.windows.order_by("number").first()
    clerk.scope_for("case.intake")
    services.ticket_call_next(actor=clerk, window=window)
    with CaptureQueriesContext(connection) as queries:
        services.ticket_call_next(actor=clerk, window=window)
    statements = [q["sql"][:110] for q in queries.captured_queries]
    profiler = cProfile.Profile()
    began = time.perf_counter()
    profiler.enable()
    for _ in range(calls):
        services.ticket_call_next(actor=clerk, window=window)
    profiler.disable()
    per_call = (time.perf_counter() - began) * 1000 / calls
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(30)
    lines = "\n".join(f"  {s}" for s in statements)
    return (
        f"{len(statements)} statements per call:\n{lines}\n"
        f"{per_call:.2f} ms per call under the profiler ({calls} calls)\n"
        + text.getvalue()
    )


def _shapes() -> list[str]:
    if "--shape" in sys.argv:
        return [sys.argv[sys.argv.index("--shape") + 1]]
    return list(SHAPES)


def _row(shape: str, calls: dict[str, float]) -> str:
    who = {
        "threads": f"{WINDOWS} threads in one process",
        "processes": f"{WINDOWS} processes, one per window",
        "burst": f"{WINDOWS} processes, one per window",
    }[shape]
    if shape == "burst":
        return (
            f"| call next, {WINDOWS} windows at the same moment: {who}, released "
            f"together, one call each, {ROUNDS} rounds {PAUSE * 1000:.0f} ms apart "
            f"({calls['calls']:.0f} calls; a whole round p50 {calls['round_p50']:.1f} ms, "
            f"p95 {calls['round_p95']:.1f} ms) | p50 {calls['p50']:.1f} ms, p95 "
            f"{calls['p95']:.1f} ms | the same bursts of {WINDOWS} one-row updates: p50 "
            f"{calls['base_p50']:.1f} ms, p95 {calls['base_p95']:.1f} ms (round p95 "
            f"{calls['base_round_p95']:.1f} ms; CPU per call: process "
            f"{calls['cpu_process']:.2f} ms + its backend {calls['cpu_backend']:.2f} ms, "
            f"baseline {calls['base_cpu_process']:.2f} + {calls['base_cpu_backend']:.2f} "
            f"ms) | {calls['p95'] / calls['base_p95']:.1f}× "
            f"(p95) | p95 < 50 ms, no number twice |"
        )
    return (
        f"| call next, {WINDOWS} windows at once: {who} ({calls['calls']:.0f} calls, "
        f"{calls['rate']:.0f}/s) | p50 {calls['p50']:.1f} ms, p95 {calls['p95']:.1f} ms "
        f"| {who}, each updating a row of its own: p50 {calls['base_p50']:.1f} ms, "
        f"p95 {calls['base_p95']:.1f} ms | {calls['p95'] / calls['base_p95']:.1f}× (p95) "
        f"| p95 < 50 ms, no number twice |"
    )


def main() -> None:
    # As production runs (the test settings the benches start from seal in the request).
    os.environ.setdefault("AUDIT_SEAL_DEFER_SECONDS", "1.0")
    os.environ.setdefault("WINDOW_GROUPS_LOCAL_SECONDS", "1.0")
    setup()
    import time_machine

    # A Monday at 10:00 in Lhasa: the hall is open, the slots of the next 30 days exist.
    with time_machine.travel(
        dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        tick=True,
    ):
        group, clerk, today = _world()
        if "--profile" in sys.argv:
            print(_profile(group, clerk))
            return
        load = os.getloadavg()
        slots = _slot_search(group, today)
        shapes = {}
        for shape in _shapes():
            group, clerk, today = _world()  # every number waiting again
            shapes[shape] = _call_next(group, clerk, shape)
            print(f"call next ({shape}): {shapes[shape]}")
        load_end = os.getloadavg()
    print(f"slot search: {slots}")
    ok = all(c["twice"] == 0 and c["consistent"] == 1.0 for c in shapes.values())
    twice = sum(c["twice"] for c in shapes.values())
    rows = "\n".join(_row(shape, calls) for shape, calls in shapes.items())
    section = f"""{MARK}
## Appointments and queues

{now()}; {machine()}; load average (1 min) {load[0]:.2f} at the start, {load_end[0]:.2f}
at the end. `python -m bench.appointments`; the same run for each figure and its baseline.

| path | measured | baseline in the same run | ratio | goal |
| --- | --- | --- | --- | --- |
| slot search, 30 days ({slots["slots"]:.0f} slots, split hours, calendar, places) | p50 {slots["p50"]:.1f} ms, p95 {slots["p95"]:.1f} ms | one query of those days' booked places p50 {slots["base_p50"]:.1f} ms, p95 {slots["base_p95"]:.1f} ms | {slots["p95"] / slots["base_p95"]:.1f}× (p95) | p95 < 30 ms |
{rows}

Numbers called twice: {twice:.0f} ({"none" if ok else "FAILED"}). In the threads and
processes shapes each window calls {CALLS_PER_WINDOW} numbers one after the other without
a pause (a closed loop: more load than twenty clerks make); in the burst shape the twenty
windows are released together by a barrier, call once each and wait for the round to end,
{ROUNDS} rounds {PAUSE * 1000:.0f} ms apart. Each call is a row lock with `SKIP LOCKED`,
the lifecycle kernel's writer (the ticket's update and its history row, an audit row on
the one audit chain) and its commit.
{MARK}"""
    if "--write" in sys.argv:
        write_section(MARK, section)
    print(section)
    if not ok:
        sys.exit("a number was called twice")


if __name__ == "__main__":
    main()

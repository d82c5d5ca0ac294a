"""Audited writes per second under parallel writers: does the audit chain serialise them?

Each writer thread runs transactions that insert one row and write one audit row
(``audit_record``), as every audited service does; the baseline is the same insert
without the audit row, with the same number of threads, in the same run. With one chain
lock held from the append to the commit, audited writes stop scaling with writers; with
rows sealed after commit they scale like the plain insert.

Run ``python -m bench.audit [--write]`` against ``BENCH_DATABASE_URL`` (PostgreSQL).
``BENCH_AUDIT_SECONDS`` (default 6) per figure; threads 1, 4 and 8 (psycopg releases
the GIL while it waits on the server, so the threads do wait on the database in
parallel). ``BENCH_AUDIT_HOLD_MS`` (default 2) is work done in the transaction after the
audit row, as a service's last steps (outbox row, history) are, which the chain lock
covers. "Before" reproduces the one-lock design in the same run (the writer waits for
the chain lock, then appends inline), so the two are measured under the same load.
"""

import os
import sys
import threading
import time
import uuid

from bench import common

MARK = "<!-- bench:audit -->"
SECONDS = float(os.environ.get("BENCH_AUDIT_SECONDS", "6"))
HOLD = float(os.environ.get("BENCH_AUDIT_HOLD_MS", "2")) / 1000
THREADS = (1, 4, 8)


def _scratch() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_audit_scratch "
            "(id bigserial PRIMARY KEY, value text NOT NULL)"
        )


def _write(mode: str, run: str, n: int) -> None:
    from django.db import connection, transaction

    from tongban.core import services
    from tongban.core.permissions import SYSTEM
    from tongban.core.services import audit_record

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_audit_scratch (value) VALUES (%s)", [f"{run}:{n}"]
            )
            if mode == "serialised":
                # The chain as it was: every writer waits for the one lock, then
                # appends inline and holds the lock to its commit.
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s)", [services._AUDIT_CHAIN_LOCK]
                )
        if mode != "plain":
            audit_record(
                actor=SYSTEM,
                action="bench.write",
                object_type="bench",
                object_id=f"{run}:{n}",
                changes={"value": [None, n]},
            )
        time.sleep(HOLD)


def _rate(mode: str, threads: int) -> float:
    from django.db import connection

    run = uuid.uuid4().hex[:8]
    done = [0] * threads
    stop = time.perf_counter() + SECONDS

    def loop(index: int) -> None:
        try:
            while time.perf_counter() < stop:
                _write(mode, run, index * 10_000_000 + done[index])
                done[index] += 1
        finally:
            connection.close()

    began = time.perf_counter()
    workers = [threading.Thread(target=loop, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(done) / (time.perf_counter() - began)


def main() -> None:
    common.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench.audit measures PostgreSQL; set BENCH_DATABASE_URL")
    from tongban.core import selectors, services

    _scratch()
    services.audit_record(actor=None, action="bench.warm", object_type="bench")
    rows = []
    for threads in THREADS:
        rows.append(
            (
                threads,
                _rate("plain", threads),
                _rate("serialised", threads),
                _rate("audited", threads),
            )
        )
    services.audit_seal()
    parked, forged = selectors.audit_parked()
    load = os.getloadavg()
    lines = [
        MARK,
        "## Audited writes under parallel writers (issue 12)",
        "",
        f"- date: {common.now()}; load average {load[0]:.1f} / {load[1]:.1f}",
        f"- machine: {common.machine()} (2 cores shared with other work)",
        "- command: `python -m bench.audit --write`; each transaction inserts one row, "
        f"then (audited) writes one audit row, then works {HOLD * 1000:.0f} ms more "
        f"before commit; {SECONDS:.0f} s per figure",
        "",
        "| writer threads | plain insert /s | audited, one chain lock (before) /s "
        "| audited, parked when the lock is taken (after) /s | before / plain "
        "| after / plain |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
        *(
            f"| {t} | {p:,.0f} | {b:,.0f} | {a:,.0f} | {b / p:.2f} | {a / p:.2f} |"
            for t, p, b, a in rows
        ),
        "",
        f"After the run: {parked} rows still parked, {len(forged)} failing their "
        "HMAC. Before is the old design reproduced in the same run (each writer "
        "waits for the chain lock, then appends inline), so both see the same load.",
        MARK,
    ]
    report = "\n".join(lines)
    print(report)
    if "--write" in sys.argv[1:]:
        common.write_section(MARK, report)


if __name__ == "__main__":
    main()

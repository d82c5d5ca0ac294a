"""The audit log before and after ``tongban audit partition``: ``tongban audit verify`` over
the whole chain and one audited write, on the same rows, in the same run.

Two databases seeded alike: ``BENCH_AUDIT_ROWS`` (default 300,000) chained audit rows
spread evenly over 2025-01-01 .. 2026-11-30 (COPY) with their signed head; the second is
a copy of the first (``CREATE DATABASE … TEMPLATE``), then partitioned by year. The
figures alternate between the two (A, B, A, B), each in a fresh process, so both see the
same machine. Per figure: wall time and CPU time (this thread plus the PostgreSQL
backend, ``bench.common.cpu_ns``), with the load average. ``BENCH_AUDIT_WRITES`` (default
300) audited writes per round, medians and p95.

Run ``python -m bench.audit_partition [--write]``; the databases are
``BENCH_AUDIT_PARTITION_DB`` (default ``tbbench_partition``) and the same name with
``_parted``, on ``BENCH_PG`` (default ``postgres://postgres@127.0.0.1:5432``). They are
made again on every run.
"""

import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
import time

from bench import common

MARK = "<!-- bench:audit-partition -->"
ROWS = int(os.environ.get("BENCH_AUDIT_ROWS", "300000"))
WRITES = int(os.environ.get("BENCH_AUDIT_WRITES", "300"))
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
NAME = os.environ.get("BENCH_AUDIT_PARTITION_DB", "tbbench_partition")
ROUNDS = 2
PSQL = shutil.which("psql") or "/usr/bin/psql"


def _psql(sql: str) -> None:
    subprocess.run(  # noqa: S603 - psql with our own statement
        [PSQL, f"{SERVER}/postgres", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True,
        capture_output=True,
    )


def _seed() -> float:
    """Fill the first database; returns the seconds the conversion of the copy took."""
    for name in (NAME, f"{NAME}_parted"):
        _psql(f'DROP DATABASE IF EXISTS "{name}"')
    _psql(f'CREATE DATABASE "{NAME}"')
    os.environ["BENCH_DATABASE_URL"] = f"{SERVER}/{NAME}"
    common.setup()
    from django.db import connection

    from tongban.core import crypto
    from tongban.core.domain.hashchain import GENESIS, chain_hash, head_sign
    from tongban.core.models import AuditEvent, AuditHead

    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    span = dt.datetime(2026, 11, 30, tzinfo=dt.UTC) - start
    columns = [f.column for f in AuditEvent._meta.concrete_fields]
    previous = GENESIS
    buffer = io.StringIO()
    for i in range(1, ROWS + 1):
        event = AuditEvent(
            id=i,
            created_at=start + span * (i / (ROWS + 1)),
            actor_repr="system",
            action="bench.change",
            object_type="cases.case",
            object_id=str(i),
            object_repr=f"case {i}",
            changes={"state": ["submitted", "accepted"]},
            division_prefix="5401",
            organisation_path="/1/",
        )
        event.prev_hash = previous
        event.hash = previous = chain_hash(previous, event.chain_payload())
        values = {
            "id": i,
            "created_at": event.created_at.isoformat(),
            "changes": json.dumps(event.changes),
            "ip": None,
            "actor_id": None,
        }
        buffer.write(
            "\t".join(
                "\\N"
                if (v := values.get(c, getattr(event, c, None))) is None
                else str(v)
                for c in columns
            )
            + "\n"
        )
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
            f"COPY core_auditevent ({', '.join(columns)}) FROM STDIN"
        ) as copy:
            copy.write(buffer.getvalue())
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('core_auditevent', 'id'), %s)", [ROWS]
        )
    signed = head_sign(crypto.audit_head_key(), ROWS, previous)
    AuditHead.objects.create(
        pk=1,
        last_id=signed.last_id,
        last_hash=signed.last_hash,
        signature=signed.signature,
        updated_at=start + span,
    )
    connection.close()
    _psql(f'CREATE DATABASE "{NAME}_parted" TEMPLATE "{NAME}"')
    done = subprocess.run(
        [sys.executable, "-m", "bench.audit_partition", "--convert"],
        env={**os.environ, "BENCH_DATABASE_URL": f"{SERVER}/{NAME}_parted"},
        check=True,
        capture_output=True,
        text=True,
    )
    # Both fresh tables vacuumed and analysed before any figure, so autovacuum's catching
    # up with the copied rows does not run under one of them.
    for name in (NAME, f"{NAME}_parted"):
        subprocess.run(  # noqa: S603 - psql with our own statement
            [PSQL, f"{SERVER}/{name}", "-q", "-c", "VACUUM (ANALYZE) core_auditevent"],
            check=True,
            capture_output=True,
        )
    return float(done.stdout.strip().splitlines()[-1])


def _convert() -> None:
    common.setup()
    from django.core.management import call_command

    began = time.perf_counter()
    call_command("audit", "partition", "--years", "2025-2027")
    took = time.perf_counter() - began
    print(f"{took:.2f}")


def _measure() -> None:
    """One round on this process's database: verify, then the audited writes."""
    common.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from tongban.core import auditpartition
    from tongban.core.services import audit_record

    out = io.StringIO()
    wall, cpu = time.perf_counter(), common.cpu_ns(connection)
    call_command("audit", "verify", stdout=out)
    verify = (time.perf_counter() - wall, (common.cpu_ns(connection) - cpu) / 1e9)

    def write(i: int) -> None:
        with transaction.atomic():
            audit_record(
                actor=None,
                action="bench.write",
                object_type="cases.case",
                object_id=f"w{i}",
                changes={"state": ["accepted", "done"]},
            )

    for i in range(5):
        write(-i)
    walls, cpus = [], []
    for i in range(WRITES):
        wall, cpu = time.perf_counter(), common.cpu_ns(connection)
        write(i)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((common.cpu_ns(connection) - cpu) / 1e6)
    print(
        json.dumps(
            {
                "partitioned": auditpartition.state().partitioned,
                "verify_out": out.getvalue().strip(),
                "verify_s": verify[0],
                "verify_cpu_s": verify[1],
                "write_ms": common.median(walls),
                "write_p95_ms": common.pct(walls, 95),
                "write_cpu_ms": common.median(cpus),
                "load": os.getloadavg()[0],
            }
        )
    )


def main() -> None:
    if "--convert" in sys.argv[1:]:
        _convert()
        return
    if "--measure" in sys.argv[1:]:
        _measure()
        return
    load_start = os.getloadavg()
    convert_s = _seed()
    results: dict[str, list[dict[str, float | str | bool]]] = {"A": [], "B": []}
    for _ in range(ROUNDS):
        for key, name in (("A", NAME), ("B", f"{NAME}_parted")):
            done = subprocess.run(
                [sys.executable, "-m", "bench.audit_partition", "--measure"],
                env={**os.environ, "BENCH_DATABASE_URL": f"{SERVER}/{name}"},
                check=True,
                capture_output=True,
                text=True,
            )
            results[key].append(json.loads(done.stdout.strip().splitlines()[-1]))
    load_end = os.getloadavg()
    lines = [
        MARK,
        f"## Audit log partitioned by year, {common.now()}: verify and an audited "
        "write (issue 12)",
        "",
        f"- load average (1 min) {load_start[0]:.2f} at the "
        f"start, {load_end[0]:.2f} at the end",
        "- machine: 2 cores (nproc) shared with other work; PostgreSQL on 127.0.0.1",
        f"- command: `python -m bench.audit_partition --write`; {ROWS:,} chained rows "
        "over 2025-01 .. 2026-11 in two databases, B a copy of A partitioned by "
        f"year (`tongban audit partition --years 2025-2027`: {convert_s:.1f} s wall); "
        f"rounds alternate A, B, A, B, each a fresh process; {WRITES} audited "
        "writes (one `audit_record` in its own transaction) per round after 5 "
        "untimed; CPU = this thread + the PostgreSQL backend; both tables vacuumed and "
        "analysed before the first figure",
        "",
        "| round | table | verify wall s | verify CPU s | write median ms "
        "| write p95 ms | write CPU median ms | load (1 min) |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for i in range(ROUNDS):
        for key, label in (("A", "plain"), ("B", "partitioned")):
            r = results[key][i]
            if r["partitioned"] != (key == "B") or not str(r["verify_out"]).startswith(
                "OK:"
            ):
                sys.exit(
                    f"round {i + 1} {label}: not what was meant to be measured: {r}"
                )
            lines.append(
                f"| {i + 1} | {label} | {r['verify_s']:.1f} | {r['verify_cpu_s']:.1f} "
                f"| {r['write_ms']:.2f} | {r['write_p95_ms']:.2f} "
                f"| {r['write_cpu_ms']:.2f} | {r['load']:.2f} |"
            )
    lines += [
        "",
        "Every verify printed `OK` (" + str(results["B"][-1]["verify_out"]) + " on the "
        "last partitioned round).",
        MARK,
    ]
    report = "\n".join(lines)
    print(report)
    if "--write" in sys.argv[1:]:
        common.write_section(MARK, report)


if __name__ == "__main__":
    main()

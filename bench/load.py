"""``python -m bench.load [--write]``: the locust profile (``bench/locustfile.py``)
against gunicorn with production settings, at increasing numbers of users.

Steps: prepare the ``tongban_load`` PostgreSQL database (migrate, demo data,
``tongban seed --cases 20000`` on the first run, reused after) and the static files
(``bench.load_targets``); start gunicorn (``tongban.config.wsgi``, 2 sync workers) on
127.0.0.1 and a ``tongban db_worker`` for the notifications; run locust headless for
``STEP_SECONDS`` at each of ``STEPS`` users; read p50/p95/p99, requests/s and errors per
step from locust's CSV statistics; stop everything it started; with ``--write``, write
the "Load" section of ``docs/BENCHMARKS.md``.

Options (``python -m bench.load --servers 2 --task-workers 2 --worker-class gthread``):
``--servers N`` starts N gunicorn masters on one port (``--reuse-port``: the kernel
spreads connections over them, as a load balancer spreads them over machines),
``--workers`` and ``--worker-class``/``--threads`` set each one's processes, ``--task-workers
N`` starts N ``db_worker`` processes, ``--steps`` the users per step. After the run it
checks that every task enqueued during it ran exactly once (one worker id, status
SUCCESSFUL) and every notification was sent in one attempt, and says which workers ran
them. Settings: ``bench.load_settings`` (production plus the bare view, the mix's
same-run ceiling).

Loopback only, bounded: five steps of 30 s, about three minutes on a seeded database
(the first seed adds about two). Known limits: locust, gunicorn and PostgreSQL share the
machine's two cores, so the knee is the machine's, not the server's alone; the
encryption and secret keys below are fixed so the seeded database stays readable
between runs, and are for this throwaway database only.
"""

import argparse
import csv
import datetime as dt
import itertools
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import psycopg

from bench import common

MARK = "<!-- bench:load -->"
DATABASE = "tongban_load"
PORT = 8765
STEPS = (10, 40, 80, 120, 160)
STEP_SECONDS = 30
WORKERS = 2
ROOT = Path(__file__).resolve().parents[1]
WORK = Path(tempfile.gettempdir()) / "tongban-load"


def environment() -> dict[str, str]:
    """Production settings with what ``settings.prod`` requires, on loopback HTTP."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        "DEBUG": "false",
        "SECRET_KEY": "load-test-only-not-secret-" + "0123456789abcdef" * 3,
        "FIELD_ENCRYPTION_KEYS": "bG9hZC10ZXN0LW9ubHktZmVybmV0LWtleS0wMDAwMDA=",
        "BLIND_INDEX_KEY": "load-test-only-blind-index-key",
        "AUDIT_HEAD_KEY": "load-test-only-audit-head-key-0123456789",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        # Production keeps throttles, lockouts and sessions in Redis (db 14 here).
        "CACHE_URL": os.environ.get("LOAD_CACHE_URL", "redis://127.0.0.1:6379/14"),
        "PUBLIC_BASE_URL": "http://127.0.0.1",
        "API_THROTTLE_ANON": "100000/minute",
        "API_THROTTLE_USER": "100000/minute",
        # one load generator is one client address asking about a few hundred cases
        "PROGRESS_THROTTLE_ADDRESS": "100000/minute",
        "PROGRESS_THROTTLE_CASE": "100000/minute",
        "TONGBAN_VAR_DIR": str(WORK / "var"),
        "CERTIFICATE_KEY_DIR": str(WORK / "var" / "certificate-keys"),
        "STATIC_ROOT": str(WORK / "static"),
        "LOG_LEVEL": "WARNING",
        "SMS_BACKEND": "tongban.notifications.backends.ConsoleSms",
    }


def create_database() -> None:
    with psycopg.connect(
        "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
    ) as conn:
        found = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
        ).fetchone()
        if found is None:
            conn.execute(f'CREATE DATABASE "{DATABASE}"')


def wait_ready(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"server not ready at {url}")


def start(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen[bytes]:
    out = log.open("wb")
    return subprocess.Popen(  # noqa: S603 - our own interpreter and modules
        [sys.executable, "-m", *args],
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def read_stats(prefix: Path) -> dict[str, dict[str, float]]:
    """Locust's ``<prefix>_stats.csv`` by request name (``Aggregated`` for all)."""
    rows: dict[str, dict[str, float]] = {}
    with Path(f"{prefix}_stats.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            count = float(row["Request Count"] or 0)
            rows[row["Name"]] = {
                "count": count,
                "failures": float(row["Failure Count"] or 0),
                "rps": float(row["Requests/s"] or 0),
                "p50": float(row["50%"] or 0),
                "p95": float(row["95%"] or 0),
                "p99": float(row["99%"] or 0),
            }
    return rows


def run_step(users: int, host: str, targets: Path) -> dict[str, dict[str, float]]:
    prefix = WORK / f"users{users}"
    subprocess.run(  # noqa: S603 - our own interpreter and locust
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--only-summary",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{STEP_SECONDS}s",
            "--stop-timeout",
            "5",
            "--host",
            host,
            "--csv",
            str(prefix),
            "--exit-code-on-error",
            "0",
        ],
        env={**os.environ, "LOAD_TARGETS": str(targets)},
        stdout=(WORK / f"locust{users}.log").open("wb"),
        stderr=subprocess.STDOUT,
        check=True,
        timeout=STEP_SECONDS + 60,
    )
    return read_stats(prefix)


def measure(
    env: dict[str, str], targets: Path, options: argparse.Namespace
) -> dict[int, dict[str, Any]]:
    host = f"http://127.0.0.1:{PORT}"
    gunicorn = [
        "--workers",
        str(options.workers),
        "--worker-class",
        options.worker_class,
    ]
    if options.worker_class == "gthread":
        gunicorn += ["--threads", str(options.threads)]
    servers = [
        start(
            env,
            WORK / f"gunicorn{n}.log",
            "gunicorn",
            "tongban.config.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--reuse-port",
            *gunicorn,
        )
        for n in range(options.servers)
    ]
    workers = [
        start(env, WORK / f"worker{n}.log", "tongban", "db_worker")
        for n in range(options.task_workers)
    ]
    try:
        wait_ready(f"{host}/healthz")
        results = {}
        for users in options.steps:
            results[users] = run_step(users, host, targets)
            total = results[users]["Aggregated"]
            print(
                f"{users:>3} users: {total['rps']:7.1f} req/s, p50 {total['p50']:.0f}"
                f" ms, p95 {total['p95']:.0f} ms, p99 {total['p99']:.0f} ms, "
                f"{total['failures']:.0f} failures of {total['count']:.0f}",
                flush=True,
            )
        time.sleep(10)  # the task workers finish what the last step enqueued
        return results
    finally:
        for process in [*workers, *servers]:
            stop(process)


def tasks_check(since: dt.datetime) -> str:
    """Every task enqueued since ``since``: ran once, by which workers; every
    notification created since then: sent in one attempt."""
    with psycopg.connect(
        f"postgresql://postgres@127.0.0.1:5432/{DATABASE}", autocommit=True
    ) as conn:
        table = conn.execute(
            "SELECT tablename FROM pg_tables WHERE tablename LIKE '%dbtaskresult'"
        ).fetchone()[0]
        total, done, once, workers = conn.execute(
            f"SELECT count(*), count(*) FILTER (WHERE status = %s), "  # noqa: S608 - the table name comes from the catalogue
            "count(*) FILTER (WHERE jsonb_array_length(worker_ids) = 1), "
            "count(DISTINCT worker_ids->>0) "
            f'FROM "{table}" WHERE enqueued_at >= %s',
            ["SUCCESSFUL", since],
        ).fetchone()
        sent, single = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE attempts = 1 AND status = 'sent') "
            "FROM notifications_message WHERE created_at >= %s",
            [since],
        ).fetchone()
    return (
        f"tasks enqueued during the run: {total}, successful {done}, run by exactly "
        f"one worker {once}, distinct workers {workers}; notifications created: "
        f"{sent}, sent in one attempt {single}"
    )


def knee(results: dict[int, dict[str, Any]]) -> int | None:
    """The first step where p95 grew by a larger factor than requests/s did."""
    steps = sorted(results)
    for before, after in itertools.pairwise(steps):
        old, new = results[before]["Aggregated"], results[after]["Aggregated"]
        if (
            old["rps"]
            and old["p95"]
            and new["p95"] / old["p95"] > new["rps"] / old["rps"]
        ):
            return after
    return None


def _p95(row: dict[str, float] | None) -> str:
    return f"{row['p95']:.0f}" if row and row["count"] else "–"


def section(
    results: dict[int, dict[str, Any]], postgresql: str, options: argparse.Namespace
) -> str:
    steps = sorted(results)
    rows = []
    for users in steps:
        total = results[users]["Aggregated"]
        errors = total["failures"] / total["count"] * 100 if total["count"] else 0.0
        rows.append(
            f"| {users} | {total['count']:,.0f} | {total['rps']:.1f} | "
            f"{total['p50']:.0f} | {total['p95']:.0f} | {total['p99']:.0f} | "
            f"{errors:.2f} % |"
        )
    names = sorted(n for n in results[steps[-1]] if n != "Aggregated")
    kinds = [
        f"| {name} | " + " | ".join(_p95(results[u].get(name)) for u in steps) + " |"
        for name in names
    ]
    found = knee(results)
    verdict = (
        f"Knee: **{found} users**, the first step where p95 grew faster than "
        "requests/s."
        if found
        else "No knee: p95 grew no faster than requests/s up to the last step."
    )
    return "\n".join(
        [
            MARK,
            "## Load: mixed portal traffic over HTTP",
            "",
            f"- date: {common.now()}",
            f"- machine: {os.cpu_count()} cores (nproc), {common.cpu()}; Python "
            f"{platform.python_version()}; PostgreSQL {postgresql} on 127.0.0.1; "
            f"{options.servers} gunicorn server(s) of {options.workers} "
            f"{options.worker_class} workers"
            + (
                f" × {options.threads} threads"
                if options.worker_class == "gthread"
                else ""
            )
            + f", {options.task_workers} task worker(s) and locust on the same cores",
            "- command: `python -m bench.load --write`; production settings "
            f"(`settings.prod`, DEBUG off, whitenoise manifest), `{DATABASE}` with the "
            "demo data and `tongban seed --cases 20000`, a `db_worker` running; "
            f"locust headless, {STEP_SECONDS} s per step, all users spawned at once",
            "- mix (`bench/locustfile.py`): public 10/13 (guide pages, searches in "
            "Chinese, pinyin initials and codes, calendar deadlines, progress "
            "queries), staff 2/13 (queue pages), applicants 1/13 (case list, online "
            "submissions with small PDFs)",
            "- percentiles as locust reports them (rounded to two significant "
            "figures, so 1,000 ms stands for 950–1,049 ms); errors are failed "
            "requests (non-2xx or connection errors) over all requests",
            "",
            "| users | requests | requests/s | p50 ms | p95 ms | p99 ms | errors |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            *rows,
            "",
            "p95 ms by request kind: " + ", ".join(f"{u} users" for u in steps) + ".",
            "",
            "| request | " + " | ".join(str(u) for u in steps) + " |",
            "| --- |" + " ---: |" * len(steps),
            *kinds,
            "",
            verdict,
            MARK,
        ]
    )


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--task-workers", type=int, default=1)
    parser.add_argument(
        "--steps",
        type=lambda text: [int(n) for n in text.split(",")],
        default=list(STEPS),
    )
    return parser.parse_args()


def main() -> None:
    options = arguments()
    WORK.mkdir(parents=True, exist_ok=True)
    env = environment()
    create_database()
    targets = WORK / "targets.json"
    began = time.monotonic()
    subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench.load_targets", str(targets)],
        env=env,
        check=True,
        cwd=ROOT,
    )
    print(f"prepared in {time.monotonic() - began:.0f} s", flush=True)
    since = dt.datetime.now(dt.UTC)
    results = measure(env, targets, options)
    postgresql = json.loads(targets.read_text(encoding="utf-8"))["postgresql"]
    text = section(results, postgresql, options)
    print(text)
    print(tasks_check(since))
    if options.write:
        common.write_section(MARK, text)


if __name__ == "__main__":
    main()

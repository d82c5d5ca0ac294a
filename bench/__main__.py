"""``python -m bench`` (``make bench``): every suite, each writing its section of
``docs/BENCHMARKS.md``. The PostgreSQL suites use ``BENCH_DATABASE_URL`` (default
``tongban_bench`` on 127.0.0.1) and seed it to 1,000,000 cases on the first run (a few
minutes, COPY); later runs reuse it. ``bench.calendars`` and ``bench.signing`` need no
server."""

import subprocess
import sys

SUITES = [
    "calendars",
    "signing",
    "queue",
    "statistics",
    "guide",
    "submissions",
    "audit",
    "appointments",
    "evaluations",
    "servicedesk",
    "supervision",
    "webhooks",
    "exchange",
]


def main() -> None:
    # One process per suite: each sets Django up its own way (calendars: SQLite in
    # memory), and a crash in one still lets the others report.
    failed = []
    for suite in SUITES:
        print(f"== bench.{suite}", flush=True)
        done = subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", f"bench.{suite}", "--write"], check=False
        )
        if done.returncode:
            failed.append(suite)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()

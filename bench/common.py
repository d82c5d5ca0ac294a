"""Shared by the PostgreSQL suites: Django set-up against the benchmark database, the
machine line, timing helpers and the writer of one ``docs/BENCHMARKS.md`` section.

The suites run against ``BENCH_DATABASE_URL`` (default: the ``tongban_bench`` database
on 127.0.0.1), never the development or test databases, and seed it with
``tongban seed`` when it holds fewer cases than they need.
"""

import datetime as dt
import http.client
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "docs" / "BENCHMARKS.md"
SERVERS: dict[int, int] = {}  # port -> gunicorn master pid, while it runs
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tongban_bench"
AS_OF = dt.date(2026, 11, 27)  # the seeded region's "today", so runs compare


def setup() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tongban.config.settings.test"
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def ensure_cases(
    count: int, counties: int | None = None, open_only: bool = False
) -> None:
    """Seed the benchmark database up to ``count`` cases (COPY on PostgreSQL); ``counties``
    limits the catalogue to that many counties (a smaller region, seeded faster);
    ``open_only`` seeds only open cases."""
    from tqdm import tqdm

    from tongban.cases.models import Case
    from tongban.ops.seed import region_seed, seeded_already

    have = Case.objects.count()
    if have < count:
        region_seed(
            seed=1,
            cases=count - have,
            counties=counties,
            append=seeded_already(),
            as_of=AS_OF,
            progress=tqdm,
            open_only=open_only,
        )


def cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return (
        f"{os.cpu_count()} cores (nproc), {cpu()}; Python "
        f"{platform.python_version()}; PostgreSQL {version} on 127.0.0.1"
    )


def now() -> str:
    return f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def http_server(port: int, *, ready: str = "/bench/bare/") -> Iterator[int]:
    """One sync gunicorn worker on ``127.0.0.1:port`` serving ``bench.settings_http`` (the
    test settings, the application's URLs plus the bare view ``/bench/bare/``), the
    benchmark database and cache of this process's environment; yields the port once
    ``ready`` answers 200, and ends the server on the way out (killed if it does not end
    within a minute on a loaded machine).

    ``BENCH_SERVER_ROOT`` names another checkout whose code the server runs (its
    ``src`` first on the path), so a before/after pair is measured in one sitting
    against the same database by the same client."""
    root = Path(os.environ.get("BENCH_SERVER_ROOT") or ROOT)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings_http",
        "PYTHONPATH": os.pathsep.join([str(root / "src"), str(root)]),
    }
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "tongban.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",  # a loaded shared machine can stall a worker past 30 s
            "120",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=root,
    )
    try:
        _wait_ready(process, port, ready)
        SERVERS[port] = process.pid
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def process_cpu_ns(pid: int) -> int:
    """User and system CPU time a process has used, in ns (0 when unreadable)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        ticks = int(fields[11]) + int(fields[12])
    except (OSError, ValueError, IndexError):
        return 0
    return ticks * 1_000_000_000 // os.sysconf("SC_CLK_TCK")


def server_worker(port: int) -> int:
    """The pid of the one worker of the server ``http_server`` started on ``port``."""
    master = SERVERS[port]
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0])


def _wait_ready(process: subprocess.Popen[bytes], port: int, path: str) -> None:
    for _ in range(600):
        if process.poll() is not None:
            sys.exit(f"the HTTP server ended at start ({process.returncode})")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path)
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit("the HTTP server did not start")


def latencies(fn: Callable[[], Any], runs: int, warmup: int = 5) -> list[float]:
    """Milliseconds of each of ``runs`` calls after ``warmup`` untimed ones."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        out.append((time.perf_counter() - began) * 1000)
    return out


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def median(values: list[float]) -> float:
    return statistics.median(values)


def rate(fn: Callable[[int], Any], seconds: float) -> float:
    """Calls per second of ``fn(i)`` for at least ``seconds``."""
    calls, began = 0, time.perf_counter()
    while True:
        fn(calls)
        calls += 1
        elapsed = time.perf_counter() - began
        if elapsed >= seconds:
            return calls / elapsed


def write_section(mark: str, section: str) -> None:
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else "# Benchmarks\n"
    if mark in text:
        head, _, rest = text.partition(mark)
        _, _, tail = rest.partition(mark)
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    REPORT.write_text(text, encoding="utf-8")


def backend_cpu_ns(connection: Any) -> int:
    """CPU time the PostgreSQL backend serving ``connection`` has used, in ns, from the
    kernel's scheduler statistics (same host only; 0 when unreadable). With the
    client's own CPU time it gives the cost of a request apart from the time spent
    waiting for a core, which on a shared machine is most of the wall time."""
    pid = getattr(connection, "_bench_backend_pid", None)
    if pid is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        connection._bench_backend_pid = pid
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0


def cpu_ns(connection: Any) -> int:
    """This thread's CPU time plus its database backend's, in ns."""
    return time.thread_time_ns() + backend_cpu_ns(connection)

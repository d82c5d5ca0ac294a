"""The workbench queue page (``/workbench/cases/``) over HTTP, for the county clerk
``seed.clerk.540102``, the prefecture-wide supervisor ``bench.supervisor.5401`` and the
officer ``seed.officer.540102`` ("assigned to me"), under every filter ``bench.queue``
times the selector with, and the second (keyset) page of the unfiltered queues; against
the bare view ``/bench/bare/`` sent by the same server in the same run with the same
session cookie (goal of issue 12: every filter p50 < 30 ms, p95 < 80 ms).

One sync gunicorn worker (``bench.common.http_server``) per checkout: this one, and with
``BENCH_BEFORE_ROOT`` also another (e.g. an export of ``main``) on the same database and
cache, so before and after meet the same load. Requests take turns one by one across
targets and servers. Each request's wall time is the client's; its CPU is the worker's
(``/proc/<pid>/schedstat``, ns) plus that of the worker's PostgreSQL backend, found by
the ``application_name`` the server's ``DATABASE_URL`` carries. Every response is
checked: status 200 and the rows of cases the HTML lists (``<td class="case-number">``);
a target that lists none is said so in the output.

Run ``BENCH_DATABASE_URL=… CACHE_URL=redis://… [BENCH_BEFORE_ROOT=…] python -m
bench.queue_http [--write]``; ``BENCH_QUEUE_HTTP_RUNS`` requests per target (100).
The page measures against the server's today (the selector bench against the seed's
``AS_OF``), so the lights of the two differ by the days since.
"""

import http.client
import os
import re
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench import common

MARK = "<!-- bench:queue-http -->"
RUNS = int(os.environ.get("BENCH_QUEUE_HTTP_RUNS", "100"))
PAGE = "/workbench/cases/"
BARE = "/bench/bare/"
ROW = re.compile(rb'<td class="case-number">')
NEXT = re.compile(rb'href="\?([^"]*after=[^"]+)"')


def _url_with_app_name(url: str, name: str) -> str:
    return url + ("&" if "?" in url else "?") + f"application_name={name}"


def _servers(stack: ExitStack) -> dict[str, int]:
    """Port of each server: ``after`` (this checkout), and ``before`` when
    ``BENCH_BEFORE_ROOT`` names another checkout."""
    url = os.environ["DATABASE_URL"]
    sides = {"after": ""}
    if os.environ.get("BENCH_BEFORE_ROOT"):
        sides = {"before": os.environ["BENCH_BEFORE_ROOT"], **sides}
    ports = {}
    try:
        for side, root in sides.items():
            os.environ["BENCH_SERVER_ROOT"] = root
            os.environ["DATABASE_URL"] = _url_with_app_name(url, f"bench_qh_{side}")
            ports[side] = stack.enter_context(common.http_server(common.free_port()))
    finally:
        os.environ["DATABASE_URL"] = url
        os.environ["BENCH_SERVER_ROOT"] = ""
    return ports


def _cookie(user: Any) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def _schedstat_ns(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0


def _backend_pid(side: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s",
            [f"bench_qh_{side}"],
        )
        found = [row[0] for row in cursor.fetchall()]
    return found[0] if len(found) == 1 else 0


class Side:
    """One server: its connection, worker and database backend."""

    def __init__(self, name: str, port: int) -> None:
        self.name = name
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.worker = common.server_worker(port)
        self.backend = 0

    def get(self, path: str, cookie: str) -> tuple[int, bytes]:
        self.connection.request("GET", path, headers={"Cookie": cookie})
        response = self.connection.getresponse()
        return response.status, response.read()

    def timed(
        self, path: str, cookie: str
    ) -> tuple[int, bytes, float, int, int | None]:
        """Status, body, wall ms, worker CPU ns and backend CPU ns of one request (the
        backend's ``None`` when its connection was replaced meanwhile: persistent
        connections end after ``CONN_MAX_AGE``)."""
        worker, backend = _schedstat_ns(self.worker), _schedstat_ns(self.backend)
        began = time.perf_counter()
        status, body = self.get(path, cookie)
        wall = (time.perf_counter() - began) * 1000
        worker_after, backend_after = (
            _schedstat_ns(self.worker),
            _schedstat_ns(self.backend),
        )
        used: int | None = backend_after - backend
        if not backend or not backend_after or backend_after < backend:
            used = None
            self.backend = _backend_pid(self.name)
        return status, body, wall, worker_after - worker, used


def _targets(cookies: dict[str, str], item: str) -> dict[str, tuple[str, str]]:
    """Name → (path, the cookie of whom it is asked as)."""
    filters: dict[str, dict[str, str]] = {
        "no filter": {},
        "state = submitted": {"state": "submitted"},
        "state = accepted": {"state": "accepted"},
        "light = red": {"light": "red"},
        "light = yellow": {"light": "yellow"},
        "light = green": {"light": "green"},
        "item": {"item": item},
    }
    out = {
        "clerk: bare view": (BARE, cookies["clerk"]),
        "supervisor: bare view": (BARE, cookies["supervisor"]),
    }
    for who in ("clerk", "supervisor"):
        for name, query in filters.items():
            path = PAGE + (f"?{urlencode(query)}" if query else "")
            out[f"{who}: {name}"] = (path, cookies[who])
    out["officer: assigned to me"] = (PAGE + "?mine=on", cookies["officer"])
    return out


def _statements(targets: dict[str, tuple[str, str]], users: dict[str, Any]) -> dict:
    """Statements of each page in this process (test client, same database)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    override_settings(ROOT_URLCONF="bench.urls").enable()  # the bare view too
    out = {}
    clients = {}
    for who, user in users.items():
        clients[who] = Client(HTTP_HOST="localhost")
        clients[who].force_login(user)
    for name, (path, _cookie) in targets.items():
        client = clients[name.split(":")[0]]
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        out[name] = len(captured)
    return out


CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def _same_pages(sides: dict[str, Side], targets: dict[str, tuple[str, str]]) -> str:
    """Whether both servers answer every target with the same page (the CSRF token
    aside, which differs on every request), said for the report; ``–`` with one server.
    Also the page-2 targets' warm-up."""
    differ = []
    for name, (path, cookie) in targets.items():
        bodies = set()
        for side in sides.values():
            side.get(path, cookie)
            bodies.add(CSRF.sub(b"", side.get(path, cookie)[1]))
        if len(bodies) > 1:
            differ.append(name)
    if len(sides) < 2:
        return "–"
    return "yes" if not differ else "NO: " + ", ".join(differ)


def main() -> None:
    common.setup()
    from django.db.models import Count

    from bench.queue import _supervisor
    from tongban.accounts.models import User
    from tongban.cases.models import Case

    users = {
        "clerk": User.objects.get(username="seed.clerk.540102"),
        "supervisor": _supervisor(),
        "officer": User.objects.get(username="seed.officer.540102"),
    }
    item = (
        Case.objects.filter(division__code="540102")
        .values("implementation__code")
        .annotate(n=Count("id"))
        .order_by("-n")[0]["implementation__code"]
    )
    total = Case.objects.count()
    cookies = {who: _cookie(user) for who, user in users.items()}
    targets = _targets(cookies, item)
    load_before = os.getloadavg()
    with ExitStack() as stack:
        sides = {name: Side(name, port) for name, port in _servers(stack).items()}
        # warm-up: two requests of each, which also finds the page-2 cursors
        for side in sides.values():
            for name, (path, cookie) in list(targets.items()):
                for _ in range(2):
                    status, body = side.get(path, cookie)
                if status != 200:
                    sys.exit(f"{side.name} {name}: {path} answered {status}")
                found = NEXT.search(body)
                if name.endswith(": no filter") and found:
                    page2 = PAGE + "?" + found.group(1).decode().replace("&amp;", "&")
                    targets.setdefault(
                        f"{name.split(':')[0]}: page 2 (keyset)", (page2, cookie)
                    )
            side.backend = _backend_pid(side.name)
        same = _same_pages(sides, targets)
        wall: dict[tuple[str, str], list[float]] = {}
        cpu: dict[tuple[str, str], list[tuple[int, int | None]]] = {}
        rows: dict[tuple[str, str], set[int]] = {}
        statuses: dict[tuple[str, str], set[int]] = {}
        order = list(sides.values())
        for run in range(RUNS):
            for name, (path, cookie) in targets.items():
                for side in order if run % 2 == 0 else reversed(order):
                    status, body, ms, worker, backend = side.timed(path, cookie)
                    key = (side.name, name)
                    wall.setdefault(key, []).append(ms)
                    cpu.setdefault(key, []).append((worker, backend))
                    rows.setdefault(key, set()).add(len(ROW.findall(body)))
                    statuses.setdefault(key, set()).add(status)
            if run % 20 == 19:
                print(f"run {run + 1}/{RUNS}", file=sys.stderr)
        for side in sides.values():
            side.connection.close()
    load_after = os.getloadavg()
    statements = _statements(targets, users)
    lines = [
        MARK,
        "",
        f"- date: {common.now()}; load average {load_before[0]:.2f} / "
        f"{load_before[1]:.2f} / {load_before[2]:.2f} at the start, "
        f"{load_after[0]:.2f} / {load_after[1]:.2f} / {load_after[2]:.2f} at the end "
        "(1 / 5 / 15 min)",
        f"- machine: {common.machine()}",
        f"- command: `python -m bench.queue_http --write`; {total:,} cases; servers: "
        + ", ".join(sides)
        + f" (one sync gunicorn worker each, `bench.settings_http`); {RUNS} requests "
        "per target and server, taking turns request by request; item "
        f"`{item}`; the bare view asked with the same session cookie",
        "- CPU per request: the worker's (`/proc/<pid>/schedstat`) + its PostgreSQL "
        "backend's, mean (backend: over the requests its connection lasted); statements: one request of the page in the bench process "
        "(test client, this checkout's code)",
        "",
        "| server | target | status | case rows listed | wall p50 ms | wall p95 ms "
        "| CPU ms/request (worker + db) | p50 / bare p50 | statements |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    empty = []
    verdict = {}
    for side in sides:
        for name in targets:
            key = (side, name)
            who = name.split(":")[0]
            bare = (
                wall.get((side, f"{who}: bare view"))
                or wall[(side, "clerk: bare view")]
            )
            worker = sum(c[0] for c in cpu[key]) / len(cpu[key]) / 1e6
            known = [c[1] for c in cpu[key] if c[1] is not None]
            backend = sum(known) / max(len(known), 1) / 1e6
            listed = rows[key]
            shown = "–" if "bare" in name else "/".join(str(n) for n in sorted(listed))
            if "bare" not in name and listed == {0}:
                empty.append(f"{side} {name}")
            lines.append(
                f"| {side} | {name} | {'/'.join(map(str, sorted(statuses[key])))} | "
                f"{shown} | {common.median(wall[key]):.1f} | "
                f"{common.pct(wall[key], 95):.1f} | {worker:.1f} + {backend:.1f} | "
                f"{common.median(wall[key]) / common.median(bare):.1f}× | "
                f"{statements.get(name, '–') if side == 'after' else '–'} |"
            )
            if "bare" not in name:
                verdict.setdefault(side, []).append(
                    (common.median(wall[key]), common.pct(wall[key], 95))
                )
    lines.append("")
    bad = [f"{s} {n}" for (s, n), st in statuses.items() if st != {200}]
    lines.append(
        "Every response 200: " + ("yes" if not bad else "NO: " + ", ".join(bad)) + "."
    )
    lines.append(
        "Before and after send the same page for every target (the CSRF token "
        f"aside): {same}."
    )
    lines.append(
        "Every page lists cases: "
        + ("yes" if not empty else "NO, none listed by " + ", ".join(empty))
        + "."
    )
    for side, figures in verdict.items():
        p50 = max(f[0] for f in figures)
        p95 = max(f[1] for f in figures)
        met = "met" if p50 < 30 and p95 < 80 else "NOT met"
        lines.append(
            f"Goal (every filter p50 < 30 ms, p95 < 80 ms), {side}: **{met}** "
            f"(worst p50 {p50:.1f} ms, worst p95 {p95:.1f} ms)."
        )
    lines.append(MARK)
    report = "\n".join(lines)
    print(report)
    if "--write" in sys.argv[1:]:
        common.write_section(MARK, report)


if __name__ == "__main__":
    main()

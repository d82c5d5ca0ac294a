"""The guide page, its PDF and a 304 against the bare view through HTTP, on two servers
at once: one running another checkout's code (``BENCH_BEFORE_ROOT``, e.g. an export of
``main``), one this checkout's, each one sync gunicorn worker on the same database and
cache. Short rounds are interleaved across both servers and every target, so load that
comes and goes on a shared machine falls on both alike. Printed per target: requests/s
(median and best of the rounds) and the worker's CPU per request (``/proc``), with the
Redis server's CPU per request beside it when ``REDIS_PID`` names it.

Run ``BENCH_DATABASE_URL=… CACHE_URL=redis://… BENCH_BEFORE_ROOT=… python -m
bench.guide_compare`` after ``python -m bench.guide`` has seeded the database.
"""

import http.client
import os
import statistics
import sys
import time
from contextlib import ExitStack
from typing import Any

from bench import common

ROUND_SECONDS = float(os.environ.get("GUIDE_COMPARE_SECONDS", "0.5"))
ROUNDS = int(os.environ.get("GUIDE_COMPARE_ROUNDS", "16"))


def _servers(stack: ExitStack) -> dict[str, int]:
    before_root = os.environ["BENCH_BEFORE_ROOT"]
    ports = {}
    os.environ["BENCH_SERVER_ROOT"] = before_root
    ports["before"] = stack.enter_context(common.http_server(common.free_port()))
    os.environ["BENCH_SERVER_ROOT"] = ""
    ports["after"] = stack.enter_context(common.http_server(common.free_port()))
    return ports


def main() -> None:
    common.setup()
    from tongban.catalog import selectors

    version = (
        selectors.live_versions()
        .filter(implementation__division__code="540102")
        .first()
    )
    url = f"/items/{version.implementation.code}/"
    redis_pid = int(os.environ.get("REDIS_PID", "0"))
    load_before = os.getloadavg()
    with ExitStack() as stack:
        ports = _servers(stack)
        connections = {
            side: http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            for side, port in ports.items()
        }

        def get(side: str, path: str, **headers: str) -> tuple[int, Any]:
            connection = connections[side]
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            return response.status, response

        etags = {}
        for side in ports:
            for _ in range(3):  # rendered, kept, read from the cache
                status, response = get(side, url)
                get(side, url + "pdf")
            if status != 200:
                sys.exit(f"{side}: {url} answered {status}")
            etags[side] = response.getheader("ETag")
            if get(side, url, **{"If-None-Match": etags[side]})[0] != 304:
                sys.exit(f"{side}: the revalidation did not answer 304")
            if get(side, url + "pdf")[0] != 200:
                sys.exit(f"{side}: the PDF did not answer 200")
        targets = {
            "bare": ("/bench/bare/", {}),
            "guide": (url, {}),
            "pdf": (url + "pdf", {}),
            "304": (url, "etag"),
        }
        rates: dict[tuple[str, str], list[float]] = {}
        cpu: dict[tuple[str, str], list[int]] = {}
        workers = {side: common.server_worker(port) for side, port in ports.items()}
        for round_ in range(ROUNDS):
            sides = list(ports) if round_ % 2 == 0 else list(reversed(ports))
            for name, (path, extra) in targets.items():
                for side in sides:
                    headers = {"If-None-Match": etags[side]} if extra == "etag" else {}
                    expected = 304 if extra == "etag" else 200
                    began_cpu = common.process_cpu_ns(workers[side])
                    began_redis = common.process_cpu_ns(redis_pid) if redis_pid else 0
                    calls, began = 0, time.perf_counter()
                    while time.perf_counter() - began < ROUND_SECONDS:
                        if get(side, path, **headers)[0] != expected:
                            sys.exit(f"{side} {name}: not {expected}")
                        calls += 1
                    elapsed = time.perf_counter() - began
                    used = common.process_cpu_ns(workers[side]) - began_cpu
                    redis = (
                        common.process_cpu_ns(redis_pid) - began_redis
                        if redis_pid
                        else 0
                    )
                    rates.setdefault((side, name), []).append(calls / elapsed)
                    totals = cpu.setdefault((side, name), [0, 0, 0])
                    totals[0] += used
                    totals[1] += redis
                    totals[2] += calls
        for connection in connections.values():
            connection.close()
    load_after = os.getloadavg()
    print(
        f"- load average (1, 5, 15 min) before: {load_before[0]:.2f}, "
        f"{load_before[1]:.2f}, {load_before[2]:.2f}; after: {load_after[0]:.2f}, "
        f"{load_after[1]:.2f}, {load_after[2]:.2f}"
    )
    print(
        f"- page `{url}`; {ROUNDS} rounds of {ROUND_SECONDS} s per target and server, "
        "interleaved"
    )
    print()
    print(
        "| server | what | requests/s, median (best) | ratio to bare, median "
        "(best) | worker CPU ms/request | Redis CPU ms/request |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for side in ports:
        bare = rates[side, "bare"]
        for name in targets:
            values = rates[side, name]
            used, redis, calls = cpu[side, name]
            print(
                f"| {side} | {name} | {statistics.median(values):,.0f} "
                f"({max(values):,.0f}) | "
                f"{statistics.median(values) / statistics.median(bare):.2f}× "
                f"({max(values) / max(bare):.2f}×) | {used / calls / 1e6:.2f} | "
                f"{redis / calls / 1e6:.3f} |"
            )


if __name__ == "__main__":
    main()

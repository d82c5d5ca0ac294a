"""Two web server processes behind one address share their rate limits and sessions
through Redis, as production runs them: a limit of N requests a minute is N in all,
not N per process, and a login made on one server is known to the other.

Real gunicorn processes on loopback against the test database (PostgreSQL: the SQLite
test database lives in this process's memory) and the pass's Redis: the Redis database of
this pytest-xdist worker (``CACHE_URL``, config/settings/test.py), so the other worker's
test, which empties the database it uses, never resets these counters mid-test."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
import redis
from django.db import connection

from tests.reliability.conftest import only_on_postgresql

pytestmark = [
    pytest.mark.django_db(transaction=True),
    only_on_postgresql("the server processes need a database they can share"),
]
_CACHE_URL = os.environ.get("CACHE_URL", "")
REDIS_URL = os.environ.get("SHARED_LIMITS_REDIS_URL") or (
    _CACHE_URL if _CACHE_URL.startswith("redis") else "redis://127.0.0.1:6379/13"
)
LIMIT = 6


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(port: int, cache_url: str) -> subprocess.Popen[bytes]:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tongban.config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CACHE_URL": cache_url,
        "API_THROTTLE_ANON": f"{LIMIT}/minute",
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "tongban.config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(  # noqa: S603 - our own server
        command, env=env, stdout=subprocess.DEVNULL, stderr=None
    )


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - loopback
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _wait(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server on port {port} did not start")


@pytest.fixture
def two_servers(request: pytest.FixtureRequest) -> Iterator[list[str]]:
    cache_url = getattr(request, "param", REDIS_URL)
    redis.Redis.from_url(REDIS_URL).flushdb()
    ports = [_free_port(), _free_port()]
    processes = [_serve(port, cache_url) for port in ports]
    try:
        for port in ports:
            _wait(port)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)
        redis.Redis.from_url(REDIS_URL).flushdb()


def _statuses(servers: list[str], count: int) -> list[int]:
    return [
        _status(f"{servers[i % 2]}/api/v1/public/divisions/?page_size=1")
        for i in range(count)
    ]


def test_the_anonymous_limit_holds_across_two_servers(two_servers: list[str]) -> None:
    statuses = _statuses(two_servers, 2 * LIMIT)
    assert statuses[:LIMIT] == [200] * LIMIT
    assert statuses[LIMIT:] == [429] * LIMIT


@pytest.mark.parametrize("two_servers", ["locmemcache://"], indirect=True)
def test_with_a_cache_per_process_each_server_allows_the_limit_again(
    two_servers: list[str],
) -> None:
    # The counter-example that shows the first test can fail: without a shared cache
    # each process counts alone and lets twice the limit through.
    statuses = _statuses(two_servers, 2 * LIMIT)
    assert statuses.count(200) == 2 * LIMIT

"""Reliability fixtures and markers: the case fixtures (a published service in 拉萨, an applicant,
staff) reused from ``tests.cases`` and the catalogue's basic item and implementation
from ``tests.catalog``, on committed data so threads and subprocesses see it."""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from typing import Any

import pytest
from django.db import connection

from tests.cases.conftest import (  # noqa: F401 - pytest finds fixtures by name
    _monday,
    applicant,
    materials,
    service,
)
from tests.catalog.conftest import (  # noqa: F401 - pytest finds fixtures by name
    implementation,
    item,
)


def only_on_postgresql(reason: str) -> pytest.MarkDecorator:
    """Skip a check on SQLite, saying why it needs a real server."""
    return pytest.mark.skipif(connection.vendor != "postgresql", reason=reason)


def in_threads(count: int, fn: Callable[[int], Any]) -> list[Any]:
    """Run ``fn(i)`` in ``count`` threads released together; results or exceptions."""
    barrier = Barrier(count)

    def run(i: int) -> Any:
        barrier.wait(timeout=30)
        try:
            return fn(i)
        except Exception as error:
            return error
        finally:
            connection.close()  # each thread opened its own connection

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))

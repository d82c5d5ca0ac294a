"""Reliability fixtures and markers: the case fixtures (a published service in 拉萨, an applicant,
staff) reused from ``tests.cases`` and the catalogue's basic item and implementation
from ``tests.catalog``, on committed data so threads and subprocesses see it."""

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

"""The circuit breaker of a source is shared by every process when Redis is the cache: a
source another process found down is not asked here either, although it answers now. On
the embedded default (local-memory cache) each process keeps its own breaker.

The other process is real: a Python process with the same settings whose source is
down; it fails until its breaker opens."""

import os
import subprocess
import sys
import uuid

import pytest

from tongban.core.permissions import SYSTEM
from tongban.sharing.adapters import (
    Subject,
    _redis_location,
    breaker_for,
    breakers_reset,
)
from tongban.sharing.domain.purpose import Purpose
from tongban.sharing.services import shared_record_fetch

pytestmark = pytest.mark.django_db

GESANG = Subject("person", "111", "54010219900101002X")
OTHER_PROCESS = """
import django
django.setup()
from tongban.sharing.adapters import Subject, SourceUnavailable, adapter_for
from tongban.sharing.domain.registry import source_get
source = source_get("population")
errors = []
for _ in range(3):
    try:
        adapter_for(source).query(
            source=source,
            subject=Subject("person", "111", "54010219900101002X"),
            fields=["name"],
            purpose="case:540100-TEST-0001",
        )
    except SourceUnavailable as error:
        errors.append(error.reason)
print(",".join(errors))
"""


def _other_process_opens_the_circuit(prefix: str, cache_url: str) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tongban.config.settings.test",
        "CACHE_URL": cache_url,
        "SHARING_URL": "http://127.0.0.1:1",  # nothing listens: the source is down
        "SHARING_BREAKER_PREFIX": prefix,
        "SHARING_BREAKER_FAIL_MAX": "2",
        "SHARING_ATTEMPTS": "1",
    }
    done = subprocess.run(  # noqa: S603 - our interpreter, a fixed script
        [sys.executable, "-c", OTHER_PROCESS],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def _fetch() -> str:
    return shared_record_fetch(
        source_code="population",
        subject=GESANG,
        purpose=Purpose("case", "540100-TEST-0001"),
        actor=SYSTEM,
    ).access.error


def test_a_circuit_opened_by_another_process_holds_here(
    sharing_provider, settings
) -> None:  # type: ignore[no-untyped-def]
    if not _redis_location():
        pytest.skip("needs Redis as the cache (the PostgreSQL and Redis pass)")
    settings.SHARING_BREAKER_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
    settings.SHARING_BREAKER_FAIL_MAX = 2
    breakers_reset()
    cache_url = os.environ["CACHE_URL"]
    assert (
        _other_process_opens_the_circuit(settings.SHARING_BREAKER_PREFIX, cache_url)
        == "connection,connection,circuit_open"
    )
    # The provider answers, but the breaker both processes share is open.
    assert _fetch() == "circuit_open"
    breakers_reset()
    assert _fetch() == ""  # reset in Redis: asked and answered


def test_on_the_embedded_default_each_process_has_its_own_breaker(
    sharing_provider, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    breakers_reset()
    assert type(breaker_for("population")._state_storage).__name__ == (
        "CircuitMemoryStorage"
    )
    opened = _other_process_opens_the_circuit("test-local", "locmemcache://other")
    assert opened == "connection,connection,circuit_open"
    assert _fetch() == ""  # this process's breaker is closed: asked and answered

"""With ``AUDIT_SEAL_DEFER_SECONDS`` a writer whose audit row was parked does not seal it
in its request: it returns right after its commit, and the row is sealed by the next
writer that gets the chain lock or, failing that, by its process's sealer once the
delay is up. Either way the chain verifies, in order."""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection, transaction

from tongban.core import services
from tongban.core.models import AuditEvent, AuditPending
from tongban.core.permissions import SYSTEM

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the other session must see the commits
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="rows park only on PostgreSQL"
    ),
]


@contextmanager
def _chain_taken_elsewhere() -> Iterator[Callable[[], None]]:
    """Another session holds the chain lock; the block is given its release. The
    release unlocks and waits for the answer: closing the connection alone frees the
    lock only once the server has ended that backend, which on a busy machine can come
    after the next writer has tried the lock and parked."""
    other = psycopg.connect(autocommit=True, **connection.get_connection_params())
    other.execute("SELECT pg_advisory_lock(%s)", [services._AUDIT_CHAIN_LOCK])

    def release() -> None:
        if not other.closed:
            other.execute("SELECT pg_advisory_unlock(%s)", [services._AUDIT_CHAIN_LOCK])
            other.close()

    try:
        yield release
    finally:
        other.close()


@pytest.fixture(autouse=True)
def _sealer_left_empty() -> Iterator[None]:
    """The sealer is one per process: what a test handed over and did not see sealed
    is sealed when it ends, not counted by the next test in the same worker."""
    yield
    services.SEALER.flush()


def _poll(condition: Callable[[], bool], seconds: float = 60.0) -> bool:
    waited = threading.Event()
    for _ in range(int(seconds * 20)):
        if condition():
            return True
        waited.wait(0.05)
    return False


def _park_one(action: str) -> None:
    """One audited write that finds the chain taken; the lock is free again before it
    commits, so a seal in the request would succeed at once."""
    with _chain_taken_elsewhere() as release, transaction.atomic():
        services.audit_record(actor=SYSTEM, action=action, object_type="thing")
        assert AuditPending.objects.count() == 1  # parked, in this transaction
        release()


def test_a_parked_row_is_left_to_the_sealer_which_seals_it_after_the_delay(
    settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.AUDIT_SEAL_DEFER_SECONDS = 2.0
    services.audit_record(actor=SYSTEM, action="test.first", object_type="thing")
    _park_one("test.parked")
    # The writer is back from its commit and did not seal (the lock was free): the row
    # is its process's sealer's now.
    assert AuditPending.objects.count() == 1
    assert services.SEALER.pending() == 1
    assert _poll(lambda: not AuditPending.objects.exists())  # the sealer sealed it
    assert _poll(lambda: services.SEALER.pending() == 0)
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["test.first", "test.parked"]
    call_command("audit", "verify")
    assert "OK: 2 audit rows" in capsys.readouterr().out


def test_the_next_writer_with_the_lock_seals_a_deferred_row_before_its_own(
    settings: Any,
) -> None:
    settings.AUDIT_SEAL_DEFER_SECONDS = 5.0  # the next writer comes first
    services.audit_record(actor=SYSTEM, action="test.first", object_type="thing")
    _park_one("test.parked")
    assert AuditPending.objects.count() == 1
    services.audit_record(actor=SYSTEM, action="test.next", object_type="thing")
    assert not AuditPending.objects.exists()
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["test.first", "test.parked", "test.next"]
    call_command("audit", "verify")
    assert _poll(lambda: services.SEALER.pending() == 0)  # it came and found nothing
    assert AuditEvent.objects.count() == 3


def test_without_a_delay_the_writer_seals_in_its_request(settings: Any) -> None:
    settings.AUDIT_SEAL_DEFER_SECONDS = 0
    services.audit_record(actor=SYSTEM, action="test.first", object_type="thing")
    _park_one("test.parked")
    assert not AuditPending.objects.exists()
    assert AuditEvent.objects.filter(action="test.parked").exists()


def test_rows_handed_over_are_sealed_when_the_process_exits(settings: Any) -> None:
    """``flush`` is what runs at exit: the rows still waiting for their delay are
    sealed at once."""
    settings.AUDIT_SEAL_DEFER_SECONDS = 60.0
    services.audit_record(actor=SYSTEM, action="test.first", object_type="thing")
    _park_one("test.parked")
    assert services.SEALER.pending() == 1
    services.SEALER.flush()
    assert services.SEALER.pending() == 0
    assert not AuditPending.objects.exists()
    call_command("audit", "verify")

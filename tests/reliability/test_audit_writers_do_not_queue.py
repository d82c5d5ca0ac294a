"""A writer does not wait for the audit chain: while one transaction holds the chain lock
(from its append to its commit), another audited write commits at once, its row parked,
and is sealed into the chain once the lock is free. Before, the second writer's
transaction waited inside the lock for the first to commit."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from tests.reliability.conftest import only_on_postgresql
from tongban.core.models import AuditEvent, AuditPending
from tongban.core.permissions import SYSTEM
from tongban.core.services import audit_record

pytestmark = [
    pytest.mark.django_db(transaction=True),
    only_on_postgresql("needs parallel transactions on one shared database"),
]


def _poll(condition, seconds: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    done = threading.Event()
    for _ in range(int(seconds * 20)):
        if condition():
            return True
        done.wait(0.05)
    return False


def test_a_second_writer_commits_while_the_first_holds_the_chain() -> None:
    audit_record(actor=SYSTEM, action="test.start", object_type="thing")
    holding, release = threading.Event(), threading.Event()

    def first() -> None:
        try:
            with transaction.atomic():
                audit_record(actor=SYSTEM, action="test.first", object_type="thing")
                holding.set()
                release.wait(timeout=60)
        finally:
            connection.close()

    def second() -> None:
        try:
            with transaction.atomic():
                audit_record(actor=SYSTEM, action="test.second", object_type="thing")
        finally:
            connection.close()

    holder = threading.Thread(target=first)
    holder.start()
    assert holding.wait(timeout=30)
    writer = threading.Thread(target=second)
    writer.start()
    try:
        # The second write is committed (parked) while the first still holds the lock.
        assert _poll(lambda: AuditPending.objects.count() == 1)
    finally:
        release.set()
        holder.join(timeout=60)
        writer.join(timeout=60)
    assert not AuditPending.objects.exists()  # sealed by its writer after the commit
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["test.start", "test.first", "test.second"]
    call_command("audit", "verify")

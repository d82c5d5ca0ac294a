"""Parallel audit appends on PostgreSQL keep one chain and one signed head that names the
newest row: the chain lock serialises the head row's updates too.

From an empty chain, a writer that does not get the chain lock checks the head before
parking its rows, in statements that each see their own snapshot (READ COMMITTED): it can
read "no head" while the first writer is still open and then find that writer's rows,
committed in between with the head. Such a writer once refused with "the signed head is
missing" although nothing was tampered with."""

import threading
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from tests.reliability.conftest import only_on_postgresql
from tongban.core.models import AuditEvent, AuditHead, AuditPending
from tongban.core.permissions import SYSTEM
from tongban.core.services import audit_record

pytestmark = [
    pytest.mark.django_db(transaction=True),
    only_on_postgresql("needs parallel transactions on one shared database"),
]


def test_thirty_parallel_appends_keep_the_chain_and_the_head() -> None:
    count = 30
    barrier = Barrier(count)

    def append(i: int) -> None:
        barrier.wait(timeout=30)
        try:
            with transaction.atomic():
                audit_record(actor=SYSTEM, action="test.parallel", object_id=str(i))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        list(pool.map(append, range(count)))
    assert AuditEvent.objects.count() == count
    newest = AuditEvent.objects.order_by("-id").first()
    assert AuditHead.objects.get().last_id == newest.pk
    call_command("audit", "verify")


def test_a_writer_that_read_no_head_before_the_first_rows_committed_does_not_refuse() -> (
    None
):
    # The interleaving of the thirty-thread race, made certain: the second writer reads
    # the (still absent) head, then the first writer commits its row and the first head,
    # then the second writer looks for rows.
    first_open, head_read, first_done = (threading.Event() for _ in range(3))
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with transaction.atomic():
                audit_record(actor=SYSTEM, action="test.first", object_type="thing")
                first_open.set()
                head_read.wait(timeout=30)
        finally:
            first_done.set()
            connection.close()

    def pause_after_the_head_read(execute: Any, sql: str, *args: Any) -> Any:
        result = execute(sql, *args)
        if "core_audithead" in sql and not head_read.is_set():
            head_read.set()
            first_done.wait(timeout=30)
        return result

    def second() -> None:
        try:
            assert first_open.wait(timeout=30)
            with (
                connection.execute_wrapper(pause_after_the_head_read),
                transaction.atomic(),
            ):
                audit_record(actor=SYSTEM, action="test.second", object_type="thing")
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            head_read.set()
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert not AuditPending.objects.exists()  # parked, then sealed after its commit
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["test.first", "test.second"]
    assert AuditHead.objects.get().last_id == AuditEvent.objects.order_by("-id")[0].pk
    call_command("audit", "verify")

"""Parallel audit appends on PostgreSQL keep one chain and one signed head that names the
newest row: the chain lock serialises the head row's updates too."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from tests.reliability.conftest import only_on_postgresql
from tongban.core.models import AuditEvent, AuditHead
from tongban.core.permissions import SYSTEM
from tongban.core.services import audit_record

pytestmark = [
    pytest.mark.django_db(transaction=True),
    only_on_postgresql("needs parallel transactions on one shared database"),
]


@pytest.mark.xfail(
    strict=False,
    reason="known race, open: from an empty chain, one of thirty parallel appends can find "
    "audit rows committed but no signed head and refuse (AuditHeadTampered); seen in 2 of "
    "5 PostgreSQL runs since the parked-rows change",
)
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

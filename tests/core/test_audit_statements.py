"""What an audited write costs on PostgreSQL (the chain's hot path, ``core/auditsql.py``):
with the chain free, the lock, the head read under lock (which also takes the new row's
id) and the row's insert with the head's update, SQL built once; a writer that finds the
chain taken parks its row and reads the head in one statement. Row ids follow the chain's
order whichever path wrote them, so ``tongban audit verify`` still walks the chain by id."""

import itertools
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tongban.core import services
from tongban.core.models import AuditEvent, AuditPending
from tongban.core.permissions import SYSTEM

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL's chain statements"
    ),
]


def _statements(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


def _event(i: int) -> AuditEvent:
    return AuditEvent(
        created_at=timezone.now(),
        actor_repr="system",
        action="test.parked",
        object_type="thing",
        object_id=str(i),
    )


def test_an_audited_write_with_the_chain_free_is_three_statements(
    capsys: pytest.CaptureFixture[str],
) -> None:
    services.audit_record(actor=SYSTEM, action="test.first", object_type="thing")
    with CaptureQueriesContext(connection) as queries:
        row = services.audit_record(
            actor=SYSTEM, action="test.second", object_type="thing", object_id="2"
        )
    assert len(_statements(queries)) == 3  # lock, head (+ the id), insert + head
    stored = AuditEvent.objects.get(pk=row.pk)
    assert (stored.hash, stored.prev_hash) == (row.hash, row.prev_hash)
    call_command("audit", "verify")
    assert "OK: 2 audit rows" in capsys.readouterr().out


def test_a_parked_row_is_written_with_the_head_read_in_one_statement(
    django_capture_on_commit_callbacks: Any,
) -> None:
    services.audit_record(actor=SYSTEM, action="test.first", object_type="thing")
    with (
        django_capture_on_commit_callbacks(execute=False),
        transaction.atomic(),
        CaptureQueriesContext(connection) as queries,
    ):
        services._park([_event(1)])
    assert len(_statements(queries)) == 1
    assert AuditPending.objects.count() == 1


def test_ids_follow_the_chain_across_parked_and_direct_appends(
    django_capture_on_commit_callbacks: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    services.audit_record(actor=SYSTEM, action="test.first", object_type="thing")
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        services._park([_event(1)])
        services._park([_event(2)])
    services.audit_record(actor=SYSTEM, action="test.seals", object_type="thing")
    services.audit_record(actor=SYSTEM, action="test.direct", object_type="thing")
    rows = list(AuditEvent.objects.order_by("id"))
    assert [r.action for r in rows] == [
        "test.first",
        "test.parked",
        "test.parked",
        "test.seals",
        "test.direct",
    ]
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(rows))
    assert not AuditPending.objects.exists()
    call_command("audit", "verify")
    assert "OK: 5 audit rows" in capsys.readouterr().out

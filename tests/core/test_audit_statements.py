"""What an audited write costs on PostgreSQL (the chain's hot path, ``core/auditsql.py``):
with the chain free, the lock, the head read under lock (which also takes the new row's
id) and the row's insert with the head's update, SQL built once; a writer that finds the
chain taken parks its row and reads the head in one statement. Row ids follow the chain's
order whichever path wrote them, so ``tongban audit verify`` still walks the chain by id."""

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
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


def test_an_audited_write_with_the_chain_free_is_two_statements(
    capsys: pytest.CaptureFixture[str],
) -> None:
    services.audit_record(actor=SYSTEM, action="test.first", object_type="thing")
    with CaptureQueriesContext(connection) as queries:
        row = services.audit_record(
            actor=SYSTEM, action="test.second", object_type="thing", object_id="2"
        )
    # The lock with the head (and the id), then the insert with the head's move.
    assert len(_statements(queries)) == 2
    stored = AuditEvent.objects.get(pk=row.pk)
    assert (stored.hash, stored.prev_hash) == (row.hash, row.prev_hash)
    call_command("audit", "verify")
    assert "OK: 2 audit rows" in capsys.readouterr().out


def test_a_batch_of_rows_with_the_chain_free_is_two_statements_in_chain_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A submission's rows (three stored files and the transition) in one append: four
    # statements through the ORM before (try-lock, head, insert, head update).
    services.audit_record(actor=SYSTEM, action="test.first", object_type="thing")
    with (
        transaction.atomic(),
        CaptureQueriesContext(connection) as queries,
        services.audit_batch(),
    ):
        rows = [
            services.audit_record(
                actor=SYSTEM, action="test.batch", object_type="thing", object_id=str(i)
            )
            for i in range(4)
        ]
    assert len(_statements(queries)) == 2
    ids = [row.pk for row in rows]
    assert ids == sorted(ids)
    assert len(set(ids)) == 4
    stored = list(AuditEvent.objects.filter(action="test.batch").order_by("id"))
    assert [(s.pk, s.object_id, s.hash) for s in stored] == [
        (r.pk, r.object_id, r.hash) for r in rows
    ]
    assert stored[0].prev_hash == AuditEvent.objects.get(action="test.first").hash
    call_command("audit", "verify")
    assert "OK: 5 audit rows" in capsys.readouterr().out


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


def test_the_lock_holder_seals_parked_rows_with_its_own_in_the_same_two_statements(
    django_capture_on_commit_callbacks: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rows parked by writers that did not wait for their seal (a burst of twenty
    windows, ``AUDIT_SEAL_DEFER_SECONDS``) are read by the next lock holder's head read
    and written with its own row: no more statements than an append with none parked
    (before: six: the lock, then the ORM's head read, parked rows, insert, head, delete)."""
    services.audit_record(actor=SYSTEM, action="test.first", object_type="thing")
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        services._park([_event(i) for i in range(1, 20)])
    with CaptureQueriesContext(connection) as queries:
        services.audit_record(actor=SYSTEM, action="test.seals", object_type="thing")
    assert len(_statements(queries)) == 2
    assert not AuditPending.objects.exists()
    rows = list(AuditEvent.objects.order_by("id"))
    assert [r.object_id for r in rows[1:20]] == [str(i) for i in range(1, 20)]
    assert rows[-1].action == "test.seals"
    call_command("audit", "verify")
    assert "OK: 21 audit rows" in capsys.readouterr().out


def test_a_parked_row_whose_mac_fails_stays_parked_when_the_lock_holder_seals(
    django_capture_on_commit_callbacks: Any,
) -> None:
    services.audit_record(actor=SYSTEM, action="test.first", object_type="thing")
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        services._park([_event(1), _event(2)])
    forged = AuditPending.objects.order_by("id").first()
    assert forged is not None
    AuditPending.objects.filter(pk=forged.pk).update(mac="0" * 64)
    services.audit_record(actor=SYSTEM, action="test.seals", object_type="thing")
    assert list(AuditPending.objects.values_list("pk", flat=True)) == [forged.pk]
    actions = list(AuditEvent.objects.order_by("id").values_list("object_id", "action"))
    assert actions == [("", "test.first"), ("2", "test.parked"), ("", "test.seals")]


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


@contextmanager
def _chain_taken_elsewhere() -> Iterator[None]:
    """Another session holds the chain lock (a session lock on the same key conflicts
    with the transaction lock the writers try)."""
    params = connection.get_connection_params()
    other = psycopg.connect(autocommit=True, **params)
    try:
        other.execute("SELECT pg_advisory_lock(%s)", [services._AUDIT_CHAIN_LOCK])
        yield
    finally:
        other.close()


def _sequence_value() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT last_value FROM pg_sequences WHERE sequencename = %s",
            ["core_auditevent_id_seq"],
        )
        return int(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)  # the other session must see the lock free
def test_a_writer_that_finds_the_chain_taken_parks_in_two_statements_and_takes_no_id(
    settings: Any,
) -> None:
    settings.AUDIT_SEAL_WAIT_SECONDS = 0  # the seal after commit tries once
    services.audit_record(actor=SYSTEM, action="test.first", object_type="thing")
    ids_taken = _sequence_value()
    with _chain_taken_elsewhere():
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            services.audit_record(
                actor=SYSTEM, action="test.parked", object_type="thing"
            )
        # The lock tried (no head read, no id taken), then the park.
        assert len(_statements(queries)) == 2
    assert AuditPending.objects.count() == 1
    assert AuditEvent.objects.count() == 1
    assert _sequence_value() == ids_taken  # no id taken without the lock


def test_an_append_whose_caller_fails_as_a_whole_opens_no_savepoint() -> None:
    services.audit_record(actor=SYSTEM, action="test.first", object_type="thing")
    with (
        transaction.atomic(),
        services.audit_without_savepoint(),
        CaptureQueriesContext(connection) as queries,
    ):
        services.audit_record(actor=SYSTEM, action="test.second", object_type="thing")
    assert [q["sql"] for q in queries.captured_queries if "SAVEPOINT" in q["sql"]] == []
    assert len(queries.captured_queries) == 2

"""What one "call next" costs in statements (bench/appointments.py; issue #18's goal of
p95 < 50 ms with twenty windows): the pick locks the ticket and the kernel's writer works
on that row without reading it again, and the window's groups come from the cache. What
stays is the ticket's update and its history row (one statement on PostgreSQL, the
kernel's ``plain_rows``) and the audit chain's statements."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import F
from django.db.models.signals import pre_save
from django.test.utils import CaptureQueriesContext

from tongban.appointments import services
from tongban.appointments.lifecycle import TICKETS
from tongban.appointments.models import QueueTicket, QueueTicketEvent
from tongban.core.models import AuditEvent
from tongban.core.permissions import SYSTEM
from tongban.lifecycle import writer
from tongban.lifecycle.rows import RowWriter

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hall_open")]


def _call(clerk: Any, window: Any) -> tuple[QueueTicket | None, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        ticket = services.ticket_call_next(actor=clerk, window=window)
    return ticket, [q["sql"] for q in queries.captured_queries]


def _reads(statements: list[str], table: str) -> list[str]:
    return [s for s in statements if s.startswith("SELECT") and f'FROM "{table}"' in s]


def test_a_call_reads_the_ticket_once_and_not_the_windows_groups(
    group: Any, clerk: Any
) -> None:
    for _ in range(3):
        services.ticket_take(actor=SYSTEM, group=group)
    window = group.windows.order_by("number")[0]
    services.ticket_call_next(actor=clerk, window=window)  # the groups are cached now
    ticket, statements = _call(clerk, window)
    assert ticket is not None
    assert ticket.state == QueueTicket.State.CALLED
    assert len(_reads(statements, "appointments_queueticket")) == 1
    assert _reads(statements, "appointments_servicegroup") == []
    assert not [s for s in statements if '"regions_window"' in s]
    updates = [s for s in statements if 'UPDATE "appointments_queueticket"' in s]
    assert len(updates) == 1
    histories = [s for s in statements if 'INTO "appointments_queueticketevent"' in s]
    assert len(histories) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's CTE")
def test_on_postgresql_the_ticket_and_its_history_are_one_statement(
    group: Any, clerk: Any
) -> None:
    services.ticket_take(actor=SYSTEM, group=group)
    ticket, statements = _call(clerk, group.windows.order_by("number")[0])
    assert ticket is not None
    [write] = [s for s in statements if 'UPDATE "appointments_queueticket"' in s]
    assert 'INSERT INTO "appointments_queueticketevent"' in write


def test_the_audit_append_of_a_call_opens_no_savepoint_of_its_own(
    group: Any, clerk: Any
) -> None:
    """The kernel's atomic block is the call's transaction (a savepoint here, as the
    test runs in one): the audit append inside it needs none of its own."""
    services.ticket_take(actor=SYSTEM, group=group)
    services.ticket_take(actor=SYSTEM, group=group)
    window = group.windows.order_by("number")[0]
    services.ticket_call_next(actor=clerk, window=window)
    ticket, statements = _call(clerk, window)
    assert ticket is not None
    assert len([s for s in statements if s.startswith("SAVEPOINT")]) == 1
    assert AuditEvent.objects.filter(action="queue_ticket.call").count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statements")
def test_on_postgresql_a_call_is_four_statements(group: Any, clerk: Any) -> None:
    """The pick, the ticket with its history, the chain's lock with its head, the audit
    row with the head's move (and the transaction around them)."""
    services.ticket_take(actor=SYSTEM, group=group)
    services.ticket_take(actor=SYSTEM, group=group)
    window = group.windows.order_by("number")[0]
    services.ticket_call_next(actor=clerk, window=window)
    ticket, statements = _call(clerk, window)
    assert ticket is not None
    work = [s for s in statements if "SAVEPOINT" not in s]
    assert len(work) == 4, work
    assert "SKIP LOCKED" in work[0]
    assert "pg_try_advisory_xact_lock" in work[2]
    assert 'INSERT INTO "core_auditevent"' in work[3]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statements")
def test_a_call_after_a_burst_seals_the_parked_rows_in_its_own_four_statements(
    group: Any, clerk: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Nineteen windows of a burst found the chain taken and left their parked rows to
    be sealed (``AUDIT_SEAL_DEFER_SECONDS``): the next call that gets the chain lock
    seals them before its own row without a statement more (before: eight)."""
    from django.db import transaction
    from django.utils import timezone

    from tongban.core import services as core
    from tongban.core.models import AuditPending

    services.ticket_take(actor=SYSTEM, group=group)
    services.ticket_take(actor=SYSTEM, group=group)
    window = group.windows.order_by("number")[0]
    services.ticket_call_next(actor=clerk, window=window)
    parked = [
        AuditEvent(
            created_at=timezone.now(),
            actor_repr="clerk",
            action="queue_ticket.call",
            object_type="appointments.queueticket",
            object_id=str(i),
        )
        for i in range(19)
    ]
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        core._park(parked)
    ticket, statements = _call(clerk, window)
    assert ticket is not None
    work = [s for s in statements if "SAVEPOINT" not in s]
    assert len(work) == 4, work
    assert not AuditPending.objects.exists()
    assert AuditEvent.objects.filter(action="queue_ticket.call").count() == 21


def test_the_call_stores_the_ticket_and_history_it_reports(
    group: Any, clerk: Any
) -> None:
    services.ticket_take(actor=SYSTEM, group=group)
    window = group.windows.order_by("number")[0]
    told: list[Any] = []
    writer._OBSERVERS.append(told.append)
    try:
        ticket = services.ticket_call_next(actor=clerk, window=window)
    finally:
        writer._OBSERVERS.remove(told.append)
    assert ticket is not None
    stored = QueueTicket.objects.get(pk=ticket.pk)
    assert {
        f.attname: getattr(stored, f.attname) for f in QueueTicket._meta.concrete_fields
    } == {
        f.attname: getattr(ticket, f.attname) for f in QueueTicket._meta.concrete_fields
    }
    assert stored.state == QueueTicket.State.CALLED
    assert stored.window_id == window.pk
    [history] = stored.events.all()
    assert told[0].history.pk == history.pk
    assert (history.event, history.from_state, history.to_state) == (
        "call",
        "waiting",
        "called",
    )
    assert (history.actor_id, history.actor_role) == (clerk.pk, "counter_clerk")
    assert history.data == {"window": window.pk}
    audit = AuditEvent.objects.filter(action="queue_ticket.call").get()
    assert audit.object_id == str(ticket.pk)
    assert audit.changes["state"] == ["waiting", "called"]


def test_an_expression_on_the_ticket_goes_through_save(group: Any) -> None:
    ticket = services.ticket_take(actor=SYSTEM, group=group)
    assert TICKETS.rows is not None
    assert TICKETS.rows.writes(ticket) == (connection.vendor == "postgresql")
    ticket.recalls = F("recalls") + 1  # type: ignore[assignment]  # an expression
    assert not TICKETS.rows.writes(ticket)


def test_the_row_writer_names_what_save_would_do_besides() -> None:
    assert RowWriter(QueueTicket, QueueTicketEvent).problems("t") == []
    assert RowWriter(AuditEvent, QueueTicketEvent).problems("t") == [
        "t: AuditEvent overrides save()"
    ]

    def receiver(**kwargs: Any) -> None:
        pass

    pre_save.connect(receiver, sender=QueueTicketEvent)
    try:
        assert RowWriter(QueueTicket, QueueTicketEvent).problems("t") == [
            "t: QueueTicketEvent has save signal receivers"
        ]
    finally:
        pre_save.disconnect(receiver, sender=QueueTicketEvent)


@pytest.mark.parametrize("kept", [False, True], ids=["cached", "kept in the process"])
def test_a_window_given_to_a_new_group_calls_from_it_at_once(
    request: Any, hall: Any, group: Any, clerk: Any, kept: bool
) -> None:
    if kept:  # with the process's copy on, a regroup in this process is seen at once
        request.getfixturevalue("groups_kept")
    window = group.windows.order_by("number")[0]
    assert services.ticket_call_next(actor=clerk, window=window) is None
    other = services.service_group_create(
        actor=SYSTEM, hall=hall, code="B", name="出件", windows=[window]
    )
    waiting = services.ticket_take(actor=SYSTEM, group=other)
    called = services.ticket_call_next(actor=clerk, window=window)
    assert called is not None
    assert called.pk == waiting.pk


def test_an_inactive_window_calls_nobody(group: Any, clerk: Any) -> None:
    services.ticket_take(actor=SYSTEM, group=group)
    window = group.windows.order_by("number")[0]
    services.ticket_call_next(actor=clerk, window=window)
    window.is_active = False
    with pytest.raises(PermissionDenied):
        services.ticket_call_next(actor=clerk, window=window)


@pytest.fixture
def groups_kept(settings: Any) -> Any:
    """The process's copy of a window's groups on, as in production."""
    from tongban.appointments import selectors

    settings.WINDOW_GROUPS_LOCAL_SECONDS = 60.0
    selectors._local_groups.clear()
    yield
    selectors._local_groups.clear()


@pytest.mark.usefixtures("groups_kept")
def test_a_process_keeps_the_windows_groups_without_reading_the_cache(
    group: Any, clerk: Any
) -> None:
    from django.core.cache import cache

    services.ticket_take(actor=SYSTEM, group=group)
    services.ticket_take(actor=SYSTEM, group=group)
    window = group.windows.order_by("number")[0]
    services.ticket_call_next(actor=clerk, window=window)
    cache.clear()  # what the cache held is gone: the process's copy answers
    ticket, statements = _call(clerk, window)
    assert ticket is not None
    assert _reads(statements, "appointments_servicegroup") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes")
def test_the_ticket_table_has_no_index_another_index_begins_with() -> None:
    """Every call is an update that writes each index of the ticket's row: the group
    and the window have none of their own (the number's uniqueness and the window's
    day begin with them)."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, QueueTicket._meta.db_table
        )
    indexed = [
        tuple(c["columns"])
        for c in constraints.values()
        if (c["index"] or c["unique"]) and not c["primary_key"]
    ]
    assert ("group_id",) not in indexed
    assert ("window_id",) not in indexed
    assert ("group_id", "day", "number") in indexed
    assert ("window_id", "day", "state") in indexed

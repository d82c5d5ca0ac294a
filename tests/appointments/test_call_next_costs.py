"""What one "call next" costs in statements (bench/appointments.py; issue #18's goal of
p95 < 50 ms with twenty windows): the pick locks the ticket and the kernel's writer works
on that row without reading it again, and the window's groups come from the cache. What
stays is the ticket's update, its history row and the audit chain's statements."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tongban.appointments import services
from tongban.appointments.models import QueueTicket
from tongban.core.permissions import SYSTEM

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
    updates = [s for s in statements if s.startswith('UPDATE "appointments_queue')]
    assert len(updates) == 1


def test_a_window_given_to_a_new_group_calls_from_it_at_once(
    hall: Any, group: Any, clerk: Any
) -> None:
    window = group.windows.order_by("number")[0]
    assert services.ticket_call_next(actor=clerk, window=window) is None  # cached
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

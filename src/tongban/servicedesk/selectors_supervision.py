"""Service-desk reads for electronic supervision (the ``supervision`` app above reads
tickets only through these, as it reads cases through ``cases.selectors_supervision``):
the tickets whose limit clock runs, the change feed of ticket events after a position,
and tickets by UUID. Unscoped: the sweep is the system, and what it stores is read back
through the supervisor's scope."""

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from tongban.servicedesk.domain.lifecycle import OPEN
from tongban.servicedesk.models import Ticket, TicketEvent

_RELATED = ("division", "implementation__basic_item")
_DEFERRED = ("content", "reply", "callback_note")


def _base() -> QuerySet[Ticket]:
    return Ticket.objects.select_related(*_RELATED).defer(*_DEFERRED)


def tickets_open() -> QuerySet[Ticket]:
    """Tickets not yet replied to: their limit runs (received, at the unit, returned)."""
    return _base().filter(state__in=[s.value for s in OPEN]).order_by("pk")


def tickets_by_uuid(uuids: Iterable[Any]) -> QuerySet[Ticket]:
    return _base().filter(uuid__in=list(uuids)).order_by("pk")


def ticket_changes_after(*, position: int, limit: int = 1000) -> tuple[list[Any], int]:
    """The UUIDs of tickets with events after event id ``position`` (at most ``limit``
    events read) and the new position."""
    rows = list(
        TicketEvent.objects.filter(pk__gt=position)
        .order_by("pk")
        .values_list("pk", "ticket__uuid")[:limit]
    )
    if not rows:
        return [], position
    return list(dict.fromkeys(uuid for _pk, uuid in rows)), rows[-1][0]

"""Ticket reads for the GB/T 39046 表10 exchange export (the ``exchange`` app reads
tickets only through this): tickets by their last change (received, routed, assigned,
replied or closed, whichever is latest) after a keyset position ``(time, id)`` up to a
settled moment, within a region, oldest first, as value rows."""

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import F, Q
from django.db.models.functions import Coalesce, Greatest

from tongban.servicedesk.models import Ticket


def tickets_changed_after(
    *,
    after: tuple[datetime.datetime, int] | None,
    until: datetime.datetime,
    division_prefix: str,
    limit: int,
) -> Iterator[dict[str, Any]]:
    received = F("received_at")
    changed = Greatest(
        received,
        *(Coalesce(name, received) for name in ("routed_at", "assigned_at")),
        *(Coalesce(name, received) for name in ("replied_at", "closed_at")),
    )
    rows = Ticket.objects.annotate(changed_at=changed).filter(
        changed_at__lte=until, division__prefix__startswith=division_prefix
    )
    if after is not None:
        moment, pk = after
        rows = rows.filter(changed_at__gte=moment).filter(
            Q(changed_at__gt=moment) | Q(pk__gt=pk)
        )
    return (
        rows.values(
            "pk",
            "changed_at",
            "received_at",
            "number",
            "ticket_type",
            "title",
            "content",
            "requester_name",
            "anonymous_to_unit",
            "replied_at",
            "reply",
            "handling_organisation__name",
            "handling_organisation__uscc",
            "subject_organisation__name",
            "extension_reason",
            "overdue_days",
            "division__code",
        )
        .order_by("changed_at", "pk")[:limit]
        .iterator(chunk_size=2000)
    )

"""Supervision reads for the GB/T 39046 表11 exchange export (the ``exchange`` app reads
supervision only through this): warnings by the time they last changed (their state, or a 督办 order issued on them), after a
keyset position ``(time, id)`` up to a settled moment, within a region, oldest first,
each with its latest 督办 order (content, supervised unit, issue time) when it has one."""

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest

from tongban.supervision.models import SupervisionOrder, Warning


def warnings_changed_after(
    *,
    after: tuple[datetime.datetime, int] | None,
    until: datetime.datetime,
    division_prefix: str,
    limit: int,
) -> Iterator[dict[str, Any]]:
    latest = SupervisionOrder.objects.filter(warning=OuterRef("pk")).order_by("-pk")
    # A warning changes when its state does and when a 督办 order is issued on it: the
    # record carries the latest order, so an order issued later sends it again.
    changed = Greatest(
        "state_changed_at",
        Coalesce(Subquery(latest.values("issued_at")[:1]), "state_changed_at"),
    )
    rows = Warning.objects.annotate(changed_at=changed).filter(
        changed_at__lte=until, division__prefix__startswith=division_prefix
    )
    if after is not None:
        moment, pk = after
        rows = rows.filter(changed_at__gte=moment).filter(
            Q(changed_at__gt=moment) | Q(pk__gt=pk)
        )
    return (
        rows.annotate(
            order_content=Subquery(latest.values("content")[:1]),
            order_unit=Subquery(latest.values("organisation__name")[:1]),
            order_issued_at=Subquery(latest.values("issued_at")[:1]),
        )
        .values(
            "pk",
            "changed_at",
            "number",
            "subject_number",
            "item_type",
            "rule",
            "severity",
            "state_changed_at",
            "raised_at",
            "description",
            "organisation__name",
            "division__code",
            "order_content",
            "order_unit",
            "order_issued_at",
        )
        .order_by("changed_at", "pk")[:limit]
        .iterator(chunk_size=2000)
    )

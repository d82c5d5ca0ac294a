"""Supervision reads for the GB/T 39046 表11 exchange export (the ``exchange`` app reads
supervision only through this): warnings by the time their state last changed, after a
keyset position ``(time, id)`` up to a settled moment, within a region, oldest first,
each with its latest 督办 order (content, supervised unit, issue time) when it has one."""

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import OuterRef, Q, Subquery

from tongban.supervision.models import SupervisionOrder, Warning


def warnings_changed_after(
    *,
    after: tuple[datetime.datetime, int] | None,
    until: datetime.datetime,
    division_prefix: str,
    limit: int,
) -> Iterator[dict[str, Any]]:
    latest = SupervisionOrder.objects.filter(warning=OuterRef("pk")).order_by("-pk")
    rows = Warning.objects.filter(
        state_changed_at__lte=until, division__prefix__startswith=division_prefix
    )
    if after is not None:
        moment, pk = after
        rows = rows.filter(state_changed_at__gte=moment).filter(
            Q(state_changed_at__gt=moment) | Q(pk__gt=pk)
        )
    return (
        rows.annotate(
            order_content=Subquery(latest.values("content")[:1]),
            order_unit=Subquery(latest.values("organisation__name")[:1]),
            order_issued_at=Subquery(latest.values("issued_at")[:1]),
        )
        .values(
            "pk",
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
        .order_by("state_changed_at", "pk")[:limit]
        .iterator(chunk_size=2000)
    )

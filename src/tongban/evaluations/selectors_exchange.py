"""Evaluation reads for the GB/T 39046 表9 exchange export (the ``exchange`` app reads
evaluations only through this): evaluations after a keyset position ``(time, id)`` up to
a settled moment, within a region, oldest first, as value rows with 评价次数 (the how
many-th evaluation of its case this one is). Evaluations an upheld appeal removed from
the counts (``excluded``) do not go out."""

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery

from tongban.evaluations.models import Evaluation


def evaluations_after(
    *,
    after: tuple[datetime.datetime, int] | None,
    until: datetime.datetime,
    division_prefix: str,
    limit: int,
) -> Iterator[dict[str, Any]]:
    earlier = (
        Evaluation.objects.filter(case=OuterRef("case"), pk__lte=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = Evaluation.objects.filter(
        excluded=False,
        case__isnull=False,
        created_at__lte=until,
        division__prefix__startswith=division_prefix,
    )
    if after is not None:
        moment, pk = after
        rows = rows.filter(created_at__gte=moment).filter(
            Q(created_at__gt=moment) | Q(pk__gt=pk)
        )
    return (
        rows.annotate(count_so_far=Subquery(earlier[:1]))
        .values(
            "pk",
            "uuid",
            "created_at",
            "case__number",
            "channel",
            "level",
            "text",
            "real_name",
            "evaluator__full_name",
            "division__code",
            "count_so_far",
        )
        .order_by("created_at", "pk")[:limit]
        .iterator(chunk_size=2000)
    )

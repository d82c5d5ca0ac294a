"""Evaluation reads for electronic supervision and its dashboards (the ``supervision``
app above reads evaluations only through these and ``selectors``): the rectification
tickets whose limit runs, the change feed of ticket events after a position, tickets by
UUID, and the counts behind 好评率 and 差评整改率 for a division and period, from the
maintained rollup (levels) and the tickets (a few per hundred evaluations), never the
cases. Unscoped: the sweep is the system; the dashboards scope by division."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet

from tongban.evaluations.domain.rectification import OPEN, State
from tongban.evaluations.domain.statistics import Counts
from tongban.evaluations.models import Rectification, RectificationEvent
from tongban.evaluations.selectors import RECTIFIED, Filters, levels_from_rollup

_RELATED = ("division", "evaluation__case", "evaluation__implementation__basic_item")


def _base() -> QuerySet[Rectification]:
    return Rectification.objects.select_related(*_RELATED).defer(
        "measures", "appeal_reasons", "appeal_decision", "evaluation__text"
    )


def rectifications_open() -> QuerySet[Rectification]:
    """Tickets of bad reviews not yet rectified or dismissed."""
    return _base().filter(state__in=[s.value for s in OPEN]).order_by("pk")


def rectifications_by_uuid(uuids: Iterable[Any]) -> QuerySet[Rectification]:
    return _base().filter(uuid__in=list(uuids)).order_by("pk")


def rectification_changes_after(
    *, position: int, limit: int = 1000
) -> tuple[list[Any], int]:
    """The UUIDs of tickets with events after event id ``position`` and the new
    position."""
    rows = list(
        RectificationEvent.objects.filter(pk__gt=position)
        .order_by("pk")
        .values_list("pk", "rectification__uuid")[:limit]
    )
    if not rows:
        return [], position
    return list(dict.fromkeys(uuid for _pk, uuid in rows)), rows[-1][0]


def evaluation_counts(
    *,
    start: dt.datetime,
    end: dt.datetime,
    division_prefix: str = "",
    organisation_id: int | None = None,
    organisation_ids: Iterable[int] = (),
) -> Counts:
    """The counts of 好评率 (levels, from the rollup) and 差评整改率 (bad reviews with a
    ticket not dismissed, and those rectified) of evaluations given in ``[start, end)``,
    counted as ``selectors.statistics_counts`` counts them; the closed-case counts of
    主动评价率 are left at zero (they would read the cases). ``organisation_ids``: any of
    these organisations (an organisation-scoped supervisor's subtree)."""
    organisation_ids = tuple(organisation_ids)
    filters = Filters(
        start=start,
        end=end,
        division_prefix=division_prefix,
        organisation_id=organisation_id,
        organisation_ids=organisation_ids,
    )
    levels = levels_from_rollup(filters=filters)
    tickets = Rectification.objects.filter(
        evaluation__created_at__gte=start,
        evaluation__created_at__lt=end,
        evaluation__excluded=False,
    ).exclude(state=State.DISMISSED.value)
    if division_prefix:
        tickets = tickets.filter(
            evaluation__division__prefix__startswith=division_prefix
        )
    if organisation_id:
        tickets = tickets.filter(evaluation__organisation_id=organisation_id)
    if organisation_ids:
        tickets = tickets.filter(evaluation__organisation_id__in=organisation_ids)
    figures = tickets.aggregate(
        bad=Count("id"), rectified=Count("id", filter=Q(state__in=RECTIFIED))
    )
    return Counts(
        by_level=(
            levels.get(1, 0),
            levels.get(2, 0),
            levels.get(3, 0),
            levels.get(4, 0),
            levels.get(5, 0),
        ),
        bad_reviews=figures["bad"],
        bad_rectified=figures["rectified"],
    )

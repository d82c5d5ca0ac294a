"""Reads of evaluations: the applicant's own evaluations of a case, rectification tickets
within the supervisor's or the unit's scope (in SQL), and the statistics counts for any
filter combination. The evaluator's identity is returned only by
``rectification_get_for`` to a supervisor (the caller audits the read)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from tongban.cases import selectors as case_selectors
from tongban.core.permissions import Perm, not_found, scope_for
from tongban.evaluations.domain.rectification import TICKET_COUNTERS, State
from tongban.evaluations.domain.statistics import Counts
from tongban.evaluations.models import (
    CaseRollup,
    Evaluation,
    EvaluationMonthRollup,
    EvaluationRollup,
    Rectification,
    TicketMonthRollup,
    TicketRollup,
)

_TICKET_RELATED = (
    "organisation",
    "division",
    "evaluation__case",
    "evaluation__implementation__basic_item",
    "evaluation__window",
    "evaluation__hall",
)


def evaluations_of_case(*, user: Any, case: Any) -> QuerySet[Evaluation]:
    """The evaluations ``user`` gave of ``case`` (their own, nobody else's)."""
    return Evaluation.objects.filter(case=case, evaluator_id=user.pk).order_by("id")


def _ticket_scope(user: Any) -> Q:
    supervise = scope_for(user, Perm.EVALUATION_SUPERVISE)
    rectify = scope_for(user, Perm.EVALUATION_RECTIFY)
    fields = {
        "organisation_path": "organisation__path",
        "division_prefix": "division__prefix",
    }
    return supervise.q(**fields) | rectify.q(**fields)


def rectification_list_for(
    *, user: Any, state: str | None = None
) -> QuerySet[Rectification]:
    tickets = Rectification.objects.filter(_ticket_scope(user)).select_related(
        *_TICKET_RELATED
    )
    if state:
        tickets = tickets.filter(state=state)
    return tickets.order_by("due_on", "created_at")


def rectification_get_for(*, user: Any, uuid: Any) -> Rectification:
    ticket = (
        Rectification.objects.filter(_ticket_scope(user), uuid=uuid)
        .select_related(*_TICKET_RELATED, "evaluation__evaluator")
        .first()
    )
    if ticket is None:
        raise not_found()
    return ticket


def rectification_of_evaluator(*, user: Any) -> QuerySet[Rectification]:
    """The tickets of the applicant's own bad reviews (to rate again after the callback)."""
    if not getattr(user, "pk", None):
        return Rectification.objects.none()
    return Rectification.objects.filter(
        evaluation__evaluator_id=user.pk
    ).select_related("evaluation__case")


def can_supervise(user: Any, ticket: Rectification) -> bool:
    return scope_for(user, Perm.EVALUATION_SUPERVISE).covers(
        organisation_path=ticket.organisation.path,
        division_prefix=ticket.division.prefix,
    )


@dataclass(frozen=True)
class Filters:
    start: dt.datetime
    end: dt.datetime
    division_prefix: str = ""
    organisation_id: int | None = None
    hall_id: int | None = None
    window_id: int | None = None
    staff_id: int | None = None
    item_code: str = ""
    channel: str = ""
    # Any of these organisations (a supervisor scoped to an organisation's subtree).
    organisation_ids: tuple[int, ...] = ()


def _evaluation_q(f: Filters, prefix: str = "") -> Q:
    """The filters on evaluations; with ``prefix`` on a related model's evaluation, whose
    own ``created_at`` is the evaluation's (a ticket's), so the period reads its index."""
    q = Q(created_at__gte=f.start, created_at__lt=f.end)
    pairs = (
        ("division__prefix__startswith", f.division_prefix),
        ("organisation_id", f.organisation_id),
        ("hall_id", f.hall_id),
        ("window_id", f.window_id),
        ("staff_id", f.staff_id),
        ("implementation__code", f.item_code),
        ("channel", f.channel),
    )
    for name, value in pairs:
        if value:
            q &= Q(**{prefix + name: value})
    if f.organisation_ids:
        q &= Q(**{f"{prefix}organisation_id__in": list(f.organisation_ids)})
    return q


RECTIFIED = (State.RECTIFIED.value, State.CALLED_BACK.value, State.CLOSED.value)
CALLED_BACK = (State.CALLED_BACK.value, State.CLOSED.value)


def levels_recomputed(*, filters: Filters) -> dict[int, int]:
    """Counted evaluations per level straight from the evaluations (the rollup's check)."""
    counted = Evaluation.objects.filter(
        _evaluation_q(filters), superseded=False, excluded=False
    )
    return dict(counted.values_list("level").annotate(n=Count("id")).order_by())


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _months(f: Filters) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    """The period split into whole months ``[first, last)`` and the days around them:
    ``(day_start, first, last, day_end)``; ``first == last`` when no month is whole."""
    start, end = _local_day(f.start), _local_day(f.end)
    first = (
        start
        if start.day == 1
        else (start.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    )
    last = end.replace(day=1)
    if first >= last:
        return start, end, end, end
    return start, first, last, end


def _rollup_filter(rows: QuerySet[Any], f: Filters, *, channel: bool = True) -> Any:
    pairs = (
        ("division_prefix__startswith", f.division_prefix),
        ("organisation_id", f.organisation_id),
        ("hall_id", f.hall_id),
        ("window_id", f.window_id),
        ("staff_id", f.staff_id),
        ("item_code", f.item_code),
        ("channel", f.channel if channel else ""),
    )
    for name, value in pairs:
        if value:
            rows = rows.filter(**{name: value})
    if f.organisation_ids:
        rows = rows.filter(organisation_id__in=list(f.organisation_ids))
    return rows


def _period_rows(
    filters: Filters, monthly: type[Any], daily: type[Any]
) -> list[QuerySet[Any]]:
    """The rows of a rollup pair that make up the period: whole months from the monthly
    table, the days before and after them from the daily one; filtered."""
    day_start, first, last, day_end = _months(filters)
    parts = [
        monthly.objects.filter(month__gte=first, month__lt=last),
        daily.objects.filter(
            Q(day__gte=day_start, day__lt=first) | Q(day__gte=last, day__lt=day_end)
        ),
    ]
    if first == last:
        parts = [daily.objects.filter(day__gte=day_start, day__lt=day_end)]
    return [_rollup_filter(rows, filters) for rows in parts]


def counted_by_channel_level(*, filters: Filters) -> dict[tuple[str, int], int]:
    """Counted evaluations per (channel, level) from the maintained rollups."""
    out: dict[tuple[str, int], int] = {}
    for rows in _period_rows(filters, EvaluationMonthRollup, EvaluationRollup):
        sums = rows.values_list("channel", "level").annotate(n=Sum("count")).order_by()
        for channel, level, n in sums:
            if n:
                out[(channel, level)] = out.get((channel, level), 0) + n
    return out


def levels_from_rollup(*, filters: Filters) -> dict[int, int]:
    """Counted evaluations per level from the maintained rollups."""
    out: dict[int, int] = {}
    for (_channel, level), n in counted_by_channel_level(filters=filters).items():
        out[level] = out.get(level, 0) + n
    return out


def ticket_figures(*, filters: Filters) -> dict[str, int]:
    """Bad reviews of the period with a ticket not dismissed, and how far they got, from
    the maintained ticket rollups (``services.ticket_rollups``)."""
    out = dict.fromkeys(TICKET_COUNTERS, 0)
    for rows in _period_rows(filters, TicketMonthRollup, TicketRollup):
        sums = rows.aggregate(**{name: Sum(name) for name in TICKET_COUNTERS})
        for name in TICKET_COUNTERS:
            out[name] += sums[name] or 0
    return out


def tickets_recomputed(*, filters: Filters) -> dict[str, int]:
    """The same figures in one grouped query over the tickets (the rollup's check)."""
    tickets = Rectification.objects.filter(
        _evaluation_q(filters, "evaluation__"), evaluation__excluded=False
    ).exclude(state=State.DISMISSED.value)
    rectified = Q(state__in=RECTIFIED)
    figures: dict[str, int] = tickets.aggregate(
        bad=Count("id"),
        rectified=Count("id", filter=rectified),
        on_time=Count("id", filter=rectified & Q(rectified_on__lte=F("due_on"))),
        real_name=Count("id", filter=Q(evaluation__real_name=True)),
        called_back=Count(
            "id", filter=Q(evaluation__real_name=True, state__in=CALLED_BACK)
        ),
    )
    return figures


def statistics_counts(*, filters: Filters) -> Counts:
    """The counts every rate is computed from: levels and channels from the evaluation
    rollups, the tickets from the ticket rollups, closed cases from the case rollup."""
    cells = counted_by_channel_level(filters=filters)
    levels: dict[int, int] = {}
    channels: dict[str, int] = {}
    for (channel, level), n in cells.items():
        levels[level] = levels.get(level, 0) + n
        channels[channel] = channels.get(channel, 0) + n
    figures = ticket_figures(filters=filters)
    closed, evaluated = closed_cases_from_rollup(filters=filters)
    return Counts(
        by_level=(
            levels.get(1, 0),
            levels.get(2, 0),
            levels.get(3, 0),
            levels.get(4, 0),
            levels.get(5, 0),
        ),
        by_channel=tuple(sorted(channels.items())),
        closed_cases=closed,
        evaluated_closed_cases=evaluated,
        bad_reviews=figures["bad"],
        bad_rectified=figures["rectified"],
        bad_rectified_on_time=figures["on_time"],
        real_name_bad=figures["real_name"],
        real_name_bad_called_back=figures["called_back"],
    )


def _case_months(f: Filters) -> tuple[dt.date, dt.date]:
    """The months the period touches, ``[first, after)`` as first days of months."""
    first = _local_day(f.start).replace(day=1)
    last = (_local_day(f.end) - dt.timedelta(days=1)).replace(day=1)
    return first, (last + dt.timedelta(days=32)).replace(day=1)


def closed_cases_from_rollup(*, filters: Filters) -> tuple[int, int]:
    """Closed cases of the period's months and those evaluated, from the case rollup
    (months of 办结: a period is counted by the months it covers); a channel counts the
    cases first evaluated through it."""
    f = filters
    first, after = _case_months(f)
    rows = _rollup_filter(
        CaseRollup.objects.filter(month__gte=first, month__lt=after),
        f,
        channel=False,
    )
    evaluated = Q(channel=f.channel) if f.channel else Q()
    figures = rows.aggregate(
        closed=Sum("closed"), evaluated=Sum("evaluated", filter=evaluated)
    )
    return figures["closed"] or 0, figures["evaluated"] or 0


def closed_cases_recomputed(*, filters: Filters) -> tuple[int, int]:
    """The same two numbers straight from the cases and evaluations (the rollup's check)."""
    f = filters
    first, after = _case_months(f)
    zone = timezone.get_current_timezone()
    cases = case_selectors.cases_closed_between(
        start=dt.datetime.combine(first, dt.time(), zone),
        end=dt.datetime.combine(after, dt.time(), zone),
    )
    pairs = (
        ("division__prefix__startswith", f.division_prefix),
        ("organisation_id", f.organisation_id),
        ("intake_hall_id", f.hall_id),
        ("intake_window_id", f.window_id),
        ("submitted_by_id", f.staff_id),
        ("implementation__code", f.item_code),
    )
    for name, value in pairs:
        if value:
            cases = cases.filter(**{name: value})
    earliest = Evaluation.objects.filter(case=OuterRef("pk")).order_by("id")
    evaluated = (
        Q(first_channel=f.channel) if f.channel else Q(first_channel__isnull=False)
    )
    figures = (
        cases.order_by()
        .annotate(first_channel=Subquery(earliest.values("channel")[:1]))
        .aggregate(closed=Count("id"), evaluated=Count("id", filter=evaluated))
    )
    return figures["closed"], figures["evaluated"]

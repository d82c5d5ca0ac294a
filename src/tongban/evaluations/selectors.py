"""Reads of evaluations: the applicant's own evaluations of a case, rectification tickets
within the supervisor's or the unit's scope (in SQL), and the statistics counts for any
filter combination. The evaluator's identity is returned only by
``rectification_get_for`` to a supervisor (the caller audits the read)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from tongban.cases import selectors as case_selectors
from tongban.core.permissions import Perm, not_found, scope_for
from tongban.evaluations.domain.rectification import State
from tongban.evaluations.domain.statistics import Counts
from tongban.evaluations.models import Evaluation, EvaluationRollup, Rectification

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

    @property
    def case_level(self) -> bool:
        """Filters that closed cases can be counted under (主动评价率)."""
        return not (self.hall_id or self.window_id or self.staff_id or self.channel)


def _evaluation_q(f: Filters, prefix: str = "") -> Q:
    q = Q(**{f"{prefix}created_at__gte": f.start, f"{prefix}created_at__lt": f.end})
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
    return q


RECTIFIED = (State.RECTIFIED.value, State.CALLED_BACK.value, State.CLOSED.value)
CALLED_BACK = (State.CALLED_BACK.value, State.CLOSED.value)


def levels_recomputed(*, filters: Filters) -> dict[int, int]:
    """Counted evaluations per level straight from the evaluations (the rollup's check)."""
    counted = Evaluation.objects.filter(
        _evaluation_q(filters), superseded=False, excluded=False
    )
    return dict(counted.values_list("level").annotate(n=Count("id")).order_by())


def levels_from_rollup(*, filters: Filters) -> dict[int, int]:
    """Counted evaluations per level from the maintained rollup (days of the period)."""
    rows = EvaluationRollup.objects.filter(
        day__gte=timezone.localtime(filters.start).date(),
        day__lt=timezone.localtime(filters.end).date(),
    )
    pairs = (
        ("division_prefix__startswith", filters.division_prefix),
        ("organisation_id", filters.organisation_id),
        ("hall_id", filters.hall_id),
        ("window_id", filters.window_id),
        ("staff_id", filters.staff_id),
        ("item_code", filters.item_code),
        ("channel", filters.channel),
    )
    for name, value in pairs:
        if value:
            rows = rows.filter(**{name: value})
    sums = rows.values_list("level").annotate(n=Sum("count")).order_by()
    return {level: n for level, n in sums if n}


def statistics_counts(*, filters: Filters) -> Counts:
    """The counts every rate is computed from: levels from the rollup, tickets and closed
    cases in two grouped queries."""
    levels = levels_from_rollup(filters=filters)
    tickets = Rectification.objects.filter(
        _evaluation_q(filters, "evaluation__"), evaluation__excluded=False
    ).exclude(state=State.DISMISSED.value)
    rectified = Q(state__in=RECTIFIED)
    figures = tickets.aggregate(
        bad=Count("id"),
        rectified=Count("id", filter=rectified),
        on_time=Count("id", filter=rectified & Q(rectified_on__lte=F("due_on"))),
        real_name=Count("id", filter=Q(evaluation__real_name=True)),
        called_back=Count(
            "id", filter=Q(evaluation__real_name=True, state__in=CALLED_BACK)
        ),
    )
    closed, evaluated = _closed_cases(filters)
    return Counts(
        by_level=(
            levels.get(1, 0),
            levels.get(2, 0),
            levels.get(3, 0),
            levels.get(4, 0),
            levels.get(5, 0),
        ),
        closed_cases=closed,
        evaluated_closed_cases=evaluated,
        bad_reviews=figures["bad"],
        bad_rectified=figures["rectified"],
        bad_rectified_on_time=figures["on_time"],
        real_name_bad=figures["real_name"],
        real_name_bad_called_back=figures["called_back"],
    )


def _closed_cases(f: Filters) -> tuple[int, int]:
    if not f.case_level:
        return 0, 0
    cases = case_selectors.cases_closed_between(start=f.start, end=f.end)
    if f.division_prefix:
        cases = cases.filter(division__prefix__startswith=f.division_prefix)
    if f.organisation_id:
        cases = cases.filter(organisation_id=f.organisation_id)
    if f.item_code:
        cases = cases.filter(implementation__code=f.item_code)
    evaluated_ids = Evaluation.objects.filter(case__isnull=False).values("case_id")
    figures = cases.order_by().aggregate(
        closed=Count("id"), evaluated=Count("id", filter=Q(id__in=evaluated_ids))
    )
    return figures["closed"], figures["evaluated"]

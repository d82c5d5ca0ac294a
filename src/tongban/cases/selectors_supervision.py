"""Case reads for electronic supervision and the metric rollups (the ``supervision`` app
above reads cases only through these and ``selectors``): the cases whose clocks run, the
change feed of case events after a position, cases by UUID, and when the current review
step began. Kept apart from ``selectors`` so the supervision reads stay in one place.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Max, QuerySet

from tongban.cases.models import Case, CaseEvent
from tongban.cases.services.deadlines import statutory_overdue, working_days_until

OPEN_STATES = ("submitted", "supplement_requested", "accepted", "suspended")
# The events after which a review step starts running (acceptance starts the first).
STEP_START_EVENTS = (
    "accept",
    "accept_tolerated",
    "accept_pledged",
    "deem_accept",
    "approve_step",
    "return_step",
    "resume",
)
_RELATED = (
    "division",
    "organisation",
    "implementation__basic_item",
    "version",
)
_DEFERRED = ("form_data", "query_code_encrypted", "version__process_description")


def _base() -> QuerySet[Case]:
    return Case.objects.select_related(*_RELATED).defer(*_DEFERRED)


def cases_open() -> QuerySet[Case]:
    """Cases whose time-driven rules can change with the date alone."""
    return _base().filter(state__in=OPEN_STATES).order_by("pk")


def cases_all() -> QuerySet[Case]:
    """Every case (the rollups' full recomputation)."""
    return _base().order_by("pk")


def cases_by_uuid(uuids: Iterable[Any]) -> QuerySet[Case]:
    return _base().filter(uuid__in=list(uuids)).order_by("pk")


def case_changes_after(*, position: int, limit: int = 1000) -> tuple[list[Any], int]:
    """The UUIDs of cases with events after event id ``position`` (at most ``limit``
    events read) and the new position."""
    rows = list(
        CaseEvent.objects.filter(pk__gt=position)
        .order_by("pk")
        .values_list("pk", "case__uuid")[:limit]
    )
    if not rows:
        return [], position
    return list(dict.fromkeys(uuid for _pk, uuid in rows)), rows[-1][0]


def case_event_position() -> int:
    return CaseEvent.objects.aggregate(m=Max("pk"))["m"] or 0


def case_last_event_ids(case_ids: Iterable[int]) -> dict[int, int]:
    """The id of each case's latest event (the version of its snapshot)."""
    return dict(
        CaseEvent.objects.filter(case_id__in=list(case_ids))
        .values("case_id")
        .annotate(last=Max("pk"))
        .values_list("case_id", "last")
    )


def case_step_started(case: Case) -> datetime.datetime | None:
    """When the current review step began: the latest acceptance, step or resume event."""
    return (
        CaseEvent.objects.filter(case=case, event__in=STEP_START_EVENTS)
        .order_by("-pk")
        .values_list("created_at", flat=True)
        .first()
    )


def case_days_to(case: Case, due: datetime.date | None, today: datetime.date) -> Any:
    """Working days of the case's region from ``today`` to ``due`` (negative if past)."""
    return working_days_until(case, due, today=today)


def case_statutory_overdue(case: Case, today: datetime.date) -> bool:
    return statutory_overdue(case, today=today)

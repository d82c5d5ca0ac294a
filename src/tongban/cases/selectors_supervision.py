"""Case reads for electronic supervision, the metric rollups and public disclosure (the
``supervision`` and ``disclosure`` apps above read cases only through these and
``selectors``): the cases whose clocks run, the change feed of case events after a
position, cases by UUID, when the current review step began and who answers for a case
(per chunk of cases, two queries each), the cases behind a figure and the decided cases of
items whose decisions are published. Kept apart from ``selectors`` so
these reads stay in one place.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import (
    BigIntegerField,
    DateField,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models import Case as When_
from django.db.models.functions import Coalesce, TruncDate

from tongban.calendars.domain.deadlines import TIME_ZONE
from tongban.cases.domain.workflow import OPEN_STATES
from tongban.cases.models import Case, CaseEvent
from tongban.cases.selectors import statutory_overdue
from tongban.core.lookups import AnyOf
from tongban.core.permissions import Perm, scope_for

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


# What the sweep's rules read of a case, as plain rows (no model instances: a full sweep
# reads every open case). ``step_started_on`` and ``staff`` are what
# ``case_step_starts`` (as a local date) and ``case_responsible_staff`` return, read in
# the same query by one correlated subquery each over the case's own events (its
# ``case_id`` index); the times the rules count in working days come as local dates.
SWEEP_FIELDS = (
    "id",
    "uuid",
    "number",
    "state",
    "division_id",
    "organisation_id",
    "implementation_id",
    "promised_due",
    "statutory_due",
    "acceptance_due",
    "supplement_rounds",
    "review_step",
    "decision",
    "decision_reasons",
    "accepted_on",
    "closed_on",
    "item_type",
    "step_started_on",
    "staff",
)


def _sweep_rows(cases: QuerySet[Case]) -> QuerySet[Case]:
    latest = CaseEvent.objects.filter(case_id=OuterRef("pk")).order_by("-pk")
    started = (
        latest.filter(event__in=STEP_START_EVENTS)
        .annotate(on=TruncDate("created_at", tzinfo=TIME_ZONE))
        .values("on")[:1]
    )
    acted = latest.filter(
        actor_role__in=("counter_clerk", "case_officer"), actor__isnull=False
    ).values("actor_id")[:1]
    return (
        cases.order_by("pk")
        .annotate(
            item_type=F("implementation__basic_item__item_type"),
            accepted_on=TruncDate("accepted_at", tzinfo=TIME_ZONE),
            closed_on=TruncDate("closed_at", tzinfo=TIME_ZONE),
            step_started_on=When_(
                When(state="accepted", then=Subquery(started, output_field=DateField()))
            ),
            staff=Coalesce(
                "assigned_to_id", Subquery(acted), output_field=BigIntegerField()
            ),
        )
        .values_list(*SWEEP_FIELDS, named=True)
    )


def case_rows_open(*, after: int = 0, limit: int | None = None) -> Any:
    """The sweep's rows of the open cases with id above ``after``, by id (keyset
    pages: each page one query, no server-side cursor held over the sweep)."""
    rows = _sweep_rows(Case.objects.filter(state__in=OPEN_STATES, pk__gt=after))
    return rows[:limit] if limit else rows


def case_rows_by_uuid(uuids: Iterable[Any]) -> Any:
    return _sweep_rows(Case.objects.filter(uuid__in=list(uuids)))


def case_rows_by_id(ids: Iterable[int]) -> Any:
    return _sweep_rows(Case.objects.filter(AnyOf(F("pk"), list(ids))))


def case_dates_open() -> Any:
    """What the set-based full sweep compares with the day's thresholds, one row per
    open case, every column an annotation named ``c_…`` (the sweep's SQL wraps this
    query and reads them by name): the due date of the promise (the statutory one where none is promised) and
    the step start as a local date, read by the same correlated subquery as the sweep
    rows, for the cases in review only."""
    started = (
        CaseEvent.objects.filter(case_id=OuterRef("pk"), event__in=STEP_START_EVENTS)
        .order_by("-pk")
        .annotate(on=TruncDate("created_at", tzinfo=TIME_ZONE))
        .values("on")[:1]
    )
    return (
        Case.objects.filter(state__in=OPEN_STATES)
        .order_by()
        .values(
            c_id=F("id"),
            c_uuid=F("uuid"),
            c_state=F("state"),
            c_division=F("division_id"),
            c_due=Coalesce("promised_due", "statutory_due"),
            c_statutory=F("statutory_due"),
            c_acceptance=F("acceptance_due"),
            c_rounds=F("supplement_rounds"),
            c_step=F("review_step"),
            c_decision=F("decision"),
            c_started=When_(
                When(state="accepted", then=Subquery(started, output_field=DateField()))
            ),
        )
    )


def case_divisions_open() -> list[int]:
    """The divisions that have open cases."""
    return list(
        Case.objects.filter(state__in=OPEN_STATES)
        .order_by()
        .values_list("division_id", flat=True)
        .distinct()
    )


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
        .order_by()  # the model's ordering by id would split the groups
        .values("case_id")
        .annotate(last=Max("pk"))
        .values_list("case_id", "last")
    )


def _latest_event(case_ids: list[int], condition: Q, column: str) -> dict[int, Any]:
    """``column`` of each case's latest event matching ``condition``, in two queries."""
    latest = (
        CaseEvent.objects.filter(condition, case_id__in=case_ids)
        .order_by()  # the model's ordering by id would split the groups
        .values("case_id")
        .annotate(last=Max("pk"))
        .values_list("last", flat=True)
    )
    return dict(
        CaseEvent.objects.filter(pk__in=list(latest)).values_list("case_id", column)
    )


def case_step_starts(cases: Iterable[Case]) -> dict[int, datetime.datetime]:
    """When each case's current review step began: its latest acceptance, step or resume
    event (the cases in review only)."""
    ids = [c.pk for c in cases if c.state == "accepted"]
    if not ids:
        return {}
    return _latest_event(ids, Q(event__in=STEP_START_EVENTS), "created_at")


def case_responsible_staff(cases: Iterable[Case]) -> dict[int, int]:
    """The staff member answerable for each case now: the one it is assigned to, else
    the last clerk or officer who acted on it (they hold the current step)."""
    cases = list(cases)
    out = {c.pk: int(c.assigned_to_id) for c in cases if c.assigned_to_id}
    others = [c.pk for c in cases if not c.assigned_to_id]
    if others:
        acted = Q(actor_role__in=("counter_clerk", "case_officer"), actor__isnull=False)
        out.update(_latest_event(others, acted, "actor_id"))
    return out


def case_statutory_overdue(case: Any, today: datetime.date) -> bool:
    """For a case or a sweep row (``state`` and ``statutory_due``)."""
    return statutory_overdue(case, today=today)


def cases_behind(
    *,
    user: Any,
    metric: str,
    division_prefix: str,
    months: list[str] | None,
    also_uuids: list[Any] | None = None,
) -> QuerySet[Case]:
    """The cases behind a supervision figure, within the user's case scope: submitted,
    online, closed on time or late in the months; ``overdue`` adds the running cases
    past their promise (``also_uuids``, from the active warnings)."""
    scope = scope_for(user, Perm.CASE_VIEW)
    cases = Case.objects.filter(
        scope.q(
            organisation_path="organisation__path", division_prefix="division__prefix"
        )
    ).select_related("division", "organisation", "implementation__basic_item")
    if division_prefix:
        cases = cases.filter(division__prefix__startswith=division_prefix)
    submitted = _in_months("submitted_at", months)
    closed = _in_months("closed_at", months) & Q(state__in=CLOSED_STATES)
    late = closed & Q(closed_at__date__gt=F("promised_due"))
    conditions = {
        "submitted": submitted,
        "online": submitted & Q(channel__in=["2", "3"]),
        "on_time": closed & Q(closed_at__date__lte=F("promised_due")),
        "late": late,
        "overdue": late | Q(uuid__in=also_uuids or []),
    }
    if metric not in conditions:
        return cases.none()
    return cases.filter(conditions[metric]).defer(*_DEFERRED).order_by("-submitted_at")


CLOSED_STATES = ("closed", "delivered", "archived")


def _in_months(field: str, months: list[str] | None) -> Q:
    if not months:
        return Q(**{f"{field}__isnull": False})
    condition = Q(pk__in=[])
    for month in months:
        year, number = (int(part) for part in month.split("-"))
        condition |= Q(**{f"{field}__year": year, f"{field}__month": number})
    return condition


def cases_results_public() -> QuerySet[Case]:
    """Decided and closed cases of items whose version says 决定公开, newest first. The
    applicant comes along for the masked name and ID on the public page only."""
    return (
        Case.objects.filter(
            state__in=CLOSED_STATES,
            version__decision_public=True,
            decided_at__isnull=False,
        )
        .select_related("organisation", "implementation__basic_item", "applicant")
        .defer(
            "form_data",
            "query_code_encrypted",
            "applicant__id_number_encrypted",
            "applicant__address",
            "applicant__phone",
            "applicant__email",
        )
        .order_by("-closed_at", "-id")
    )

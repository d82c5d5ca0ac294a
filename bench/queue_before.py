"""The workbench queue as it stood before this pass of issue 12 (``case_queue_for`` at
the start of it, with its scope helper), kept so that ``bench.queue`` measures before
and after in the same run on a shared machine. Not used by the application."""

import datetime
from typing import Any

from django.db.models import F, Q, QuerySet, Subquery
from django.utils import timezone

from tongban.cases.domain.lights import NO_CLOCK, Light
from tongban.cases.domain.workflow import State
from tongban.cases.models import Case
from tongban.cases.selectors import _yellow_until
from tongban.catalog import selectors as catalog_selectors
from tongban.core.permissions import Perm, scope_for
from tongban.core.scopes import NOTHING
from tongban.regions import selectors as regions_selectors

_QUEUE_RELATED = ("division", "applicant", "implementation__basic_item")
_QUEUE_DEFERRED = (
    "form_data",
    "query_code_encrypted",
    "applicant__id_number_encrypted",
    "applicant__address",
    "implementation__basic_item__legal_basis",
)


def _queue_scope(user: Any) -> Q:
    scope = scope_for(user, Perm.CASE_VIEW)
    if scope.everything:
        return Q()
    condition = NOTHING
    for grant in scope.grants:
        part = Q()
        if grant.organisation_path:
            part &= Q(
                organisation_id__in=regions_selectors.organisation_ids_under(
                    path=grant.organisation_path
                )
            )
        if grant.division_prefix:
            part &= Q(
                division_id__in=regions_selectors.division_ids_under(
                    prefix=grant.division_prefix
                )
            )
        condition |= part
    return condition


def case_queue_for(
    *,
    user: Any,
    state: str | None = None,
    item: str | None = None,
    light_filter: str | None = None,
    assigned_to_me: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[Case]:
    today = today or timezone.localdate()
    cases = (
        Case.objects.filter(_queue_scope(user))
        .exclude(state=State.DRAFT)
        .select_related(*_QUEUE_RELATED)
        .defer(*_QUEUE_DEFERRED)
        .annotate(version_number=F("version__number"))
    )
    if state:
        cases = cases.filter(state=state)
    if item:
        cases = cases.filter(
            implementation_id=Subquery(
                catalog_selectors.implementation_ids_with_code(code=item)[:1]
            )
        )
    if assigned_to_me:
        cases = cases.filter(assigned_to=user)
    if light_filter == Light.RED:
        cases = cases.filter(queue_due__lt=today)
    elif light_filter in (Light.YELLOW, Light.GREEN):
        until = _yellow_until(None, today)
        cases = cases.filter(
            Q(queue_due__gte=today, queue_due__lte=until)
            if light_filter == Light.YELLOW
            else Q(queue_due__gt=until, queue_due__lt=NO_CLOCK)
        )
    return cases.order_by("queue_due", "id")

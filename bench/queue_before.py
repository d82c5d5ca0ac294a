"""The workbench queue as main had it before the pass that narrowed its columns (issue 12,
2026-12-02: ``case_queue_for`` with its scope helper, every column of the case and of its
applicant, division, service and basic item but the deferred wide ones, and the ids of
the scope's divisions read on every call), kept so that
``bench.queue`` measures before and after in the same run on a shared machine. Not used
by the application."""

import datetime
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from tongban.cases.domain.lights import NO_CLOCK, Light
from tongban.cases.domain.workflow import State
from tongban.cases.models import Case
from tongban.cases.selectors import _yellow_until
from tongban.catalog import selectors as catalog_selectors
from tongban.core.permissions import Perm, scope_for
from tongban.core.scopes import NOTHING
from tongban.regions import selectors as regions_selectors
from tongban.regions.models import Division

_RELATED = ("division", "applicant", "implementation__basic_item")

# The queue shows neither the organisation nor the reasons of a decision (the API
# serializer does show the reasons, so they are loaded, not deferred one row at a time).
_QUEUE_DEFERRED = (
    "form_data",
    "query_code_encrypted",
    "applicant__id_number_encrypted",
    "applicant__address",
    "implementation__basic_item__legal_basis",
)


def _division_ids_under(prefix: str) -> list[int]:
    # as main read them: on every call (regions.selectors now holds them a while)
    return list(
        Division.objects.filter(prefix__startswith=prefix)
        .order_by("pk")
        .values_list("pk", flat=True)
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
            part &= Q(division_id__in=_division_ids_under(grant.division_prefix))
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
        # A bundle's later step is stored in draft until the steps before it close:
        # there is nothing to accept yet, so it joins the queue when it is submitted.
        .exclude(state=State.DRAFT)
        .select_related(*_RELATED)
        # A few columns of many rows: the wide ones (the application form, the frozen
        # guide of the version, identity ciphertexts) stay in the database.
        .defer(*_QUEUE_DEFERRED)
        .annotate(version_number=F("version__number"))
    )
    if state:
        cases = cases.filter(state=state)
    if item:
        # The service's id as a literal, looked up first: against a subquery's value
        # PostgreSQL can only assume an average service's share of the cases, too few
        # for a busy one, and then sorts all of them instead of reading the
        # (division, implementation, queue_due, id) index in order and stopping at a
        # page; a literal it finds in its statistics (a service outside them has few
        # cases, so a sort of them costs little).
        found = [
            row["pk"]
            for row in catalog_selectors.implementation_ids_with_code(code=item)[:1]
        ]
        cases = cases.filter(implementation_id=found[0]) if found else cases.none()
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

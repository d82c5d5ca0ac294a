"""Reads of the 代收 records (跨域通办): each side sees its part.

- The receiving side (counter clerks of the hall's region) sees the cases its halls took
  in, with their progress and its own limit — not the handling organisation's other cases
  and not the case's workbench page, which stays the handling organisation's.
- The handling side sees a 代收 record only through its own cases: the marker in its queue
  and the courier legs on the case page — never another case of the receiving hall.

Scope filtering is SQL (``Scope.q``), as for every case read.
"""

from typing import Any

from django.db.models import Q, QuerySet

from tongban.cases.domain.crossregion import scope_reaches
from tongban.cases.models_crossregion import ProxyIntake
from tongban.catalog import selectors as catalog_selectors
from tongban.catalog.domain.tables import APPLICATION_ITEM_TYPES
from tongban.core.permissions import Perm, not_found, scope_for
from tongban.regions import selectors as regions_selectors

_RELATED = (
    "case__applicant",
    "case__division",
    "case__organisation",
    "case__implementation__basic_item",
    "receiving_hall",
    "receiving_division",
    "receiving_organisation",
)


def proxy_list_for_receiving(*, user: Any) -> QuerySet[ProxyIntake]:
    """The cases taken in at halls in ``user``'s intake scope, newest first."""
    scope = scope_for(user, Perm.CASE_INTAKE)
    return (
        ProxyIntake.objects.filter(
            scope.q(
                organisation_path="receiving_organisation__path",
                division_prefix="receiving_division__prefix",
            )
        )
        .select_related(*_RELATED)
        .order_by("-received_at", "-id")
    )


def proxy_get_for(*, user: Any, uuid: Any) -> ProxyIntake:
    """The 代收 record of case ``uuid`` for its receiving side or its handling side."""
    received = proxy_list_for_receiving(user=user).filter(case__uuid=uuid).first()
    if received is not None:
        return received
    scope = scope_for(user, Perm.CASE_VIEW)
    handled = (
        ProxyIntake.objects.filter(case__uuid=uuid)
        .filter(
            scope.q(
                organisation_path="case__organisation__path",
                division_prefix="case__division__prefix",
            )
        )
        .select_related(*_RELATED)
        .first()
    )
    if handled is None:
        raise not_found()
    return handled


def proxy_for_case(*, case: Any) -> ProxyIntake | None:
    """The 代收 record of a case already read through a scoped selector."""
    return ProxyIntake.objects.filter(case=case).select_related(*_RELATED).first()


def proxy_case_ids(*, case_ids: list[int]) -> dict[int, str]:
    """Receiving hall name by case id, for the 代收 marker of a queue page."""
    rows = ProxyIntake.objects.filter(case_id__in=case_ids).values_list(
        "case_id", "receiving_hall__name"
    )
    return dict(rows)


def proxy_history(*, intake: ProxyIntake) -> list[Any]:
    return list(intake.events.select_related("actor").order_by("id"))


def receiving_halls_for(*, user: Any) -> list[Any]:
    """The active halls where ``user`` takes applications in."""
    return list(
        regions_selectors.hall_list_for(user=user, permission=Perm.CASE_INTAKE).filter(
            is_active=True
        )
    )


def proxy_services_for(*, user: Any, query: str = "", limit: int = 20) -> list[Any]:
    """Live versions of services handled outside ``user``'s intake scope whose 通办
    scope reaches one of the halls in it (the intake page offers them as 代收), matching
    ``query`` (an implementation code or part of the name)."""
    halls = receiving_halls_for(user=user)
    if not halls:
        return []
    own = catalog_selectors.implementation_list_for(
        user=user, permission=Perm.CASE_INTAKE
    )
    versions = (
        catalog_selectors.live_versions()
        .exclude(service_scope="")
        .exclude(implementation__in=own)
        .filter(
            implementation__basic_item__item_type__in=APPLICATION_ITEM_TYPES,
        )
        .select_related("implementation__division", "implementation__organisation")
    )
    if query:
        versions = versions.filter(
            Q(implementation__code=query)
            | Q(implementation__basic_item__name__icontains=query)
        )
    found = []
    for version in versions.order_by("implementation__code")[: limit * 5]:
        if any(
            scope_reaches(
                scope=version.service_scope,
                handling_code=version.implementation.division.code,
                receiving_code=hall.division.code,
            )
            for hall in halls
        ):
            found.append(version)
        if len(found) == limit:
            break
    return found

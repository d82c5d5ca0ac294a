"""Reads for divisions, organisations and halls, filtered by the caller's scope in SQL."""

import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet

from tongban.core.permissions import Perm, not_found, scope_for
from tongban.regions.models import (
    Division,
    DutyShift,
    Hall,
    OpeningSession,
    Organisation,
    Window,
)


def division_get(*, code: str) -> Division | None:
    return Division.objects.filter(code=code).select_related("parent").first()


def division_exists(code: str) -> bool:
    return Division.objects.filter(code=code).exists()


def division_list(
    *, parent_code: str | None = None, level: int | None = None
) -> QuerySet[Division]:
    queryset = Division.objects.filter(is_active=True).select_related("parent")
    if parent_code:
        queryset = queryset.filter(parent__code=parent_code)
    if level:
        queryset = queryset.filter(level=level)
    return queryset


def division_parent(*, division: Division) -> Division | None:
    """The division one level up, or ``None`` at the top."""
    if not division.parent_id:
        return None
    return Division.objects.filter(pk=division.parent_id).first()


# The ids under each prefix, and when they were read (monotonic seconds): the workbench
# queue scopes every page by them, and divisions are reference data that a division
# service adds to a few times a year and never moves or removes.
_ids_under: dict[str, tuple[float, list[int]]] = {}


def division_ids_under(*, prefix: str) -> list[int]:
    """Ids of the divisions in the subtree of ``prefix`` (for conditions on another
    table's own ``division_id``, which its indexes can lead with). Held in the process
    for ``REGION_IDS_SECONDS`` (a round trip on every queue page otherwise); a division
    added in this process is seen at once (``division_create`` calls
    ``division_ids_forget``), one added in another within that time."""
    seconds = float(getattr(settings, "REGION_IDS_SECONDS", 0))
    now = time.monotonic()
    held = _ids_under.get(prefix)
    if held is not None and now - held[0] < seconds:
        return list(held[1])
    ids = list(
        Division.objects.filter(prefix__startswith=prefix)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if seconds > 0:
        if len(_ids_under) >= 1024:  # prefixes are a few hundred; never unbounded
            _ids_under.clear()
        _ids_under[prefix] = (now, ids)
    return list(ids)


def division_ids_forget() -> None:
    _ids_under.clear()


def organisation_ids_under(*, path: str) -> list[int]:
    """Ids of the organisations in the subtree of the materialised ``path``."""
    return list(
        Organisation.objects.filter(path__startswith=path)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def organisation_list_for(
    *, user: Any, permission: str = Perm.ORGANISATION_VIEW
) -> QuerySet[Organisation]:
    scope = scope_for(user, permission)
    return Organisation.objects.filter(
        scope.q(organisation_path="path", division_prefix="division__prefix")
    ).select_related("division", "parent")


def organisation_get_for(
    *, user: Any, uuid: Any, permission: str = Perm.ORGANISATION_VIEW
) -> Organisation:
    organisation = (
        organisation_list_for(user=user, permission=permission)
        .filter(uuid=uuid)
        .first()
    )
    if organisation is None:
        raise not_found()
    return organisation


def organisation_by_uuid(*, uuid: Any) -> Organisation | None:
    return Organisation.objects.filter(uuid=uuid).select_related("division").first()


def organisation_by_pk(*, pk: int) -> Organisation:
    """An organisation another app holds the id of (e.g. a routing rule's target),
    with its division; ``Organisation.DoesNotExist`` if it is gone."""
    return Organisation.objects.select_related("division").get(pk=pk)


def _halls() -> QuerySet[Hall]:
    return Hall.objects.select_related("division", "organisation").prefetch_related(
        Prefetch(
            "sessions", queryset=OpeningSession.objects.order_by("weekday", "opens")
        ),
        "closures",
        "windows",
    )


def hall_list_for(*, user: Any, permission: str = Perm.HALL_VIEW) -> QuerySet[Hall]:
    scope = scope_for(user, permission)
    return _halls().filter(
        scope.q(
            organisation_path="organisation__path", division_prefix="division__prefix"
        )
    )


def window_list_for(*, user: Any, permission: str) -> QuerySet[Window]:
    """Active windows of the active halls where ``user`` holds ``permission``."""
    scope = scope_for(user, permission)
    return (
        Window.objects.filter(is_active=True, hall__is_active=True)
        .filter(
            scope.q(
                organisation_path="hall__organisation__path",
                division_prefix="hall__division__prefix",
            )
        )
        .select_related("hall__division", "hall__organisation")
        .order_by("hall__division__code", "hall_id", "number")
    )


def hall_get_for(*, user: Any, uuid: Any, permission: str = Perm.HALL_VIEW) -> Hall:
    hall = hall_list_for(user=user, permission=permission).filter(uuid=uuid).first()
    if hall is None:
        raise not_found()
    return hall


def hall_public_list(*, division_prefix: str | None = None) -> QuerySet[Hall]:
    halls = _halls().filter(is_active=True)
    if division_prefix:
        halls = halls.filter(division__prefix__startswith=division_prefix)
    return halls


def hall_public_get(*, uuid: Any) -> Hall:
    hall = _halls().filter(is_active=True, uuid=uuid).first()
    if hall is None:
        raise not_found()
    return hall


def organisation_by_uuid_or_uscc(
    *, uuid: Any = None, uscc: str = ""
) -> Organisation | None:
    if uuid is not None:
        return organisation_by_uuid(uuid=uuid)
    return Organisation.objects.filter(uscc=uscc).first()


def organisations_named(*, text: str) -> QuerySet[Organisation]:
    """The organisations whose Chinese or Tibetan name contains ``text`` (lazy, so a
    search can fold it into its own query)."""
    return Organisation.objects.filter(
        Q(name_zh_hans__icontains=text) | Q(name_bo__icontains=text)
    )


def organisation_ids_named(*, text: str) -> list[int]:
    """Ids of the organisations whose Chinese or Tibetan name contains ``text``, for
    searches that narrow on the (small) organisation table first."""
    return list(organisations_named(text=text).values_list("id", flat=True))


def window_get_for(*, user: Any, window_id: int, permission: str) -> Window:
    """A window whose hall is within ``user``'s scope for ``permission``."""
    scope = scope_for(user, permission)
    window = (
        Window.objects.select_related(
            "hall__division", "hall__organisation", "organisation"
        )
        .filter(
            scope.q(
                organisation_path="hall__organisation__path",
                division_prefix="hall__division__prefix",
            ),
            pk=window_id,
            is_active=True,
        )
        .first()
    )
    if window is None:
        raise not_found()
    return window


def window_by_number(*, hall_uuid: Any, number: str) -> Window | None:
    """The open window ``number`` of the hall ``hall_uuid`` (windows are public), or
    None."""
    return (
        Window.objects.select_related("hall__division", "hall__organisation")
        .filter(hall__uuid=hall_uuid, number=number, is_active=True)
        .first()
    )


def windows_for(*, user: Any, permission: str) -> QuerySet[Window]:
    scope = scope_for(user, permission)
    return (
        Window.objects.select_related("hall")
        .filter(
            scope.q(
                organisation_path="hall__organisation__path",
                division_prefix="hall__division__prefix",
            ),
            is_active=True,
        )
        .order_by("hall__name", "number")
    )


def organisation_names(*, ids: Iterable[int]) -> dict[int, str]:
    """The names of these organisations, by id (in the active language)."""
    return {o.pk: o.name for o in Organisation.objects.filter(pk__in=list(ids))}


def duty_of_halls(*, hall_ids: Iterable[int], day: Any) -> dict[int, list[str]]:
    """Window id → the names on duty there on ``day``, as the hall publishes them."""
    out: dict[int, list[str]] = {}
    rows = (
        DutyShift.objects.filter(window__hall_id__in=list(hall_ids), day=day)
        .order_by("window_id", "position")
        .values_list("window_id", "shown_name")
    )
    for window_id, name in rows:
        out.setdefault(window_id, []).append(name)
    return out


def division_by_pk(*, pk: int) -> Division | None:
    return Division.objects.filter(pk=pk).select_related("parent").first()


def divisions_by_pk(*, pks: Iterable[int]) -> list[Division]:
    return list(Division.objects.filter(pk__in=list(pks)).select_related("parent"))

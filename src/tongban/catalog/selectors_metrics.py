"""Catalogue reads for the supervision metrics (申请材料精简率, 事项认领率) and for marking
a baseline version (the versions one may mark); kept apart from ``selectors`` so the metric
reads stay in one place."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Count

from tongban.catalog.models import Implementation, ImplementationVersion, Material

PUBLISHED = ImplementationVersion.Status.PUBLISHED


def required_material_counts(*, version_ids: Iterable[int]) -> dict[int, int]:
    """The number of required materials of each version."""
    return dict(
        Material.objects.filter(version_id__in=list(version_ids), necessity="required")
        .order_by()  # the model's ordering would split the groups
        .values("version_id")
        .annotate(n=Count("id"))
        .values_list("version_id", "n")
    )


def claimed_basic_item_ids(*, division: Any, exercise_level: int | None) -> set[int]:
    """Basic items with an active implementation in ``division`` at that level."""
    rows = Implementation.objects.filter(
        division=division, status=Implementation.Status.ACTIVE
    )
    if exercise_level is not None:
        rows = rows.filter(exercise_level=exercise_level)
    return set(rows.values_list("basic_item_id", flat=True))


def published_version(*, implementation_uuid: Any, number: int) -> Any:
    """A published (or superseded) version of an implementation, or ``None``."""
    return (
        ImplementationVersion.objects.filter(
            implementation__uuid=implementation_uuid,
            number=number,
            status__in=[PUBLISHED, "superseded"],
        )
        .select_related("implementation__division", "implementation__organisation")
        .first()
    )


def published_versions_of(
    *, implementation_ids: Iterable[int]
) -> dict[int, list[tuple[int, Any]]]:
    """The published and superseded versions of each implementation, as ``(number,
    effective_from)`` newest first: what a manager may mark as the baseline."""
    out: dict[int, list[tuple[int, Any]]] = {}
    rows = (
        ImplementationVersion.objects.filter(
            implementation_id__in=list(implementation_ids),
            status__in=[PUBLISHED, "superseded"],
        )
        .order_by("implementation_id", "-number")
        .values_list("implementation_id", "number", "effective_from")
    )
    for implementation_id, number, effective_from in rows:
        out.setdefault(implementation_id, []).append((number, effective_from))
    return out

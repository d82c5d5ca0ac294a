"""Supervision reads, scoped in SQL by the reader's ``supervision.view`` grants: warnings,
card tallies (with the rule behind each card), orders, and the figures of the metrics —
case counts from the rollups (never the cases), item counts from the live catalogue.
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from tongban.cases import selectors_supervision as case_metrics_reads
from tongban.catalog import selectors as catalog_selectors
from tongban.catalog import selectors_metrics as catalog_metrics
from tongban.core.permissions import Perm, not_found, scope_for
from tongban.regions import selectors as region_selectors
from tongban.supervision.domain.metrics import CaseCounts, ClaimCounts, ItemCounts
from tongban.supervision.domain.rules import Rule
from tongban.supervision.models import (
    Baseline,
    Card,
    MetricRollup,
    SupervisionOrder,
    Warning,
)

ROLLUP_FIELDS = ("submitted", "online", "closed", "on_time", "late")
# GB/T 39046 A.2 exercise level of the bodies of each division level (自治区 → 省级 …).
EXERCISE_LEVEL_OF_DIVISION = {1: 2, 2: 3, 3: 4, 4: 5, 5: 6}


def _scope_q(
    user: Any, org: str = "organisation__path", div: str = "division__prefix"
) -> Q:
    return scope_for(user, Perm.SUPERVISION_VIEW).q(
        organisation_path=org, division_prefix=div
    )


def warnings_for(
    *,
    user: Any,
    state: str | None = Warning.State.ACTIVE,
    rule: str | None = None,
    division_prefix: str = "",
) -> QuerySet[Warning]:
    rows = Warning.objects.filter(_scope_q(user)).select_related(
        "organisation", "division", "staff"
    )
    if state:
        rows = rows.filter(state=state)
    if rule:
        rows = rows.filter(rule=rule)
    if division_prefix:
        rows = rows.filter(division__prefix__startswith=division_prefix)
    return rows.order_by("-raised_at", "-id")


def warnings_of_subject(*, kind: str, uuid: Any) -> QuerySet[Warning]:
    """A subject's warnings (the caller has already checked it may see the subject)."""
    return Warning.objects.filter(subject_kind=kind, subject_uuid=uuid).order_by("rule")


def card_tallies(
    *, user: Any, by: str = "organisation", since: datetime.datetime | None = None
) -> list[dict[str, Any]]:
    """Yellow and red cards per organisation (or staff member) and rule."""
    group = "organisation__name" if by == "organisation" else "staff__full_name"
    ident = "organisation_id" if by == "organisation" else "staff_id"
    rows = Card.objects.filter(_scope_q(user, div="warning__division__prefix"))
    if by != "organisation":
        rows = rows.filter(staff__isnull=False)
    if since:
        rows = rows.filter(issued_at__gte=since)
    return list(
        rows.values(ident, group, "colour", "rule")
        .annotate(count=Count("id"))
        .order_by(group, "colour", "rule")
    )


def orders_for(*, user: Any, state: str | None = None) -> QuerySet[SupervisionOrder]:
    """Orders the user supervises or must answer for their organisation."""
    view = _scope_q(user)
    reply = scope_for(user, Perm.SUPERVISION_REPLY).q(
        organisation_path="organisation__path", division_prefix="division__prefix"
    )
    rows = SupervisionOrder.objects.filter(view | reply).select_related(
        "organisation", "division", "issued_by"
    )
    if state:
        rows = rows.filter(state=state)
    return rows


def order_get_for(*, user: Any, uuid: Any) -> SupervisionOrder:
    order = orders_for(user=user).filter(uuid=uuid).first()
    if order is None:
        raise not_found()
    return order


# --- figures ---------------------------------------------------------------------------


def _rollups(
    *, user: Any, division_prefix: str, months: Iterable[str] | None
) -> QuerySet[MetricRollup]:
    rows = MetricRollup.objects.filter(_scope_q(user))
    if division_prefix:
        rows = rows.filter(division__prefix__startswith=division_prefix)
    if months is not None:
        rows = rows.filter(month__in=list(months))
    return rows


def case_counts(
    *,
    user: Any,
    division_prefix: str = "",
    months: Iterable[str] | None = None,
    organisation_id: int | None = None,
) -> CaseCounts:
    rows = _rollups(user=user, division_prefix=division_prefix, months=months)
    overdue = warnings_for(
        user=user, rule=Rule.PROMISE_PASSED.value, division_prefix=division_prefix
    )
    if organisation_id:
        rows = rows.filter(organisation_id=organisation_id)
        overdue = overdue.filter(organisation_id=organisation_id)
    sums = rows.aggregate(**{f: Sum(f) for f in ROLLUP_FIELDS})
    return CaseCounts(
        **{f: sums[f] or 0 for f in ROLLUP_FIELDS}, open_overdue=overdue.count()
    )


def case_counts_by(
    *,
    user: Any,
    key: str,
    division_prefix: str = "",
    months: Iterable[str] | None = None,
) -> dict[Any, CaseCounts]:
    """Rollup sums grouped by ``key`` (``month``, ``organisation_id``, ``division__code``)."""
    rows = _rollups(user=user, division_prefix=division_prefix, months=months)
    out = {}
    for row in rows.values(key).annotate(**{f: Sum(f) for f in ROLLUP_FIELDS}):
        out[row[key]] = CaseCounts(**{f: row[f] or 0 for f in ROLLUP_FIELDS})
    return out


def overdue_by(*, user: Any, key: str, division_prefix: str = "") -> Counter[Any]:
    rows = warnings_for(
        user=user, rule=Rule.PROMISE_PASSED.value, division_prefix=division_prefix
    )
    return Counter(
        {r[key]: r["n"] for r in rows.values(key).annotate(n=Count("id")).order_by()}
    )


def _live(division_prefix: str, today: datetime.date | None) -> Any:
    versions = catalog_selectors.live_versions(today=today)
    if division_prefix:
        versions = versions.filter(
            implementation__division__prefix__startswith=division_prefix
        )
    return versions


def item_counts(
    *, division_prefix: str = "", today: datetime.date | None = None
) -> ItemCounts:
    versions = _live(division_prefix, today)
    both = Q(
        statutory_limit__isnull=False,
        promised_limit__isnull=False,
        statutory_unit="working_days",
        promised_unit="working_days",
    )
    sums = versions.aggregate(
        items=Count("id"),
        online=Count("id", filter=Q(online_depth__gte=2)),
        fully_online=Count("id", filter=Q(online_depth=4)),
        instant=Count("id", filter=Q(case_type="1")),
        promised_sum=Sum("promised_limit", filter=both),
        statutory_sum=Sum("statutory_limit", filter=both),
        visits_sum=Sum("visits_required"),
    )
    baseline = _baseline_counts(versions)
    return ItemCounts(**{k: v or 0 for k, v in sums.items()}, **baseline)


def _required(version_ids: Iterable[int]) -> dict[int, int]:
    return catalog_metrics.required_material_counts(version_ids=version_ids)


def _baseline_counts(versions: Any) -> dict[str, int]:
    live = dict(versions.values_list("implementation_id", "id"))
    marks = list(
        Baseline.objects.filter(implementation_id__in=list(live)).select_related(
            "version"
        )
    )
    if not marks:
        return {}
    now = _required(live[m.implementation_id] for m in marks)
    then = _required(m.version_id for m in marks)
    return {
        "baseline_items": len(marks),
        "materials_now": sum(now.get(live[m.implementation_id], 0) for m in marks),
        "materials_baseline": sum(then.get(m.version_id, 0) for m in marks),
        "visits_baseline": sum(m.version.visits_required or 0 for m in marks),
    }


def claim_counts(*, division: Any) -> ClaimCounts:
    """事项认领率 of a division: basic items whose exercise levels include the level of
    the division's bodies, and those implemented in the division at that level."""
    level = EXERCISE_LEVEL_OF_DIVISION.get(division.level)
    should = {
        item.pk
        for item in catalog_selectors.basic_item_list().only("pk", "exercise_levels")
        if level in (item.exercise_levels or [])
    }
    claimed = catalog_metrics.claimed_basic_item_ids(
        division=division, exercise_level=level
    )
    return ClaimCounts(should=len(should), claimed=len(should & claimed))


def division_children(*, division: Any) -> list[Any]:
    return list(region_selectors.division_list(parent_code=division.code))


def region_prefectures() -> list[Any]:
    return list(region_selectors.division_list(level=2))


def organisation_names(*, ids: Iterable[int]) -> dict[int, str]:
    return region_selectors.organisation_names(ids=ids)


def drill_cases(
    *, user: Any, metric: str, division_prefix: str, months: list[str] | None
) -> Any:
    """The cases behind a case figure, newest first (scoped to the user's case view)."""
    overdue_uuids = None
    if metric == "overdue":
        overdue_uuids = list(
            warnings_for(
                user=user,
                rule=Rule.PROMISE_PASSED.value,
                division_prefix=division_prefix,
            ).values_list("subject_uuid", flat=True)
        )
    return case_metrics_reads.cases_behind(
        user=user,
        metric=metric,
        division_prefix=division_prefix,
        months=months,
        also_uuids=overdue_uuids,
    )


DRILL_ITEMS = {
    "online": Q(online_depth__gte=2),
    "fully_online": Q(online_depth=4),
    "instant": Q(case_type="1"),
    "visits": Q(visits_required__gte=1),
}


def drill_items(*, metric: str, division_prefix: str) -> Any:
    versions = _live(division_prefix, None)
    if metric == "baseline":
        marked = Baseline.objects.values_list("implementation_id", flat=True)
        versions = versions.filter(implementation_id__in=list(marked))
    elif metric in DRILL_ITEMS:
        versions = versions.filter(DRILL_ITEMS[metric])
    else:
        return versions.none()
    return versions.order_by("implementation__basic_item__code", "implementation__code")

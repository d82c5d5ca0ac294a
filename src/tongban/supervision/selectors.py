"""Supervision reads, scoped in SQL by the reader's ``supervision.view`` grants: warnings,
card tallies (with the rule behind each card), orders, and the figures of the metrics —
case counts from the rollups (never the cases), evaluation counts from the evaluations'
rollup and tickets, item counts from the live catalogue.
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from tongban.cases import selectors_supervision as case_metrics_reads
from tongban.catalog import selectors as catalog_selectors
from tongban.catalog import selectors_metrics as catalog_metrics
from tongban.core.permissions import Perm, not_found, scope_for
from tongban.evaluations import selectors_supervision as evaluation_reads
from tongban.evaluations.domain.statistics import Counts
from tongban.regions import selectors as region_selectors
from tongban.supervision.domain.metrics import CaseCounts, ClaimCounts, ItemCounts
from tongban.supervision.domain.rules import RED_RULES, YELLOW_RULES, Rule
from tongban.supervision.models import (
    KIND_LABELS,
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
    kind: str | None = None,
) -> QuerySet[Warning]:
    rows = Warning.objects.filter(_scope_q(user)).select_related(
        "organisation", "division", "staff"
    )
    if state:
        rows = rows.filter(state=state)
    if rule:
        rows = rows.filter(rule=rule)
    if kind:
        rows = rows.filter(subject_kind=kind)
    if division_prefix:
        rows = rows.filter(division__prefix__startswith=division_prefix)
    return rows.order_by("-raised_at", "-id")


def warning_get_for(*, user: Any, uuid: Any) -> Warning:
    """One warning (active or cleared) in the user's supervision scope."""
    found = warnings_for(user=user, state=None).filter(uuid=uuid).first()
    if found is None:
        raise not_found()
    return found


def light_tallies(*, user: Any) -> list[dict[str, Any]]:
    """Subjects per kind whose light is red or yellow now (from the active warnings; a
    subject with a red and a yellow rule counts as red), in the registry's order."""
    active = Warning.objects.filter(_scope_q(user), state=Warning.State.ACTIVE)
    red = active.filter(rule__in=[r.value for r in RED_RULES])
    yellow = active.filter(rule__in=[r.value for r in YELLOW_RULES]).exclude(
        subject_uuid__in=red.values("subject_uuid")
    )
    counts: dict[str, dict[str, int]] = {}
    for colour, rows in (("red", red), ("yellow", yellow)):
        grouped = (
            rows.values("subject_kind")
            .annotate(n=Count("subject_uuid", distinct=True))
            .order_by()
        )
        for row in grouped:
            counts.setdefault(row["subject_kind"], {})[colour] = row["n"]
    return [
        {
            "kind": kind,
            "label": label,
            "red": counts.get(kind, {}).get("red", 0),
            "yellow": counts.get(kind, {}).get("yellow", 0),
        }
        for kind, label in KIND_LABELS.items()
    ]


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


def period_bounds(
    months: Iterable[str] | None,
) -> tuple[datetime.datetime, datetime.datetime]:
    """The local datetimes from the first of the earliest month to the first after the
    latest; every month there is when ``months`` is ``None``."""
    chosen = sorted(months or [])
    if not chosen:
        first, last = datetime.date(2000, 1, 1), datetime.date(2099, 12, 1)
    else:
        first = datetime.date.fromisoformat(f"{chosen[0]}-01")
        last = datetime.date.fromisoformat(f"{chosen[-1]}-01")
    following = (last + datetime.timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(first, datetime.time(), zone),
        datetime.datetime.combine(following, datetime.time(), zone),
    )


def _prefixes_within(user: Any, prefix: str) -> list[str]:
    """The division prefixes of ``prefix`` the user may see: ``prefix`` itself when a
    grant covers it, else the granted areas inside it (a prefecture's supervisor looking
    at the region sees the prefecture). Organisation grants are counted apart
    (``_organisations_within``)."""
    scope = scope_for(user, Perm.SUPERVISION_VIEW)
    if scope.everything:
        return [prefix]
    granted = [g for g in scope.grants if g.division_prefix and not g.organisation_path]
    if any(prefix.startswith(g.division_prefix or "") for g in granted):
        return [prefix]
    inside = {
        g.division_prefix
        for g in granted
        if g.division_prefix and g.division_prefix.startswith(prefix)
    }
    # A granted area inside another granted one is counted with it, not again.
    return sorted(
        p for p in inside if not any(p != q and p.startswith(q) for q in inside)
    )


def _organisations_within(user: Any) -> list[int]:
    """The organisations of the user's organisation grants (each grant's subtree), for
    a supervisor scoped to an organisation rather than a region: the evaluation
    rollups keep each evaluation's organisation, so their counts are read for these."""
    scope = scope_for(user, Perm.SUPERVISION_VIEW)
    if scope.everything:
        return []
    ids: set[int] = set()
    for grant in scope.grants:
        if grant.organisation_path:
            ids.update(
                region_selectors.organisation_ids_under(path=grant.organisation_path)
            )
    return sorted(ids)


def evaluation_counts(
    *,
    user: Any,
    division_prefix: str = "",
    months: Iterable[str] | None = None,
) -> Counts:
    """The counts of 好评率 and 差评整改率 from the evaluations' rollup and tickets,
    within the user's supervision scope: the evaluations in the granted areas of
    ``division_prefix`` together with those of the organisations the user holds a grant
    for within ``division_prefix`` — the union of both kinds of grant, each evaluation
    counted once: the organisations' evaluations inside the granted areas are counted
    with the areas and taken off the organisations' part."""
    start, end = period_bounds(months)
    prefixes = _prefixes_within(user, division_prefix)

    def counts(prefix: str, organisations: tuple[int, ...] = ()) -> Counts:
        return evaluation_reads.evaluation_counts(
            start=start, end=end, division_prefix=prefix, organisation_ids=organisations
        )

    added = [counts(p) for p in prefixes]
    taken: list[Counts] = []
    organisations = tuple(_organisations_within(user))
    if organisations:
        added.append(counts(division_prefix, organisations))
        taken = [counts(p, organisations) for p in prefixes]

    def total(field: Any) -> int:
        return sum(field(c) for c in added) - sum(field(c) for c in taken)

    levels = [total(lambda c, i=i: c.by_level[i]) for i in range(5)]
    return Counts(
        by_level=(levels[0], levels[1], levels[2], levels[3], levels[4]),
        bad_reviews=total(lambda c: c.bad_reviews),
        bad_rectified=total(lambda c: c.bad_rectified),
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


def baseline_rows(*, user: Any, text: str = "") -> Any:
    """The implementations the user manages (the marking is theirs), with the code or
    name containing ``text``, by code; ``baseline_details`` adds what a page shows."""
    rows = catalog_selectors.implementation_list_for(
        user=user, permission=Perm.CATALOG_MANAGE
    )
    text = text.strip()[:60]
    if text:
        rows = rows.filter(
            Q(code__icontains=text) | Q(basic_item__name__icontains=text)
        )
    return rows.order_by("code")


def baseline_details(*, implementations: list[Any]) -> list[dict[str, Any]]:
    """Per implementation of one page: its versions one may mark, the marked baseline
    and the required materials now (live version) and then (baseline)."""
    ids = [i.pk for i in implementations]
    versions = catalog_metrics.published_versions_of(implementation_ids=ids)
    marks = {
        m.implementation_id: m
        for m in Baseline.objects.filter(implementation_id__in=ids).select_related(
            "version", "marked_by"
        )
    }
    live = dict(
        catalog_selectors.live_versions()
        .filter(implementation_id__in=ids)
        .values_list("implementation_id", "id")
    )
    counts = _required([*live.values(), *(m.version_id for m in marks.values())])
    rows = []
    for implementation in implementations:
        mark = marks.get(implementation.pk)
        rows.append(
            {
                "implementation": implementation,
                "versions": versions.get(implementation.pk, []),
                "mark": mark,
                "now": counts.get(live.get(implementation.pk, 0), 0)
                if implementation.pk in live
                else None,
                "then": counts.get(mark.version_id, 0) if mark else None,
            }
        )
    return rows

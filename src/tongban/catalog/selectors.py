"""Catalogue reads: scoped lists for staff, live guides and special lists for the
public, and the differences between two versions.

The live version of an implementation is the published version with the latest effective
date not after today, unless its cancellation date has come; it is computed in SQL so a
scheduled version goes live at midnight without a job having run.
"""

import datetime
import time
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from tongban.catalog.domain import tables
from tongban.catalog.domain.guide import Completeness, completeness
from tongban.catalog.domain.tables import CROSS_PROVINCE_SCOPES, IN_REGION_SCOPES
from tongban.catalog.facts import guide_facts
from tongban.catalog.fields import CHILD_MODELS, child_fields, version_fields
from tongban.catalog.models import BasicItem, Implementation, ImplementationVersion
from tongban.catalog.models.versions import OPEN_STATUSES
from tongban.core.permissions import Perm, not_found, scope_for
from tongban.core.snapshots import changes_between, snapshot

PUBLISHED = ImplementationVersion.Status.PUBLISHED
CHILD_ORDER = {relation: ("order", "id") for relation in CHILD_MODELS}


def basic_item_list() -> QuerySet[BasicItem]:
    return BasicItem.objects.all()


def basic_item_get(*, code: str) -> BasicItem:
    item = BasicItem.objects.filter(code=code).first()
    if item is None:
        raise not_found()
    return item


def implementation_list_for(
    *, user: Any, permission: str = Perm.CATALOG_VIEW
) -> QuerySet[Implementation]:
    scope = scope_for(user, permission)
    return Implementation.objects.filter(
        scope.q(
            organisation_path="organisation__path", division_prefix="division__prefix"
        )
    ).select_related("basic_item", "organisation", "division")


def implementation_ids_with_code(*, code: str) -> QuerySet[Implementation, Any]:
    """The id of the implementation with this code, as a query other reads can embed."""
    return Implementation.objects.filter(code=code).order_by().values("pk")


def implementation_get_for(
    *, user: Any, uuid: Any, permission: str = Perm.CATALOG_VIEW
) -> Implementation:
    found = implementation_list_for(user=user, permission=permission).filter(uuid=uuid)
    implementation = found.first()
    if implementation is None:
        raise not_found()
    return implementation


def version_get_for(
    *, user: Any, uuid: Any, number: int, permission: str = Perm.CATALOG_VIEW
) -> ImplementationVersion:
    implementation = implementation_get_for(user=user, uuid=uuid, permission=permission)
    version = _with_content(implementation.versions.filter(number=number)).first()
    if version is None:
        raise not_found()
    return version


def version_open(*, implementation: Implementation) -> ImplementationVersion | None:
    """The version being edited, reviewed or awaiting publication, if any (at most one,
    by constraint)."""
    return implementation.versions.filter(status__in=OPEN_STATUSES).first()


def versions_awaiting_review_for(*, user: Any) -> QuerySet[ImplementationVersion]:
    """Submitted versions the reviewer may decide on, then approved ones waiting to be
    published, oldest submission first; scoped in SQL like the implementation list."""
    scope = scope_for(user, Perm.CATALOG_REVIEW)
    awaiting = [
        ImplementationVersion.Status.SUBMITTED,
        ImplementationVersion.Status.APPROVED,
    ]
    return (
        ImplementationVersion.objects.filter(status__in=awaiting)
        .filter(
            scope.q(
                organisation_path="implementation__organisation__path",
                division_prefix="implementation__division__prefix",
            )
        )
        .select_related(
            "implementation__basic_item",
            "implementation__organisation",
            "submitted_by",
        )
        .order_by("-status", "submitted_at", "id")
    )


def version_child(
    *, version: ImplementationVersion, kind: str, pk: int
) -> models.Model:
    """One material, form field, fee… of ``version``; 404 when it belongs elsewhere."""
    model = CHILD_MODELS.get(kind)
    row = (
        model._default_manager.filter(version=version, pk=pk).first() if model else None
    )
    if row is None:
        raise not_found()
    return row


def _with_content(
    versions: QuerySet[ImplementationVersion],
) -> QuerySet[ImplementationVersion]:
    return versions.select_related(
        "implementation__basic_item",
        "implementation__organisation",
        "implementation__division",
    ).prefetch_related(
        *(
            Prefetch(relation, queryset=model._default_manager.order_by("order", "id"))
            for relation, model in CHILD_MODELS.items()
        )
    )


def live_versions(
    *, today: datetime.date | None = None
) -> QuerySet[ImplementationVersion]:
    today = today or timezone.localdate()
    newer = ImplementationVersion.objects.filter(
        implementation=OuterRef("implementation"),
        status=PUBLISHED,
        effective_from__gt=OuterRef("effective_from"),
        effective_from__lte=today,
    )
    return (
        ImplementationVersion.objects.filter(
            status=PUBLISHED,
            effective_from__lte=today,
            implementation__status=Implementation.Status.ACTIVE,
            implementation__basic_item__status=BasicItem.Status.ACTIVE,
        )
        .filter(Q(cancel_from__isnull=True) | Q(cancel_from__gt=today))
        .exclude(Exists(newer))
        .select_related(
            "implementation__basic_item",
            "implementation__organisation",
            "implementation__division",
        )
    )


def live_version(
    *, implementation: Implementation, today: datetime.date | None = None
) -> ImplementationVersion | None:
    return live_versions(today=today).filter(implementation=implementation).first()


# -- the live version a submission reads, from the shared cache ---------------------------
#
# Which version is live for a code changes with a publication, a cancellation, a status of
# the implementation or the basic item, and the date; what a submission reads of it also
# with its item, body and division. Entries count per (code, day, generation): every
# save or delete of those rows (``catalog.apps``: signals, so the services, imports,
# the admin and the tests alike) moves the generation, once when it happens and again
# after its commit (another process reading in between stored what it saw under the
# generation the commit replaces). A lost generation key starts a new one. An entry is
# kept per (code, day) with the generation it was read under, so that the generation
# and the entry come in one round trip.
GENERATION_KEY = "catalog:live-generation"


def catalog_generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return str(generation)


def catalog_changed() -> None:
    """Every cached live version is out of date from now (and again at commit)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    transaction.on_commit(
        lambda: cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    )


def live_version_for_code(
    code: str, *, today: datetime.date | None = None
) -> ImplementationVersion | None:
    """The live version of the implementation with this code, with its item, body,
    division, form fields and materials in place; ``None`` if none is live. From this
    process's memory, else the shared cache, when nothing in the catalogue changed since
    it was read; only the generation is asked of the shared cache each time."""
    today = today or timezone.localdate()
    key = f"catalog:live:{today.isoformat()}:{code}"
    held = _HELD.get(key)
    if held is not None and held[1] > time.monotonic():
        generation = cache.get(GENERATION_KEY)
        if generation is not None and str(generation) == held[0]:
            return held[2]
    # The generation and the entry in one round trip; the entry holds the generation
    # it was read under (taken before the read, as a key naming it would be), so it
    # counts only while that is still the generation.
    got = cache.get_many([GENERATION_KEY, key])
    generation = got.get(GENERATION_KEY)
    if generation is None:
        generation = catalog_generation()
    entry = got.get(key)
    if entry is not None and entry[0] == str(generation):
        _hold(key, entry)
        return entry[1]
    version = live_versions(today=today).filter(implementation__code=code).first()
    if version is None:
        return None
    version_with_checklist(version)
    entry = (str(generation), version)
    cache.set(key, entry, timeout=settings.LIVE_VERSION_CACHE_SECONDS)
    _hold(key, entry)
    return version


# The live versions this process read lately, by the shared cache's key: (generation,
# until, version). A submission then asks the shared cache for the generation alone (a
# few bytes) instead of the pickled version with its checklist, and does not unpickle
# it. Kept no longer than the shared entry and for at most ``HELD_MAX`` codes; the
# versions are read, never changed, by the submissions of every thread.
_HELD: dict[str, tuple[str, float, ImplementationVersion]] = {}
HELD_MAX = 512


def _hold(key: str, entry: tuple[str, ImplementationVersion]) -> None:
    if len(_HELD) >= HELD_MAX:
        _HELD.clear()
    until = time.monotonic() + settings.LIVE_VERSION_CACHE_SECONDS
    _HELD[key] = (entry[0], until, entry[1])


CHECKLIST_RELATIONS = ("form_fields", "materials")


def version_with_checklist(version: ImplementationVersion) -> ImplementationVersion:
    """``version`` (published) with its form fields and materials in place, as
    ``prefetch_related`` would leave them, from the shared cache. A published version's
    child rows never change (an edit is a new draft with copies), so they are read from
    the database once per version (two queries) and kept under a key naming the row and
    its publication time: a new publication is a new key, and a key never outlives the
    row it names even where an id is reused (a database restored or seeded again). The
    version, its item, body and division are not cached: the caller read them with the
    liveness check, fresh."""
    key = f"catalog:checklist:{version.pk}:{_stamp(version.published_at)}"
    rows = cache.get(key)
    if rows is None:
        rows = tuple(
            # One version's rows in the relation's order (no join to order by version).
            list(
                CHILD_MODELS[relation]
                ._default_manager.filter(version_id=version.pk)
                .order_by(*CHILD_ORDER[relation])
            )
            for relation in CHECKLIST_RELATIONS
        )
        cache.set(key, rows, timeout=settings.CHECKLIST_CACHE_SECONDS)
    cached = version.__dict__.setdefault("_prefetched_objects_cache", {})
    for relation, children in zip(CHECKLIST_RELATIONS, rows, strict=True):
        field: Any = CHILD_MODELS[relation]._meta.get_field("version")
        for child in children:  # as a prefetch leaves them: each knows its version
            field.set_cached_value(child, version)
        queryset = getattr(version, relation).all()
        queryset._result_cache = list(children)  # what prefetch_related sets
        queryset._prefetch_done = True
        cached[relation] = queryset
    return version


def _stamp(moment: datetime.datetime | None) -> str:
    return f"{moment.timestamp():.6f}" if moment else "-"


def public_guide(
    *, code: str, today: datetime.date | None = None
) -> ImplementationVersion:
    """The live guide of the implementation with this implementation code."""
    version = _with_content(
        live_versions(today=today).filter(implementation__code=code.strip().upper())
    ).first()
    if version is None:
        raise not_found()
    return version


@dataclass(frozen=True)
class GuideStamp:
    """What a rendered guide depends on: the published version (never changed once
    published), the basic item's version (its uniform elements appear in every
    implementation's guide) and when the version was published."""

    version_id: int
    item_version: int
    published_at: datetime.datetime | None


def public_guide_stamp(*, code: str, today: datetime.date | None = None) -> GuideStamp:
    """The stamp of the live guide with this implementation code, in one narrow query
    (no content rows), so a cached guide or a 304 costs no more than this."""
    row = (
        live_versions(today=today)
        .filter(implementation__code=code.strip().upper())
        .values_list("pk", "implementation__basic_item__version", "published_at")
        .first()
    )
    if row is None:
        raise not_found()
    return GuideStamp(*row)


# Special lists (DOMAIN.md §5.2 [INF]) derived from the live data, never kept by hand.
def theme_condition(code: str) -> Q | None:
    """Versions tagged with theme ``code`` (a known code), or ``None``."""
    if code not in tables.THEMES:
        return None
    return (
        Q(themes=code)
        | Q(themes__startswith=f"{code},")
        | Q(themes__endswith=f",{code}")
        | Q(themes__contains=f",{code},")
    )


SPECIAL_LISTS: dict[str, Q] = {
    "at_most_one_visit": Q(visits_required__lte=1),  # 最多跑一次
    "fully_online": Q(online_depth=4),  # 全程网办
    "instant": Q(case_type="1"),  # 即办件
    "tolerance_acceptance": Q(tolerance_acceptance=True),  # 容缺受理
    "notification_pledge": Q(notification_pledge=True),  # 告知承诺
    "in_region": Q(service_scope__in=IN_REGION_SCOPES),  # 区内通办
    "cross_province": Q(service_scope__in=CROSS_PROVINCE_SCOPES),  # 跨省通办
}


def special_list(
    *, kind: str, today: datetime.date | None = None
) -> QuerySet[ImplementationVersion]:
    condition = SPECIAL_LISTS.get(kind)
    if condition is None:
        raise not_found()
    return (
        live_versions(today=today)
        .filter(condition)
        .order_by("implementation__basic_item__code", "implementation__code")
    )


def version_completeness(version: ImplementationVersion) -> Completeness:
    return completeness(guide_facts(version))


def version_content(version: ImplementationVersion) -> dict[str, Any]:
    """Everything a guide shows, as JSON values: the version's fields and its child
    rows."""
    content = snapshot(version, version_fields())
    for relation, model in CHILD_MODELS.items():
        rows = getattr(version, relation).order_by("order", "id")
        content[relation] = [snapshot(row, child_fields(model)) for row in rows]
    return content


def version_diff(
    old: ImplementationVersion, new: ImplementationVersion
) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for what changed from ``old`` to ``new``; child rows are
    compared as whole lists (a material added, removed or edited shows the list)."""
    return changes_between(version_content(old), version_content(new))


def version_history(*, implementation: Implementation) -> list[dict[str, Any]]:
    """Versions newest first, each with the differences from the one before it."""
    versions = list(implementation.versions.order_by("number"))
    history = []
    for previous, current in zip([None, *versions], versions, strict=False):
        history.append(
            {
                "number": current.number,
                "status": current.status,
                "effective_from": current.effective_from,
                "changes": version_diff(previous, current) if previous else {},
            }
        )
    return list(reversed(history))

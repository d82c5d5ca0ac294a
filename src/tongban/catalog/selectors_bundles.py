"""Reads of 一件事 bundles: the published list, one bundle, and a bundle *resolved* against
today's catalogue — each item's live version, the merged form and the merged checklist
(``catalog.domain.bundles``), the items that are not live and the fields that do not merge;
for the workbench, every bundle and the items a manager may add to one.

Resolution reads every item's live version with its form fields and materials in three
queries whatever the number of items.
"""

import datetime
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from tongban.catalog.domain.bundles import (
    Conflict,
    FieldIn,
    MaterialIn,
    MergedField,
    MergedMaterial,
    merge_fields,
    merge_materials,
)
from tongban.catalog.models import (
    Bundle,
    BundleItem,
    Implementation,
    ImplementationVersion,
)
from tongban.catalog.selectors import implementation_list_for, live_versions
from tongban.core.permissions import Perm, not_found


def bundle_list_published() -> QuerySet[Bundle]:
    return (
        Bundle.objects.filter(status=Bundle.Status.PUBLISHED)
        .prefetch_related(
            Prefetch(
                "items",
                queryset=BundleItem.objects.select_related(
                    "implementation__basic_item", "implementation__organisation"
                ),
            )
        )
        .order_by("code")
    )


def bundle_get(*, code: str) -> Bundle:
    """Any bundle by code (published or not), for the services; 404 when unknown."""
    bundle = Bundle.objects.filter(code=code).first()
    if bundle is None:
        raise not_found()
    return bundle


def bundle_find(*, code: str) -> Bundle | None:
    """Any bundle by code, or ``None``."""
    return Bundle.objects.filter(code=code).first()


def bundle_get_published(*, code: str) -> Bundle:
    bundle = bundle_list_published().filter(code=code).first()
    if bundle is None:
        raise not_found()
    return bundle


@dataclass
class Part:
    """One item of a resolved bundle: its row, and its live version (``None``: not live)."""

    item: BundleItem
    version: ImplementationVersion | None

    @property
    def code(self) -> str:
        return str(self.item.implementation.code)


@dataclass
class Resolved:
    bundle: Bundle
    parts: list[Part]
    fields: list[MergedField]
    materials: list[MergedMaterial]
    conflicts: list[Conflict]

    @property
    def not_live(self) -> list[Part]:
        return [part for part in self.parts if part.version is None]

    @property
    def steps(self) -> list[int]:
        return sorted({part.item.step for part in self.parts})

    def part_for(self, code: Hashable) -> Part:
        return next(part for part in self.parts if part.code == code)


def _field_in(row: Any) -> FieldIn:
    values = tuple(
        str(c.get("value")) if isinstance(c, dict) else str(c)
        for c in (row.choices or [])
    )
    return FieldIn(
        key=row.key,
        field_type=row.field_type,
        required=row.required,
        choice_values=values,
        row=row,
    )


def _material_in(row: Any) -> MaterialIn:
    return MaterialIn(
        name=row.name_zh_hans or row.name,
        required=row.necessity == "required",
        tolerance_allowed=row.tolerance_allowed,
        e_certificate_type=row.e_certificate_type,
        data_source=row.data_source,
        row=row,
    )


def bundle_resolve(*, bundle: Bundle, today: datetime.date | None = None) -> Resolved:
    items = list(
        bundle.items.select_related(
            "implementation__basic_item",
            "implementation__organisation",
            "implementation__division",
        ).order_by("step", "order", "id")
    )
    versions = {
        v.implementation_id: v
        for v in live_versions(today=today)
        .filter(implementation__in=[i.implementation_id for i in items])
        .prefetch_related("form_fields", "materials")
    }
    parts = [Part(item=i, version=versions.get(i.implementation_id)) for i in items]
    live = [p for p in parts if p.version is not None]
    fields, conflicts = merge_fields(
        (p.code, [_field_in(f) for f in p.version.form_fields.all()])  # type: ignore[union-attr]  # live parts only
        for p in live
    )
    materials = merge_materials(
        (p.code, [_material_in(m) for m in p.version.materials.all()])  # type: ignore[union-attr]  # live parts only
        for p in live
    )
    return Resolved(
        bundle=bundle,
        parts=parts,
        fields=fields,
        materials=materials,
        conflicts=conflicts,
    )


def bundle_list_all() -> QuerySet[Bundle]:
    """Every bundle, draft or published, for the catalogue workbench."""
    return Bundle.objects.prefetch_related("items").order_by("code")


def bundle_item_get(*, bundle: Bundle, pk: int) -> BundleItem:
    item = (
        bundle.items.select_related("implementation__basic_item", "bundle")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise not_found()
    return item


def bundle_item_candidates(*, user: Any, bundle: Bundle) -> QuerySet[Implementation]:
    """What a manager may add to ``bundle``: implementations of their area with a
    published guide in force, not already in it."""
    live = live_versions().values("implementation_id")
    return (
        implementation_list_for(user=user, permission=Perm.CATALOG_MANAGE)
        .filter(pk__in=live)
        .exclude(pk__in=bundle.items.values("implementation_id"))
        .order_by("division__code", "organisation__name", "code")
    )

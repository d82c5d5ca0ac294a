"""Writes for basic items (基本目录) and implementations (实施清单)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from tongban.catalog.domain import search_keys
from tongban.catalog.domain.codes import (
    BasicCodeError,
    compose_implementation_code,
    parse_basic_code,
)
from tongban.catalog.facts import tr
from tongban.catalog.fields import content_fields
from tongban.catalog.guide_cache import guides_changed
from tongban.catalog.models import BasicItem, Implementation, ImplementationVersion
from tongban.catalog.services.common import (
    assign,
    catalogue_root_prefix,
    implementation_scope,
)
from tongban.catalog.services.versions import version_draft
from tongban.core.permissions import Perm, require
from tongban.core.services import audit_record
from tongban.core.snapshots import changes_between, snapshot

if TYPE_CHECKING:
    from tongban.regions.models import Division, Organisation

BASIC_CODE_MESSAGES = {
    BasicCodeError.EMPTY: _("The basic code is missing."),
    BasicCodeError.TOO_LONG: _("A basic code has at most 50 characters."),
    BasicCodeError.CHARACTERS: _(
        "A basic code uses digits, capital letters, dots, slashes and dashes only."
    ),
    BasicCodeError.ITEM_TYPE: _(
        "Characters 3–4 of the basic code are not an item type of GB/T 39046 A.1."
    ),
}
BASIC_ITEM_WRITABLE = (
    "name",
    "name_bo",
    "name_en",
    "item_type",
    "legal_basis",
    "legal_basis_bo",
    "legal_basis_en",
    "exercise_levels",
    "status",
    "local_code",
    "planned_effective_date",
    "planned_cancel_date",
)


def _clean_basic_code(raw: str, item_type: str) -> str:
    parsed = parse_basic_code(raw)
    if parsed.error is not None:
        raise ValidationError(
            {
                "code": ValidationError(
                    BASIC_CODE_MESSAGES[parsed.error], code=f"basic_code_{parsed.error}"
                )
            }
        )
    if parsed.is_national and item_type and parsed.item_type != item_type:
        raise ValidationError(
            {
                "item_type": ValidationError(
                    _(
                        "The item type {item_type} does not match "
                        "the type {code_type} in the code."
                    ).format(item_type=item_type, code_type=parsed.item_type),
                    code="item_type_mismatch",
                )
            }
        )
    return parsed.code


def _refresh_search_keys(item: BasicItem) -> None:
    name = tr(item, "name")
    item.search_pinyin = search_keys.pinyin_full(name)[:600]
    item.search_initials = search_keys.pinyin_initials(name)[:200]


@transaction.atomic
def basic_item_create(
    *, actor: Any, code: str, name: str, item_type: str, **fields: Any
) -> BasicItem:
    require(actor, Perm.CATALOG_MANAGE, division_prefix=catalogue_root_prefix())
    code = _clean_basic_code(code, item_type)
    if BasicItem.objects.filter(code=code).exists():
        raise ValidationError(
            {
                "code": ValidationError(
                    _("A basic item with this code already exists."), code="unique"
                )
            }
        )
    item = BasicItem(code=code)
    assign(
        item,
        {
            "name": name,
            "item_type": item_type,
            **{k: v for k, v in fields.items() if k in BASIC_ITEM_WRITABLE},
        },
    )
    _refresh_search_keys(item)
    item.full_clean()
    try:
        item.save()
    except IntegrityError as error:  # a concurrent create with the same code
        raise ValidationError(
            {
                "code": ValidationError(
                    _("A basic item with this code already exists."), code="unique"
                )
            }
        ) from error
    audit_record(
        actor=actor,
        action="catalog.basic_item.create",
        instance=item,
        changes=changes_between({}, snapshot(item, content_fields(BasicItem))),
    )
    return item


@transaction.atomic
def basic_item_update(*, actor: Any, item: BasicItem, **changes: Any) -> BasicItem:
    """Change the uniform elements of an item; every implementation reads them, so the
    version number goes up and the change reaches all regions at once (clause 5.2a)."""
    require(actor, Perm.CATALOG_MANAGE, division_prefix=catalogue_root_prefix())
    item = BasicItem.objects.select_for_update().get(pk=item.pk)
    fields = content_fields(BasicItem)
    before = snapshot(item, fields)
    assign(item, {k: v for k, v in changes.items() if k in BASIC_ITEM_WRITABLE})
    _clean_basic_code(item.code, item.item_type)
    _refresh_search_keys(item)
    item.full_clean()
    diff = changes_between(before, snapshot(item, fields))
    if not diff:
        return item
    item.version += 1
    item.save()
    # Every implementation's guide shows the item's uniform elements.
    guides_changed(implementation_ids=item.implementations.values_list("pk", flat=True))
    audit_record(
        actor=actor,
        action="catalog.basic_item.update",
        instance=item,
        changes=changes_between(before, snapshot(item, fields)),
    )
    return item


@transaction.atomic
def implementation_create(
    *,
    actor: Any,
    basic_item: BasicItem,
    organisation: Organisation,
    division: Division | None = None,
    exercise_level: int | None = None,
    handling_item_code: str = "",
    local_code: str = "",
) -> Implementation:
    """Register an implementing body for a basic item; the implementation code is
    composed from the body's USCC, the exercise level and the basic code (DOMAIN.md
    §15)."""
    division = division or organisation.division
    level = int(exercise_level or organisation.exercise_level)
    handling_item_code = handling_item_code.strip().upper()
    code = compose_implementation_code(
        uscc=organisation.uscc, exercise_level=level, basic_code=basic_item.code
    )
    implementation = Implementation(
        basic_item=basic_item,
        organisation=organisation,
        division=division,
        exercise_level=level,
        handling_item_code=handling_item_code,
        local_code=local_code.strip(),
        # a handling item (业务办理项) extends the implementation code
        code=f"{code}{handling_item_code}",
    )
    require(actor, Perm.CATALOG_MANAGE, **implementation_scope(implementation))
    if not division.prefix.startswith(organisation.division.prefix):
        raise ValidationError(
            {
                "division": ValidationError(
                    _("The division lies outside the region of the implementing body."),
                    code="division_mismatch",
                )
            }
        )
    if Implementation.objects.filter(code=implementation.code).exists():
        raise ValidationError(
            {
                "organisation": ValidationError(
                    _("This body already implements this item."), code="unique"
                )
            }
        )
    implementation.full_clean()
    implementation.save()
    audit_record(
        actor=actor,
        action="catalog.implementation.create",
        instance=implementation,
        changes=changes_between(
            {},
            snapshot(
                implementation,
                (
                    "code",
                    "basic_item",
                    "organisation",
                    "division",
                    "exercise_level",
                    "handling_item_code",
                ),
            ),
        ),
        **implementation_scope(implementation),
    )
    return implementation


@transaction.atomic
def item_start(
    *,
    actor: Any,
    basic_code: str,
    organisation: Organisation,
    exercise_level: int | None = None,
    name: str = "",
    name_bo: str = "",
    name_en: str = "",
    item_type: str = "",
) -> ImplementationVersion:
    """A new item from the workbench in one step: the basic item (when its code is not
    yet in the basic catalogue), the implementation and its first draft. All or
    nothing: a refused step leaves no half-made item behind."""
    item = BasicItem.objects.filter(code=basic_code.strip().upper()).first()
    if item is None:
        missing = {
            field: ValidationError(
                _("Needed for a basic code that is not yet in the catalogue."),
                code="required",
            )
            for field, value in (("name", name), ("item_type", item_type))
            if not value.strip()
        }
        if missing:
            raise ValidationError(missing)
        item = basic_item_create(
            actor=actor,
            code=basic_code,
            name=name.strip(),
            name_bo=name_bo.strip(),
            name_en=name_en.strip(),
            item_type=item_type,
        )
    implementation = implementation_create(
        actor=actor,
        basic_item=item,
        organisation=organisation,
        exercise_level=exercise_level,
    )
    return version_draft(actor=actor, implementation=implementation)

"""Publishing a bundle: only over live items whose forms merge; a published bundle is not
edited; each publication counts the version; only a region-wide catalogue manager."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.bundle_builders import ITEMS, newborn_bundle, newborn_item
from tongban.accounts.domain.roles import Role
from tongban.catalog import services as catalog
from tongban.catalog.models import Bundle
from tongban.catalog.selectors_bundles import bundle_resolve
from tongban.catalog.services.bundles import (
    bundle_create,
    bundle_item_add,
    bundle_publish,
    bundle_revise,
)
from tongban.core.models import AuditEvent
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db


def _codes(error: ValidationError) -> dict[str, list[str]]:
    return {f: [e.code for e in errors] for f, errors in error.error_dict.items()}


def test_a_bundle_over_live_items_is_published_as_version_1(
    orgs: dict[str, Any],
) -> None:
    bundle = newborn_bundle(orgs["lhasa"])
    assert bundle.status == Bundle.Status.PUBLISHED
    assert bundle.version == 1
    assert AuditEvent.objects.filter(action="catalog.bundle_publish").count() == 1


def test_a_bundle_with_an_unpublished_item_is_not_published(
    orgs: dict[str, Any],
) -> None:
    bundle = newborn_bundle(orgs["lhasa"], publish=False)
    version = bundle_resolve(bundle=bundle).parts[0].version
    catalog.version_cancel(actor=SYSTEM, version=version)
    with pytest.raises(ValidationError) as caught:
        bundle_publish(actor=SYSTEM, bundle=bundle)
    assert _codes(caught.value) == {"items": ["item_not_live"]}
    bundle.refresh_from_db()
    assert bundle.status == Bundle.Status.DRAFT


def test_two_items_using_one_key_for_different_things_are_not_published(
    orgs: dict[str, Any],
) -> None:
    bundle = bundle_create(actor=SYSTEM, code="clash", name="冲突")
    first = newborn_item(orgs["lhasa"], "002007001000", "甲", ("x", "甲字段"), "甲表")
    second = newborn_item(orgs["lhasa"], "002009002000", "乙", ("y", "乙字段"), "乙表")
    # the second item asks child_birth_date as text: another data element under one key
    field = second.form_fields.get(key="child_birth_date")
    draft = catalog.version_draft(actor=SYSTEM, implementation=second.implementation)
    catalog.child_update(
        actor=SYSTEM,
        child=draft.form_fields.get(key=field.key),
        field_type="text",
    )
    catalog.version_submit(actor=SYSTEM, version=draft)
    catalog.version_approve(actor=SYSTEM, version=draft)
    catalog.version_publish(
        actor=SYSTEM, version=draft, effective_from=draft.created_at.date()
    )
    for version in (first, second):
        bundle_item_add(
            actor=SYSTEM, bundle=bundle, implementation=version.implementation
        )
    with pytest.raises(ValidationError) as caught:
        bundle_publish(actor=SYSTEM, bundle=bundle)
    assert _codes(caught.value) == {"form.child_birth_date": ["field_type_conflict"]}


def test_an_empty_bundle_is_not_published(db: None) -> None:
    bundle = bundle_create(actor=SYSTEM, code="empty", name="空")
    with pytest.raises(ValidationError) as caught:
        bundle_publish(actor=SYSTEM, bundle=bundle)
    assert _codes(caught.value) == {"items": ["bundle_empty"]}


def test_a_published_bundle_is_revised_in_draft_and_republished_as_the_next_version(
    orgs: dict[str, Any],
) -> None:
    bundle = newborn_bundle(orgs["lhasa"])
    extra = newborn_item(
        orgs["lhasa"], "002021004000", "社会保障卡申领", ("card_phone", "电话"), "照片"
    )
    with pytest.raises(ValidationError):
        bundle_item_add(
            actor=SYSTEM, bundle=bundle, implementation=extra.implementation, step=3
        )
    bundle = bundle_revise(actor=SYSTEM, bundle=bundle)
    bundle_item_add(
        actor=SYSTEM, bundle=bundle, implementation=extra.implementation, step=3
    )
    bundle = bundle_publish(actor=SYSTEM, bundle=bundle)
    assert bundle.version == 2
    assert len(bundle_resolve(bundle=bundle).parts) == len(ITEMS) + 1


def test_only_a_region_wide_catalogue_manager_makes_bundles(
    make_staff: Any, orgs: dict[str, Any]
) -> None:
    county = make_staff(
        "county.catalogue", Role.CATALOGUE_MANAGER, division_code="540100"
    )
    with pytest.raises(PermissionDenied):
        bundle_create(actor=county, code="newborn", name="新生儿出生一件事")

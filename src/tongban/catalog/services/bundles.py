"""Writes of 一件事 bundles: create one, edit its texts, name its items and their steps
(add, move to another step, remove), publish it, take it back to draft to revise it (which
withdraws it from the public list). Managing bundles needs the catalogue manager's
region-wide scope (a bundle spans departments); each write is audited in its transaction.

Publication refuses a bundle with no items, with an item that has no live version, or whose
items use one form field key for different things (``catalog.domain.bundles``): the bundle's
public guide and its form would otherwise promise what cannot be applied for.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.catalog.models import Bundle, BundleItem, Implementation
from tongban.catalog.selectors_bundles import Resolved, bundle_resolve
from tongban.catalog.services.common import assign, catalogue_root_prefix
from tongban.core.permissions import Perm, require
from tongban.core.services import audit_record

BUNDLE_TEXT = ("name", "summary", "conditions", "process_description", "delivery_note")
BUNDLE_WRITABLE = frozenset(
    {*BUNDLE_TEXT, *(f"{n}_{lang}" for n in BUNDLE_TEXT for lang in ("bo", "en"))}
)


def bundle_require_manager(actor: Any) -> None:
    """Refuse (``PermissionDenied``) anyone but a region-wide catalogue manager."""
    require(actor, Perm.CATALOG_MANAGE, division_prefix=catalogue_root_prefix())


_require_manager = bundle_require_manager


def bundle_may_manage(actor: Any) -> bool:
    """Whether ``actor`` may make and change bundles (pages hide the forms otherwise)."""
    try:
        _require_manager(actor)
    except PermissionDenied:
        return False
    return True


def _editable(bundle: Bundle) -> None:
    if bundle.status != Bundle.Status.DRAFT:
        raise ValidationError(
            _("A published bundle is not edited: take it back to draft first."),
            code="bundle_not_draft",
        )


@transaction.atomic
def bundle_create(*, actor: Any, code: str, **content: Any) -> Bundle:
    _require_manager(actor)
    _unknown_fields(content)
    bundle = Bundle(code=code)
    assign(bundle, content)
    bundle.full_clean()
    bundle.save()
    audit_record(actor=actor, action="catalog.bundle_create", instance=bundle)
    return bundle


def _unknown_fields(content: dict[str, Any]) -> None:
    unknown = set(content) - BUNDLE_WRITABLE
    if unknown:
        raise ValidationError(
            _("Unknown fields: {fields}.").format(fields=", ".join(sorted(unknown))),
            code="unknown_field",
        )


@transaction.atomic
def bundle_update(*, actor: Any, bundle: Bundle, **content: Any) -> Bundle:
    """The bundle's name and guide texts in the three languages (a draft only)."""
    _require_manager(actor)
    _unknown_fields(content)
    bundle = Bundle.objects.select_for_update().get(pk=bundle.pk)
    _editable(bundle)
    before = {name: getattr(bundle, bundle_column(name)) for name in content}
    assign(bundle, content)
    bundle.full_clean()
    bundle.save()
    changed = {
        name: [before[name], getattr(bundle, bundle_column(name))]
        for name in content
        if before[name] != getattr(bundle, bundle_column(name))
    }
    if changed:
        audit_record(
            actor=actor,
            action="catalog.bundle_update",
            instance=bundle,
            changes=changed,
        )
    return bundle


def bundle_column(name: str) -> str:
    """The stored column of a writable name: ``name`` is the Chinese text."""
    return f"{name}_zh_hans" if name in BUNDLE_TEXT else name


@transaction.atomic
def bundle_item_add(
    *,
    actor: Any,
    bundle: Bundle,
    implementation: Implementation,
    step: int = 1,
    order: int = 0,
) -> BundleItem:
    _require_manager(actor)
    _editable(bundle)
    if bundle.items.filter(implementation=implementation).exists():
        raise ValidationError(
            {
                "implementation": ValidationError(
                    _("This item is already in the bundle."), code="bundle_item_twice"
                )
            }
        )
    row = BundleItem(
        bundle=bundle, implementation=implementation, step=step, order=order
    )
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action="catalog.bundle_item_add",
        instance=bundle,
        changes={"items": [None, implementation.code], "step": [None, step]},
    )
    return row


@transaction.atomic
def bundle_item_move(
    *, actor: Any, item: BundleItem, step: int, order: int | None = None
) -> BundleItem:
    """Put an item of a draft bundle in another step (and place within it)."""
    _require_manager(actor)
    _editable(Bundle.objects.select_for_update().get(pk=item.bundle_id))
    old = (item.step, item.order)
    item.step = step
    if order is not None:
        item.order = order
    item.full_clean()
    item.save(update_fields=["step", "order"])
    audit_record(
        actor=actor,
        action="catalog.bundle_item_move",
        instance=item.bundle,
        changes={
            "item": [item.implementation.code, item.implementation.code],
            "step": [old[0], item.step],
            "order": [old[1], item.order],
        },
    )
    return item


@transaction.atomic
def bundle_item_remove(*, actor: Any, item: BundleItem) -> None:
    _require_manager(actor)
    bundle = Bundle.objects.select_for_update().get(pk=item.bundle_id)
    _editable(bundle)
    code, step = item.implementation.code, item.step
    item.delete()
    audit_record(
        actor=actor,
        action="catalog.bundle_item_remove",
        instance=bundle,
        changes={"items": [code, None], "step": [step, None]},
    )


def publication_errors(resolved: Resolved) -> dict[str, list[ValidationError]]:
    """Why ``resolved`` cannot be published or applied for (empty: it can)."""
    errors: dict[str, list[ValidationError]] = {}
    if not resolved.parts:
        errors["items"] = [
            ValidationError(_("A bundle needs at least one item."), code="bundle_empty")
        ]
    for part in resolved.not_live:
        errors.setdefault("items", []).append(
            ValidationError(
                _("The item {item} ({code}) has no published guide in force.").format(
                    item=part.item.implementation.name, code=part.code
                ),
                code="item_not_live",
            )
        )
    for conflict in resolved.conflicts:
        errors.setdefault(f"form.{conflict.key}", []).append(
            ValidationError(
                _(
                    "The items {first} and {second} use the field key {key} for "
                    "different things; give one of them another key."
                ).format(
                    first=conflict.items[0], second=conflict.items[1], key=conflict.key
                ),
                code=conflict.code,
            )
        )
    return errors


@transaction.atomic
def bundle_publish(*, actor: Any, bundle: Bundle) -> Bundle:
    _require_manager(actor)
    bundle = Bundle.objects.select_for_update().get(pk=bundle.pk)
    _editable(bundle)
    errors = publication_errors(bundle_resolve(bundle=bundle))
    if errors:
        raise ValidationError(errors)
    old = bundle.version
    bundle.status = Bundle.Status.PUBLISHED
    bundle.version = old + 1
    bundle.published_at = timezone.now()
    bundle.save(update_fields=["status", "version", "published_at", "updated_at"])
    audit_record(
        actor=actor,
        action="catalog.bundle_publish",
        instance=bundle,
        changes={"status": ["draft", "published"], "version": [old, bundle.version]},
    )
    return bundle


@transaction.atomic
def bundle_revise(*, actor: Any, bundle: Bundle) -> Bundle:
    """Back to draft: no longer offered until published again (as a new version)."""
    _require_manager(actor)
    bundle = Bundle.objects.select_for_update().get(pk=bundle.pk)
    if bundle.status == Bundle.Status.DRAFT:
        return bundle
    bundle.status = Bundle.Status.DRAFT
    bundle.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="catalog.bundle_revise",
        instance=bundle,
        changes={"status": ["published", "draft"]},
    )
    return bundle

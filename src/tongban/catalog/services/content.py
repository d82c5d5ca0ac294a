"""Child rows of a draft version: materials, form fields, fees, FAQ, special procedures.

Only drafts can change; each add/update/delete writes an audit row on the version.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from tongban.catalog.fields import CHILD_MODELS, KIND_OF, child_fields, child_writable
from tongban.catalog.models import FormField, ImplementationVersion, Material
from tongban.catalog.models.choices import FieldType
from tongban.catalog.references import references_check
from tongban.catalog.services.common import assign, implementation_scope
from tongban.core.api.problems import Problem
from tongban.core.permissions import Perm, require
from tongban.core.services import audit_record
from tongban.core.snapshots import changes_between, snapshot


def _check(actor: Any, version: ImplementationVersion) -> None:
    require(actor, Perm.CATALOG_MANAGE, **implementation_scope(version.implementation))
    if not version.is_editable:
        raise Problem(
            status_code=409,
            code="version_not_editable",
            detail=_(
                "Only a draft can be changed; start a new draft "
                "to change a published guide."
            ),
        )


def _validate(row: models.Model, data: dict[str, Any]) -> None:
    unknown = set(data) - child_writable(type(row))
    if unknown:
        raise ValidationError(
            {
                name: ValidationError(
                    _("This field cannot be set here."), code="not_writable"
                )
                for name in sorted(unknown)
            }
        )
    if isinstance(row, FormField):
        choices = row.choices or []
        well_formed = isinstance(choices, list) and all(
            isinstance(c, dict) and c.get("value") not in (None, "") and c.get("label")
            for c in choices
        )
        if not well_formed or (row.field_type == FieldType.CHOICE and not choices):
            raise ValidationError(
                {
                    "choices": ValidationError(
                        _(
                            "A choice field needs a list of options, "
                            "each with a value and a label."
                        ),
                        code="choices_invalid",
                    )
                }
            )
        clash = FormField.objects.filter(version_id=row.version_id, key=row.key)
        if clash.exclude(pk=row.pk).exists():
            raise ValidationError(
                {
                    "key": ValidationError(
                        _("Another field of this form already uses this key."),
                        code="unique",
                    )
                }
            )
    if isinstance(row, Material):
        references_check(
            (name, getattr(row, name)) for name in ("e_certificate_type", "data_source")
        )
    row.full_clean()


def _audit(actor: Any, action: str, row: models.Model, changes: dict[str, Any]) -> None:
    version = row.version  # type: ignore[attr-defined]  # every child has a version FK
    audit_record(
        actor=actor,
        action=f"catalog.version.{KIND_OF[type(row)]}.{action}",
        instance=version,
        changes={f"{KIND_OF[type(row)]}[{row.pk}]": changes},
        **implementation_scope(version.implementation),
    )


@transaction.atomic
def child_add(
    *,
    actor: Any,
    version: ImplementationVersion,
    kind: str,
    fields: Mapping[str, Any] | None = None,
    **data: Any,
) -> models.Model:
    """Add a row of ``kind``; its values come as keywords or, where a column's name
    collides with an argument (a special procedure's own ``kind``), in ``fields``."""
    data = {**data, **(fields or {})}
    model = CHILD_MODELS.get(kind)
    if model is None:
        raise ValidationError(
            {"kind": ValidationError(_("Unknown kind of row."), code="invalid")}
        )
    version = (
        ImplementationVersion.objects.select_for_update()
        .select_related("implementation__organisation", "implementation__division")
        .get(pk=version.pk)
    )
    _check(actor, version)
    row = model(version=version)
    if "order" not in data:
        data["order"] = model._default_manager.filter(version=version).count() + 1
    assign(row, data)
    _validate(row, data)
    row.save()
    # A guide imported without fees or materials said "not yet stated"; adding one
    # states them.
    stated = {"materials": "materials_stated", "fees": "fees_stated"}.get(kind)
    if stated and not getattr(version, stated):
        setattr(version, stated, True)
        version.save(update_fields=[stated])
    _audit(actor, "add", row, changes_between({}, snapshot(row, child_fields(model))))
    return row


@transaction.atomic
def child_update(*, actor: Any, child: models.Model, **data: Any) -> models.Model:
    model = type(child)
    row: Any = (
        model._default_manager.select_for_update()
        .select_related(
            "version__implementation__organisation", "version__implementation__division"
        )
        .get(pk=child.pk)
    )
    _check(actor, row.version)
    fields = child_fields(model)
    before = snapshot(row, fields)
    assign(row, data)
    _validate(row, data)
    row.save()
    _audit(actor, "update", row, changes_between(before, snapshot(row, fields)))
    return row


@transaction.atomic
def child_delete(*, actor: Any, child: models.Model) -> None:
    model = type(child)
    row: Any = model._default_manager.select_related(
        "version__implementation__organisation", "version__implementation__division"
    ).get(pk=child.pk)
    _check(actor, row.version)
    _audit(
        actor, "delete", row, changes_between(snapshot(row, child_fields(model)), {})
    )
    row.delete()

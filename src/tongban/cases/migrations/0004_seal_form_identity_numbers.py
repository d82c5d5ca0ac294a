"""Seal the identity numbers that cases and application drafts kept in clear in their form.

A value of a form field of an identity kind becomes ``{kind, encrypted, index, masked}``
(see ``cases.services.form_values``; the kinds are copied here so later changes to that
module do not change what this migration did). Values already sealed are left alone, so the
migration can run twice. A draft has no frozen version: the kinds of its service's fields
are taken from every version of the service. Reversing restores the clear values.
"""

from typing import Any

from django.db import migrations

from tongban.core import crypto
from tongban.core.domain.identifiers import normalise
from tongban.core.domain.masking import mask_identifier

IDENTITY_KINDS = {"id_number": "111", "uscc": "001", "passport": "414"}


def _sealed(value: Any) -> bool:
    return isinstance(value, dict) and "encrypted" in value


def _seal_form(form: dict[str, Any], kinds: dict[str, str]) -> dict[str, Any] | None:
    """The sealed form, or ``None`` when nothing needs sealing."""
    changed = False
    sealed = dict(form)
    for key, value in form.items():
        kind = kinds.get(key)
        if kind not in IDENTITY_KINDS or _sealed(value) or value in (None, ""):
            continue
        number = normalise(str(value))
        sealed[key] = {
            "kind": kind,
            "encrypted": crypto.encrypt(number),
            "index": crypto.blind_index(f"{IDENTITY_KINDS[kind]}:{number}"),
            "masked": mask_identifier(number),
        }
        changed = True
    return sealed if changed else None


def _kinds_by_version(apps: Any) -> dict[int, dict[str, str]]:
    FormField = apps.get_model("catalog", "FormField")
    kinds: dict[int, dict[str, str]] = {}
    rows = FormField.objects.filter(field_type__in=list(IDENTITY_KINDS))
    for version_id, key, kind in rows.values_list("version_id", "key", "field_type"):
        kinds.setdefault(version_id, {})[key] = kind
    return kinds


def seal_identity_numbers(apps: Any, schema_editor: Any) -> None:
    Case = apps.get_model("cases", "Case")
    Draft = apps.get_model("cases", "ApplicationDraft")
    Version = apps.get_model("catalog", "ImplementationVersion")
    by_version = _kinds_by_version(apps)
    if not by_version:
        return
    cases = Case.objects.filter(version_id__in=list(by_version)).only(
        "id", "version_id", "form_data"
    )
    for case in cases.iterator(chunk_size=500):
        sealed = _seal_form(case.form_data or {}, by_version[case.version_id])
        if sealed is not None:
            Case.objects.filter(pk=case.pk).update(form_data=sealed)
    by_service: dict[int, dict[str, str]] = {}
    for version_id, implementation_id in Version.objects.filter(
        id__in=list(by_version)
    ).values_list("id", "implementation_id"):
        by_service.setdefault(implementation_id, {}).update(by_version[version_id])
    drafts = Draft.objects.filter(implementation_id__in=list(by_service))
    for draft in drafts.only("id", "implementation_id", "form_data"):
        sealed = _seal_form(draft.form_data or {}, by_service[draft.implementation_id])
        if sealed is not None:
            Draft.objects.filter(pk=draft.pk).update(form_data=sealed)


def unseal_identity_numbers(apps: Any, schema_editor: Any) -> None:
    for model in ("Case", "ApplicationDraft"):
        Model = apps.get_model("cases", model)
        for row in Model.objects.only("id", "form_data").iterator(chunk_size=500):
            form = row.form_data or {}
            if any(_sealed(v) for v in form.values()):
                clear = {
                    k: crypto.decrypt(v["encrypted"]) if _sealed(v) else v
                    for k, v in form.items()
                }
                Model.objects.filter(pk=row.pk).update(form_data=clear)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_material_original_seen_by"),
        ("catalog", "0003_form_field_identity_kinds"),
    ]

    operations = [
        migrations.RunPython(seal_identity_numbers, unseal_identity_numbers),
    ]

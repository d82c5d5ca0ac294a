"""``catalog_export_rows``: the live guides as exchange rows (the importer's input)."""

from typing import Any

from tongban.catalog import selectors
from tongban.catalog.exchange.shape import (
    FEE_KEYS,
    FORM_FIELD_KEYS,
    MATERIAL_KEYS,
    TRANSLATED_VERSION_TEXT,
)
from tongban.catalog.facts import tr
from tongban.catalog.models import ImplementationVersion

TEXT = ("fee_basis", "conditions", "location", "hours", "result_name")
PLAIN = (
    "statutory_limit",
    "statutory_unit",
    "promised_limit",
    "promised_unit",
    "case_type",
    "service_objects",
    "handling_forms",
    "online_depth",
    "visits_required",
    "online_url",
    "service_scope",
    "themes",
    "consultation_phone",
    "complaint_phone",
    "result_type",
    "result_certificate_type",
)
FLAGS = ("charges_fee", "tolerance_acceptance", "notification_pledge")


def export_row(version: ImplementationVersion) -> dict[str, Any]:
    implementation = version.implementation
    item = implementation.basic_item
    row: dict[str, Any] = {
        "basic_code": item.code,
        "name": tr(item, "name"),
        "name_bo": tr(item, "name", "bo"),
        "name_en": tr(item, "name", "en"),
        "item_type": item.item_type,
        "legal_basis": tr(item, "legal_basis"),
        "legal_basis_bo": tr(item, "legal_basis", "bo"),
        "legal_basis_en": tr(item, "legal_basis", "en"),
        "implementation_code": implementation.code,
        "local_implementation_code": implementation.local_code,
        "handling_item_code": implementation.handling_item_code,
        "organisation_code": implementation.organisation.uscc,
        "division_code": implementation.division.code,
        "exercise_level": implementation.exercise_level,
        "effective_from": version.effective_from.isoformat()
        if version.effective_from
        else "",
    }
    for key in TRANSLATED_VERSION_TEXT:
        for lang in ("bo", "en"):
            row[f"{key}_{lang}"] = tr(version, key, lang)
    row.update({key: getattr(version, key) for key in PLAIN})
    row.update({key: tr(version, key) for key in TEXT})
    row.update({key: "1" if getattr(version, key) else "0" for key in FLAGS})
    if not version.fees_stated:
        row["charges_fee"] = ""  # unknown, not "0": the source did not say
    row["materials"] = [
        {
            key: (
                tr(m, key)
                if key in ("name", "acceptance_standard")
                else getattr(m, key) or ""
                if key.endswith(("_bo", "_en"))
                else getattr(m, key)
            )
            for key in MATERIAL_KEYS
        }
        for m in version.materials.order_by("order", "id")
    ]
    row["fees"] = [
        {
            key: (
                tr(f, key)
                if key in ("name", "standard")
                else getattr(f, key) or ""
                if key.endswith(("_bo", "_en"))
                else ("" if f.amount is None else str(f.amount))
                if key == "amount"
                else getattr(f, key)
            )
            for key in FEE_KEYS
        }
        for f in version.fees.order_by("order", "id")
    ]
    row["form_fields"] = [
        {
            key: (
                tr(f, key)
                if key in ("label", "help_text")
                else getattr(f, key) or ""
                if key.endswith(("_bo", "_en"))
                else getattr(f, key)
            )
            for key in FORM_FIELD_KEYS
        }
        for f in version.form_fields.order_by("order", "id")
    ]
    if not version.materials_stated:
        row["materials"] = None
    return row


def catalog_export_rows() -> list[dict[str, Any]]:
    versions = selectors.live_versions().order_by("implementation__code")
    return [export_row(version) for version in versions]

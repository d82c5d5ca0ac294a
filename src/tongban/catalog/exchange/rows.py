"""One exchange row → clean values, or errors by field. Dirty data is the norm
(DOMAIN.md §15): codes with the wrong length, names instead of codes, numbers as text;
every fault is reported with the field it is in, and the row is skipped, never the
file."""

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

from tongban.catalog.domain import tables
from tongban.catalog.domain.codes import parse_basic_code
from tongban.catalog.domain.guide import (
    FeeFacts,
    GuideFacts,
    MaterialFacts,
    guide_issues,
)
from tongban.catalog.exchange.shape import (
    FEE_KEYS,
    FORM_FIELD_KEYS,
    LIST_COLUMNS,
    MATERIAL_KEYS,
    TRANSLATED_VERSION_TEXT,
)
from tongban.core.domain.identifiers import uscc_error

TRUE = {"1", "是", "true", "yes", "y", "True", True}


@dataclass
class CleanRow:
    basic: dict[str, Any] = field(default_factory=dict)
    organisation_code: str = ""
    division_code: str = ""
    exercise_level: int | None = None
    handling_item_code: str = ""
    # The source platform's own implementation code, kept when it is not the one
    # Tongban composes (DOMAIN.md §15: layouts vary by province).
    source_implementation_code: str = ""
    version: dict[str, Any] = field(default_factory=dict)
    materials: list[dict[str, Any]] = field(default_factory=list)
    fees: list[dict[str, Any]] = field(default_factory=list)
    form_fields: list[dict[str, Any]] = field(default_factory=list)
    effective_from: datetime.date | None = None


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _int(value: Any, name: str, errors: dict[str, str]) -> int | None:
    text = _text(value)
    if not text:
        return None
    try:
        number = int(float(text))
    except ValueError:
        errors[name] = "not_a_number"
        return None
    if number < 0:
        errors[name] = "negative"
    return number


def _list(value: Any, name: str, errors: dict[str, str]) -> list[dict[str, Any]]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            errors[name] = "not_a_list"
            return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        errors[name] = "not_a_list"
        return []
    return value


def _stated(value: Any) -> bool:
    return value is not None and (not isinstance(value, str) or value.strip() != "")


def _code(
    table: Any, value: Any, name: str, errors: dict[str, str], aliases: Any = None
) -> str:
    if _text(value) == "":
        return ""
    code = tables.lookup(table, value, aliases)
    if code is None:
        errors[name] = f"unknown_{name}"
        return ""
    return code


def clean_row(raw: dict[str, Any]) -> tuple[CleanRow, dict[str, str]]:
    """Values of one row keyed by column; errors as ``{column: code}``."""
    errors: dict[str, str] = {}
    row = CleanRow()
    code = parse_basic_code(raw.get("basic_code"))
    if not _text(raw.get("basic_code")):
        errors["basic_code"] = "required"
    elif code.error is not None:
        errors["basic_code"] = f"basic_code_{code.error}"
    item_type = _code(
        tables.ITEM_TYPES,
        raw.get("item_type"),
        "item_type",
        errors,
        tables.ITEM_TYPE_ALIASES,
    )
    if not item_type and "item_type" not in errors:
        errors["item_type"] = "required"
    if code.is_national and item_type and code.item_type != item_type:
        errors["item_type"] = "item_type_mismatch"
    if not _text(raw.get("name")):
        errors["name"] = "required"
    row.basic = {
        "code": code.code,
        "name": _text(raw.get("name")),
        "item_type": item_type,
        "legal_basis": _text(raw.get("legal_basis")),
    }
    for key in ("name_bo", "name_en", "legal_basis_bo", "legal_basis_en"):
        if _text(raw.get(key)):
            row.basic[key] = _text(raw.get(key))
    row.organisation_code = "".join(_text(raw.get("organisation_code")).split()).upper()
    if not row.organisation_code:
        errors["organisation_code"] = "required"
    elif (problem := uscc_error(row.organisation_code)) is not None:
        errors["organisation_code"] = f"uscc_{problem}"
    row.division_code = _text(raw.get("division_code"))
    row.exercise_level = _int(raw.get("exercise_level"), "exercise_level", errors)
    row.handling_item_code = _text(raw.get("handling_item_code"))
    row.source_implementation_code = _text(
        raw.get("local_implementation_code")
    ) or _text(raw.get("implementation_code"))
    row.version = _version_values(raw, errors)
    row.materials = [
        {k: m[k] for k in MATERIAL_KEYS if k in m}
        for m in _list(raw.get("materials"), "materials", errors)
    ]
    row.fees = [
        {
            k: f[k]
            for k in FEE_KEYS
            if k in f and (k != "amount" or f[k] not in ("", None))
        }
        for f in _list(raw.get("fees"), "fees", errors)
    ]
    row.form_fields = [
        {k: f[k] for k in FORM_FIELD_KEYS if k in f}
        for f in _list(raw.get("form_fields"), "form_fields", errors)
    ]
    # Unknown is not none: a source that leaves these empty has not said "no fee" or
    # "no materials" (an explicit "0" or "[]" has).
    row.version["fees_stated"] = _stated(raw.get("charges_fee")) or bool(row.fees)
    row.version["materials_stated"] = _stated(raw.get("materials"))
    if _text(raw.get("effective_from")):
        try:
            row.effective_from = datetime.date.fromisoformat(
                _text(raw.get("effective_from"))[:10]
            )
        except ValueError:
            errors["effective_from"] = "not_a_date"
    if not errors:
        errors.update(_rule_errors(row))
    return row, errors


def _version_values(raw: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    v: dict[str, Any] = {}
    for key in ("statutory_limit", "promised_limit", "online_depth", "visits_required"):
        v[key] = _int(raw.get(key), key, errors)
    for key in ("statutory_unit", "promised_unit"):
        unit = _text(raw.get(key)) or "working_days"
        v[key] = tables.lookup(tables.TIME_UNITS, unit, tables.TIME_UNIT_ALIASES) or ""
        if not v[key]:
            errors[key] = "unknown_unit"
    v["case_type"] = _code(
        tables.CASE_TYPES,
        raw.get("case_type"),
        "case_type",
        errors,
        tables.CASE_TYPE_ALIASES,
    )
    for key, table in (
        ("service_objects", tables.SERVICE_OBJECTS),
        ("handling_forms", tables.HANDLING_FORMS),
    ):
        codes, unknown = tables.lookup_many(table, raw.get(key))
        v[key] = codes
        if unknown:
            errors[key] = f"unknown_{key}"
    scope = _text(raw.get("service_scope"))
    v["service_scope"] = (
        tables.lookup(tables.SCOPES, scope, tables.SCOPE_ALIASES) or "" if scope else ""
    )
    if scope and not v["service_scope"]:
        errors["service_scope"] = "unknown_service_scope"
    themes, unknown_themes = tables.parse_themes(_text(raw.get("themes")))
    v["themes"] = ",".join(themes)
    if unknown_themes:
        errors["themes"] = "unknown_theme"
    for key in ("charges_fee", "tolerance_acceptance", "notification_pledge"):
        v[key] = raw.get(key) in TRUE or _text(raw.get(key)) in TRUE
    for key in TRANSLATED_VERSION_TEXT:
        for lang in ("bo", "en"):
            v[f"{key}_{lang}"] = _text(raw.get(f"{key}_{lang}"))
    for key in (
        "online_url",
        "fee_basis",
        "conditions",
        "location",
        "hours",
        "consultation_phone",
        "complaint_phone",
        "result_type",
        "result_name",
        "result_certificate_type",
    ):
        v[key] = _text(raw.get(key))
    if v["visits_required"] is not None and v["visits_required"] <= 1:
        v["at_most_one_visit"] = True
    return v


def _rule_errors(row: CleanRow) -> dict[str, str]:
    v = row.version
    facts = GuideFacts(
        statutory_limit=v["statutory_limit"],
        statutory_unit=v["statutory_unit"],
        promised_limit=v["promised_limit"],
        promised_unit=v["promised_unit"],
        charges_fee=v["charges_fee"],
        fee_basis=v["fee_basis"],
        fees=tuple(
            FeeFacts(_text(f.get("name")), _text(f.get("standard"))) for f in row.fees
        ),
        handling_forms=tuple(v["handling_forms"]),
        online_depth=v["online_depth"],
        online_url=v["online_url"],
        visits_required=v["visits_required"],
        materials=tuple(
            MaterialFacts(
                _text(m.get("name")), _text(m.get("necessity")), _text(m.get("source"))
            )
            for m in row.materials
        ),
    )
    errors: dict[str, str] = {}
    for issue in guide_issues(facts):
        key = issue.field if issue.index is None else f"{issue.field}[{issue.index}]"
        errors.setdefault(key, issue.code)
    return errors


__all__ = ["LIST_COLUMNS", "CleanRow", "clean_row"]

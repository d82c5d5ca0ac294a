"""``catalog_import``: apply exchange rows through the catalogue services.

Each row runs in its own savepoint: a bad row is reported by row number and field and
the import goes on. Re-importing the same file creates nothing: an existing basic item,
implementation and identical live guide are recognised and left alone. A row that would
change a basic item's uniform elements (name, type, basis) is reported as a uniformity
violation (clause 5.2a) instead of silently changing every region's guide.
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tongban.catalog import selectors, services
from tongban.catalog.domain.codes import compose_implementation_code
from tongban.catalog.exchange.messages import ROW_MESSAGES, row_message
from tongban.catalog.exchange.rows import CleanRow, clean_row
from tongban.catalog.exchange.shape import REQUIRED, header_key
from tongban.catalog.facts import tr
from tongban.catalog.models import BasicItem, Implementation, ImplementationVersion
from tongban.core.api.problems import Problem
from tongban.regions import selectors as region_selectors


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based data row (the header is row 0)
    field: str
    code: str  # stable, for machines
    value: str = ""  # what the file holds there (shortened)
    message: str = ""  # what is wrong, in the language active at import time


@dataclass
class ImportReport:
    rows: int = 0
    created_items: int = 0
    created_implementations: int = 0
    published: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.errors or self.missing_columns)


def catalog_import(
    *,
    actor: Any,
    headers: list[str],
    rows: Iterable[dict[str, Any]],
    progress: Callable[[], object] | None = None,
) -> ImportReport:
    report = ImportReport()
    mapping = {h: header_key(h) for h in headers}
    report.unknown_columns = [h for h, key in mapping.items() if key is None and h]
    present = {key for key in mapping.values() if key}
    report.missing_columns = [key for key in REQUIRED if key not in present]
    if report.missing_columns:
        return report  # wrong headers: no row can be read reliably
    for number, raw in enumerate(rows, start=1):
        report.rows += 1
        values = {key: v for h, v in raw.items() if (key := mapping.get(h))}
        _import_row(actor, number, values, report)
        if progress:
            progress()
    return report


def _value(values: dict[str, Any], name: str) -> str:
    """The file's value behind an error key such as ``materials[2]``."""
    base, _, index = name.partition("[")
    value = values.get(base)
    if index and isinstance(value, list | str):
        try:
            items = json.loads(value) if isinstance(value, str) else value
            value = items[int(index.rstrip("]"))].get("name", "")
        except (ValueError, IndexError, AttributeError, TypeError):
            pass
    text = "" if value is None else str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _error(
    number: int, name: str, code: str, values: dict[str, Any], message: str = ""
) -> RowError:
    return RowError(
        number, name, code, _value(values, name), message or row_message(code)
    )


def _import_row(
    actor: Any, number: int, values: dict[str, Any], report: ImportReport
) -> None:
    row, errors = clean_row(values)
    if errors:
        report.errors += [
            _error(number, name, code, values) for name, code in errors.items()
        ]
        return
    # Counted only once the row's savepoint is kept: a row that fails after its
    # basic item was created rolls the item back, and the summary must say so.
    kept = Tally()
    try:
        with transaction.atomic():
            _apply(actor, row, kept)
    except ValidationError as error:
        by_field = (
            error.error_dict
            if hasattr(error, "error_dict")
            else {"__all__": error.error_list}
        )
        for name, messages in by_field.items():
            for m in messages:
                code = m.code or "invalid"
                message = " ".join(m.messages) if code not in ROW_MESSAGES else ""
                report.errors.append(_error(number, name, code, values, message))
    except (Problem, PermissionDenied) as error:
        code = getattr(error, "problem_code", "permission_denied")
        detail = getattr(error, "detail", "") if isinstance(error, Problem) else ""
        report.errors.append(_error(number, "__all__", code, values, str(detail)))
    else:
        kept.add_to(report)


@dataclass
class Tally:
    created_items: int = 0
    created_implementations: int = 0
    published: int = 0
    unchanged: int = 0

    def add_to(self, report: ImportReport) -> None:
        report.created_items += self.created_items
        report.created_implementations += self.created_implementations
        report.published += self.published
        report.unchanged += self.unchanged


def _apply(actor: Any, row: CleanRow, report: "Tally") -> None:
    organisation = region_selectors.organisation_by_uuid_or_uscc(
        uscc=row.organisation_code
    )
    if organisation is None:
        raise ValidationError(
            {
                "organisation_code": ValidationError(
                    "unknown organisation", code="unknown_organisation"
                )
            }
        )
    item = BasicItem.objects.filter(code=row.basic["code"]).first()
    level = row.exercise_level or organisation.exercise_level
    if item is None:
        item = services.basic_item_create(
            actor=actor, exercise_levels=[level], **row.basic
        )
        report.created_items += 1
    else:
        _check_uniform(item, row)
        if level not in (item.exercise_levels or []):
            # The item's exercise levels (行使层级) are the levels it is implemented at.
            services.basic_item_update(
                actor=actor,
                item=item,
                exercise_levels=sorted({*(item.exercise_levels or []), level}),
            )
    division = None
    if row.division_code:
        division = region_selectors.division_get(code=row.division_code)
        if division is None:
            raise ValidationError(
                {
                    "division_code": ValidationError(
                        "unknown division", code="unknown_division"
                    )
                }
            )
    implementation = Implementation.objects.filter(
        basic_item=item,
        organisation=organisation,
        handling_item_code=row.handling_item_code.upper(),
    ).first()
    if implementation is None:
        implementation = services.implementation_create(
            actor=actor,
            basic_item=item,
            organisation=organisation,
            division=division,
            exercise_level=row.exercise_level,
            handling_item_code=row.handling_item_code,
            local_code=_source_code(row, organisation, level, item),
        )
        report.created_implementations += 1
    live = selectors.live_version(implementation=implementation)
    if live is not None and _same(live, row):
        report.unchanged += 1
        return
    _publish(actor, implementation, row)
    report.published += 1


def _source_code(row: CleanRow, organisation: Any, level: int, item: BasicItem) -> str:
    """The source's implementation code when it is not the one Tongban composes."""
    ours = (
        compose_implementation_code(
            uscc=organisation.uscc, exercise_level=level, basic_code=item.code
        )
        + row.handling_item_code.strip().upper()
    )
    theirs = row.source_implementation_code.strip()
    return "" if theirs.upper() == ours.upper() else theirs


def _check_uniform(item: BasicItem, row: CleanRow) -> None:
    theirs = {"name": row.basic["name"], "item_type": row.basic["item_type"]}
    ours = {"name": getattr(item, "name_zh_hans", ""), "item_type": item.item_type}
    if row.basic["legal_basis"]:
        theirs["legal_basis"] = row.basic["legal_basis"]
        ours["legal_basis"] = getattr(item, "legal_basis_zh_hans", "") or ""
    for key in theirs:
        if theirs[key] != ours[key]:
            raise ValidationError(
                {
                    key: ValidationError(
                        "differs from the basic catalogue", code="uniformity_violation"
                    )
                }
            )


def _same(live: ImplementationVersion, row: CleanRow) -> bool:
    for key, value in row.version.items():
        translated = key in (
            "conditions",
            "fee_basis",
            "location",
            "hours",
            "result_name",
        )
        current = getattr(live, f"{key}_zh_hans" if translated else key, None)
        if (current or "") != (value or "") and not (current is None and value is None):
            return False
    materials = [
        (tr(m, "name"), tr(m, "name", "bo"), tr(m, "name", "en"), m.necessity, m.source)
        for m in live.materials.all()
    ]
    wanted = [
        (
            m.get("name"),
            m.get("name_bo") or "",
            m.get("name_en") or "",
            m.get("necessity", ""),
            m.get("source", ""),
        )
        for m in row.materials
    ]
    fees = [(tr(f, "name"), tr(f, "standard")) for f in live.fees.all()]
    form = [
        (f.key, tr(f, "label"), f.field_type, f.required, f.choices)
        for f in live.form_fields.all()
    ]
    return (
        materials == wanted
        and fees == [(f.get("name"), f.get("standard", "")) for f in row.fees]
        and form
        == [
            (
                f.get("key"),
                f.get("label"),
                f.get("field_type", "text"),
                f.get("required", True),
                f.get("choices", []),
            )
            for f in row.form_fields
        ]
    )


def _publish(actor: Any, implementation: Implementation, row: CleanRow) -> None:
    draft = ImplementationVersion.objects.filter(
        implementation=implementation, status="draft"
    ).first()
    if draft is None:
        draft = services.version_draft(
            actor=actor, implementation=implementation, change_summary="import"
        )
    for relation in ("materials", "fees", "form_fields"):
        for child in getattr(draft, relation).all():
            services.child_delete(actor=actor, child=child)
    services.version_update(actor=actor, version=draft, **row.version)
    for material in row.materials:
        services.child_add(actor=actor, version=draft, kind="materials", **material)
    for fee in row.fees:
        services.child_add(actor=actor, version=draft, kind="fees", **fee)
    for form_field in row.form_fields:
        services.child_add(actor=actor, version=draft, kind="form_fields", **form_field)
    services.version_submit(actor=actor, version=draft)
    services.version_approve(actor=actor, version=draft, comment="import")
    services.version_publish(
        actor=actor, version=draft, effective_from=row.effective_from
    )

"""Helpers shared by the catalogue services: translated assignment, scopes, messages."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tongban.catalog.domain.guide import Issue
from tongban.catalog.fields import translated_fields
from tongban.catalog.models import Implementation
from tongban.regions import selectors as region_selectors

LANGS = ("zh_hans", "bo", "en")

ISSUE_MESSAGES = {
    "promised_exceeds_statutory": _(
        "The promised time limit may not be longer than the statutory time limit."
    ),
    "fee_details_missing": _("An item that charges a fee needs at least one fee item."),
    "fee_incomplete": _("Each fee item needs a name and a standard."),
    "fee_basis_missing": _(
        "An item that charges a fee needs the legal basis of the fee."
    ),
    "online_url_missing": _("An item handled online needs its online address."),
    "visits_exceed_depth": _(
        "Too many visits for this online depth (depth 4: none, 3: at most one, 2: at "
        "most two)."
    ),
    "one_visit_inconsistent": _(
        "'At most one visit' is set but the number of visits is missing or above one."
    ),
    "material_source_missing": _("Material {name} needs a source."),
    "material_necessity_missing": _(
        "Material {name} needs to say whether it is required."
    ),
}
CHILD_ISSUES = frozenset(
    {
        "fee_details_missing",
        "fee_incomplete",
        "material_source_missing",
        "material_necessity_missing",
    }
)


def assign(instance: models.Model, data: Mapping[str, Any]) -> None:
    """Set fields from ``data``; a translated field ``name`` means Chinese
    (``name_zh_hans``), ``name_bo``/``name_en`` the other languages, blank translations
    stored as NULL."""
    translated = translated_fields(type(instance))
    for key, value in data.items():
        if key in translated:
            setattr(instance, f"{key}_zh_hans", value)
            instance.__dict__[key] = value  # keep the original column in step
        elif key.endswith(("_bo", "_en")) and key[:-3] in translated:
            setattr(instance, key, value or None)
        else:
            setattr(instance, key, value)


def raise_issues(issues: Iterable[Issue], names: list[str] | None = None) -> None:
    errors: dict[str, list[ValidationError]] = {}
    for issue in issues:
        key = issue.field if issue.index is None else f"{issue.field}[{issue.index}]"
        name = names[issue.index] if names and issue.index is not None else ""
        message = str(ISSUE_MESSAGES[issue.code]).format(name=name)
        errors.setdefault(key, []).append(ValidationError(message, code=issue.code))
    if errors:
        raise ValidationError(errors)


def catalogue_root_prefix() -> str:
    """The basic catalogue is region-wide (统一编制): managing it needs a scope that
    covers the province-level division."""
    root = region_selectors.division_list(level=1).first()
    return root.prefix if root else ""


def implementation_scope(implementation: Implementation) -> dict[str, str]:
    return {
        "organisation_path": implementation.organisation.path,
        "division_prefix": implementation.division.prefix,
    }

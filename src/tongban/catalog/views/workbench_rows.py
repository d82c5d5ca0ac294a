"""The child-row sections of a version's workbench page (materials, form fields, fees,
FAQ, special procedures), declared once: heading, columns and the words of the add and
edit pages, so the page, the edit form and its title never disagree on a kind."""

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tongban.catalog.models import ImplementationVersion


@dataclass(frozen=True)
class ChildKind:
    kind: str
    heading: Promise
    add: Promise
    edit: Promise
    empty: Promise
    columns: tuple[tuple[str, Promise], ...]  # (attribute or get_*_display, header)


KINDS = (
    ChildKind(
        "materials",
        _("materials"),
        _("Add a material"),
        _("Edit the material"),
        _("No materials are needed."),
        (
            ("name", _("name")),
            ("get_necessity_display", _("necessity")),
            ("get_source_display", _("source")),
        ),
    ),
    ChildKind(
        "form_fields",
        _("form fields"),
        _("Add a form field"),
        _("Edit the form field"),
        _("No form fields yet."),
        (
            ("key", _("key")),
            ("label", _("label")),
            ("get_field_type_display", _("type")),
        ),
    ),
    ChildKind(
        "fees",
        _("fees"),
        _("Add a fee item"),
        _("Edit the fee item"),
        _("No fee items yet."),
        (("name", _("fee item")), ("standard", _("fee standard"))),
    ),
    ChildKind(
        "faqs",
        _("frequently asked questions"),
        _("Add a question"),
        _("Edit the question"),
        _("No questions yet."),
        (("question", _("question")), ("answer", _("answer"))),
    ),
    ChildKind(
        "special_procedures",
        _("special procedures"),
        _("Add a special procedure"),
        _("Edit the special procedure"),
        _("No special procedures."),
        (
            ("name", _("name")),
            ("get_kind_display", _("kind")),
            ("time_limit", _("time limit")),
            ("get_unit_display", _("unit")),
        ),
    ),
)
BY_KIND = {k.kind: k for k in KINDS}


def _cell(row: Any, attribute: str) -> Any:
    value = getattr(row, attribute)
    value = value() if callable(value) else value
    return "—" if value in (None, "") else value


def sections(version: ImplementationVersion) -> list[dict[str, Any]]:
    """One section per kind, with its rows already cut into cells."""
    return [
        {
            "kind": k,
            "rows": [
                {"pk": row.pk, "cells": [_cell(row, a) for a, _h in k.columns]}
                for row in getattr(version, k.kind).all()
            ],
        }
        for k in KINDS
    ]

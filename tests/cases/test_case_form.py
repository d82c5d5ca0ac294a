"""The application form is checked against the item's typed fields."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from tongban.cases.services.submit import _form_errors


def _version(*fields: SimpleNamespace) -> SimpleNamespace:
    return SimpleNamespace(form_fields=SimpleNamespace(all=lambda: list(fields)))


def _field(
    key: str, field_type: str, required: bool = True, choices: list | None = None
) -> SimpleNamespace:  # type: ignore[type-arg]
    return SimpleNamespace(
        key=key, field_type=field_type, required=required, choices=choices or []
    )


VERSION = _version(
    _field(
        "kind", "choice", choices=[{"value": "retail", "label": "零售"}, "wholesale"]
    ),
    _field("capital", "number"),
    _field("founded", "date", required=False),
    _field("legal_rep_id", "id_number"),
)
GOOD = {
    "kind": "retail",
    "capital": "100000",
    "founded": "2020-05-01",
    "legal_rep_id": "54010219900101002X",
}


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({}, None, None),
        ({"kind": "wholesale"}, None, None),  # plain-string choices of older rows
        ({"kind": "零售"}, "form.kind", "invalid_choice"),  # the label is not the value
        ({"capital": "十万"}, "form.capital", "invalid_number"),
        ({"founded": "2020/05/01"}, "form.founded", "invalid_date"),
        ({"founded": ""}, None, None),  # optional
        ({"capital": ""}, "form.capital", "required"),
        (
            {"legal_rep_id": "540102199001010021"},
            "form.legal_rep_id",
            "resident_id_checksum",
        ),
        ({"extra": "x"}, "form.extra", "unknown_field"),
    ],
)
def test_form_rules(
    changes: dict[str, str], field: str | None, code: str | None
) -> None:
    with translation.override("en"):
        errors = _form_errors(VERSION, {**GOOD, **changes})
    if field is None:
        assert errors == {}
    else:
        assert [e.code for e in errors[field]] == [code]

"""The application form is checked against the item's typed fields."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from tongban.cases.services.form_values import TEXT_MAX_CHARS, form_check


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
    _field("company_code", "uscc", required=False),
    _field("passport", "passport", required=False),
    _field("note", "text", required=False),
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
        ({"capital": 100000}, None, None),  # a JSON number for a number field
        ({"capital": True}, "form.capital", "invalid_type"),
        ({"capital": "nan"}, "form.capital", "invalid_number"),
        ({"capital": "1" * 33}, "form.capital", "too_long"),
        ({"founded": 20200501}, "form.founded", "invalid_type"),
        ({"kind": ["retail"]}, "form.kind", "invalid_type"),
        ({"note": "长" * TEXT_MAX_CHARS}, None, None),
        ({"note": "长" * (TEXT_MAX_CHARS + 1)}, "form.note", "too_long"),
        ({"note": "a\x00b"}, "form.note", "invalid_characters"),
        ({"note": "两行\n文字"}, None, None),
        ({"legal_rep_id": " 540102 19900101002x "}, None, None),  # normalised
        ({"company_code": "11540100MB0T12340N"}, None, None),
        ({"company_code": "11540100MB0T12341N"}, "form.company_code", "uscc_checksum"),
        ({"passport": "E1234567"}, None, None),
        ({"passport": "E12-34567!"}, "form.passport", "passport_format"),
    ],
)
def test_form_rules(
    changes: dict[str, str], field: str | None, code: str | None
) -> None:
    with translation.override("en"):
        _clean, errors = form_check(VERSION, {**GOOD, **changes})
    if field is None:
        assert errors == {}
    else:
        assert [e.code for e in errors[field]] == [code]

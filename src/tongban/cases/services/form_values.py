"""Application form values: the one check for a submission, a supplement and (without the
required and format rules) a draft; and how identity numbers typed into a form are kept.

Each value must have its field's JSON type (text; a number field also takes a JSON number),
no control characters and at most the field type's length (plain text: ``TEXT_MAX_CHARS``,
a sane cap since the catalogue field carries no limit of its own). A value of an identity
kind (``IDENTITY_KINDS``) is normalised, checked (GB 11643, GB 32100, passport format) and
stored *sealed* like the applicant's own number (``Applicant.set_id_number``): Fernet token,
blind index over ``"<GA/T 2000.156 code>:<number>"`` and the mask. Nothing queries cases by
these numbers yet; the index is there so a lookup can be added (with an expression index)
without re-reading every row. Readers get masked values unless they may unmask in the
case's scope (``for_viewer``).
"""

import datetime
import math
import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tongban.core import crypto
from tongban.core.domain.identifiers import normalise, resident_id_error, uscc_error
from tongban.core.domain.masking import mask_identifier
from tongban.core.permissions import Perm, scope_for
from tongban.core.validators import RESIDENT_ID_MESSAGES, USCC_MESSAGES

TEXT_MAX_CHARS = 500
# Field type → GA/T 2000.156 document code, the prefix of the blind index (as for applicants).
IDENTITY_KINDS = {"id_number": "111", "uscc": "001", "passport": "414"}
MAX_CHARS = {
    "number": 32,
    "date": 10,
    "choice": 200,
    "id_number": 18,
    "uscc": 18,
    "passport": 20,
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab and newlines are text
_PASSPORT = re.compile(r"^[A-Z0-9]{5,20}$")

Errors = dict[str, list[ValidationError]]
Problem = tuple[Any, str]  # (message: a lazy translation or a formatted str, code)


def max_chars(field: Any) -> int:
    return MAX_CHARS.get(field.field_type, TEXT_MAX_CHARS)


def choice_label(field: Any, value: Any) -> Any:
    """What a choice field's stored value reads as in the active language (the catalogue
    keeps ``label`` in Chinese and may add ``label_bo``, ``label_en``); any other value
    as stored."""
    if field.field_type != "choice":
        return value
    language = (get_language() or "zh-hans").split("-")[0]
    for choice in field.choices:
        if isinstance(choice, Mapping) and str(choice.get("value")) == str(value):
            return choice.get(f"label_{language}") or choice.get("label") or value
    return value


def _choice_values(field: Any) -> list[str]:
    """The catalogue keeps choices as ``{"value", "label"}`` objects (older rows: plain
    strings)."""
    return [
        str(c.get("value")) if isinstance(c, dict) else str(c) for c in field.choices
    ]


def _as_text(field: Any, value: Any) -> str | None:
    """The value as text, or ``None`` when its JSON type is wrong for the field."""
    if isinstance(value, bool):  # a bool is an int in Python, never a form value
        return None
    if field.field_type == "number" and isinstance(value, int | float):
        return str(value)
    return value.strip() if isinstance(value, str) else None


def _shape_problem(field: Any, text: str) -> Problem | None:
    if _CONTROL.search(text):
        return _("Remove the control characters from this value."), "invalid_characters"
    if len(text) > max_chars(field):
        return (
            _("Enter at most {limit} characters.").format(limit=max_chars(field)),
            "too_long",
        )
    return None


def _format_problem(field: Any, text: str, today: datetime.date) -> Problem | None:
    kind = field.field_type
    if kind == "number":
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            return _("Enter a number."), "invalid_number"
    elif kind == "date":
        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            return _("Enter a date as YYYY-MM-DD."), "invalid_date"
    elif kind == "choice" and text not in _choice_values(field):
        return _("Choose one of the offered values."), "invalid_choice"
    elif kind == "id_number":
        code = resident_id_error(text, today=today)
        if code:
            return RESIDENT_ID_MESSAGES[code], f"resident_id_{code}"
    elif kind == "uscc":
        code = uscc_error(text)
        if code:
            return USCC_MESSAGES[code], f"uscc_{code}"
    elif kind == "passport" and not _PASSPORT.match(text):
        return (
            _("A passport number has 5 to 20 letters and digits."),
            "passport_format",
        )
    return None


def form_check(
    version: Any, form_data: Mapping[str, Any], *, complete: bool = True
) -> tuple[dict[str, str], Errors]:
    """The clean values (text, identity numbers normalised) and the errors by
    ``form.<key>``. ``complete=False`` (a draft) skips the required and format rules but
    keeps the type and length limits."""
    fields = list(version.form_fields.all())
    clean: dict[str, str] = {}
    errors: Errors = {}
    today = timezone.localdate()
    for field in fields:
        value = form_data.get(field.key)
        problem: Problem | None = None
        if value is None or value == "":
            if field.required and complete:
                problem = (_("This field is required."), "required")
        elif (text := _as_text(field, value)) is None:
            problem = (_("Enter this value as text."), "invalid_type")
        else:
            if field.field_type in IDENTITY_KINDS and len(text) <= TEXT_MAX_CHARS:
                text = normalise(text)
            problem = _shape_problem(field, text)
            if problem is None and complete:
                problem = _format_problem(field, text, today)
            if problem is None and text:
                clean[field.key] = text
            elif problem is None and field.required and complete:
                problem = (_("This field is required."), "required")
        if problem:
            errors[f"form.{field.key}"] = [ValidationError(problem[0], code=problem[1])]
    for key in sorted(set(form_data) - {f.key for f in fields}):
        errors[f"form.{key}"] = [
            ValidationError(_("This service has no such field."), code="unknown_field")
        ]
    return clean, errors


def is_sealed(value: Any) -> bool:
    return isinstance(value, dict) and "encrypted" in value


def seal_value(kind: str, value: str) -> dict[str, str]:
    return {
        "kind": kind,
        "encrypted": crypto.encrypt(value),
        "index": crypto.blind_index(f"{IDENTITY_KINDS[kind]}:{value}"),
        "masked": mask_identifier(value),
    }


def seal(version: Any, clean: Mapping[str, str]) -> dict[str, Any]:
    """The form as stored: identity values sealed, the rest as they are."""
    kinds = {f.key: f.field_type for f in version.form_fields.all()}
    return {
        key: seal_value(kinds[key], value)
        if kinds.get(key) in IDENTITY_KINDS
        else value
        for key, value in clean.items()
    }


def reveal(stored: Mapping[str, Any]) -> dict[str, Any]:
    """The clear values, for the services that need them (never for display)."""
    return {
        key: crypto.decrypt(value["encrypted"]) if is_sealed(value) else value
        for key, value in stored.items()
    }


def masked(stored: Mapping[str, Any]) -> dict[str, Any]:
    return {
        key: value.get("masked", "") if is_sealed(value) else value
        for key, value in stored.items()
    }


def shown_value(kind: str | None, value: str) -> str:
    """How a clear value appears in an audit row or a message: masked if an identity."""
    return mask_identifier(value) if kind in IDENTITY_KINDS else value


def may_unmask(user: Any, case: Any) -> bool:
    return scope_for(user, Perm.IDENTITY_UNMASK).covers(
        division_prefix=case.division.prefix,
        organisation_path=case.organisation.path,
    )


def for_viewer(case: Any, user: Any) -> dict[str, Any]:
    """The case's form as ``user`` may see it: clear only with ``identity.unmask`` in the
    case's scope, masked otherwise (applicants, supervisors, anonymous callers)."""
    if user is not None and may_unmask(user, case):
        return reveal(case.form_data)
    return masked(case.form_data)

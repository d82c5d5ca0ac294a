"""Codes the catalogue names but does not own: a material's e-certificate type and data
source, a version's result certificate type.

The catalogue sits below ``certificates`` and ``sharing`` (DESIGN.md) and may not import
them, yet a manager who types a code that names nothing should hear so next to the
field, not when a case fails to issue. So the owning apps register, when Django starts,
what codes exist (``reference_register`` in their ``AppConfig.ready``); the catalogue
asks the registry. A code of a kind nobody registered is accepted as typed (a deployment
without that app), so the catalogue still works alone.

Known limit: a certificate type deleted after a catalogue names it is not caught here;
issuance then refuses it (``certificate_type_unknown``) and the case keeps its result.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CERTIFICATE_TYPE = "certificate_type"
DATA_SOURCE = "data_source"
# Which catalogue field names which kind of code.
FIELD_KINDS = {
    "e_certificate_type": CERTIFICATE_TYPE,
    "result_certificate_type": CERTIFICATE_TYPE,
    "data_source": DATA_SOURCE,
}
MESSAGES = {
    CERTIFICATE_TYPE: _("There is no e-certificate type with the code {code}."),
    DATA_SOURCE: _("There is no data source with the code {code}."),
}


@dataclass(frozen=True)
class Reference:
    """``choices`` lists (code, label in the active language) of what exists now."""

    choices: Callable[[], list[tuple[str, str]]]


_REFERENCES: dict[str, Reference] = {}


def reference_register(
    kind: str, *, choices: Callable[[], list[tuple[str, str]]]
) -> None:
    _REFERENCES[kind] = Reference(choices=choices)


def reference_choices(field: str) -> list[tuple[str, str]] | None:
    """The codes a field may name, or None when no app registered its kind."""
    reference = _REFERENCES.get(FIELD_KINDS.get(field, ""))
    return reference.choices() if reference else None


def references_check(values: Iterable[tuple[str, str]]) -> None:
    """Raise a ``ValidationError`` by field for every (field, code) naming nothing."""
    errors = {}
    for field, code in values:
        known = reference_choices(field)
        if not code or known is None or code in {value for value, _label in known}:
            continue
        errors[field] = ValidationError(
            MESSAGES[FIELD_KINDS[field]].format(code=code),
            code=f"unknown_{FIELD_KINDS[field]}",
        )
    if errors:
        raise ValidationError(errors)

"""Django validators for national identifiers; messages are translated, codes are stable.

The checks themselves are in ``core.domain.identifiers`` (pure); this module only turns their
error codes into ``ValidationError`` with a message the user can act on.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.core.domain import identifiers

RESIDENT_ID_MESSAGES = {
    "length": _("A resident ID number has 18 characters."),
    "format": _("A resident ID number is 17 digits followed by a digit or X."),
    "checksum": _(
        "The check digit (last character) does not match; please re-check the number."
    ),
    "birth_date": _(
        "The birth date in this ID number (characters 7–14) is not a real date."
    ),
    "future_birth_date": _("The birth date in this ID number lies in the future."),
    "division": _("The first six digits are not a known administrative division code."),
}
USCC_MESSAGES = {
    "length": _("A unified social credit code has 18 characters."),
    "format": _(
        "A unified social credit code is 18 digits or capital letters (no I, O, Z, S, V)."
    ),
    "checksum": _(
        "The check character (last character) does not match; please re-check the code."
    ),
}


def validate_resident_id(
    value: str, *, division_known: Callable[[str], bool] | None = None
) -> None:
    error = identifiers.resident_id_error(
        value, today=timezone.localdate(), division_known=division_known
    )
    if error:
        raise ValidationError(RESIDENT_ID_MESSAGES[error], code=f"resident_id_{error}")


def validate_uscc(value: str) -> None:
    error = identifiers.uscc_error(value)
    if error:
        raise ValidationError(USCC_MESSAGES[error], code=f"uscc_{error}")

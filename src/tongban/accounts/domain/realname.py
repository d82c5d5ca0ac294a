"""What a unified identity provider (统一身份认证, OpenID Connect) vouched for, read from the
claims of a verified ID token: who (a natural person, or a legal person and the person
acting for it), which identity document it checked, and at which real-name level.

The provider's ``acr`` values differ between provinces, so the mapping to Tongban's levels
(``Assurance``) is configuration (``OIDC_ACR_LEVELS``). An ``acr`` the mapping does not know
vouches for nothing: such a login is refused rather than guessed at L1, since linking an
account by ID number is only sound when the provider checked that number.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tongban.accounts.domain.assurance import Assurance

PERSON_ID_TYPES = ("111", "414", "516", "511", "553")  # GA/T 2000.156
USCC_ID_TYPE = "001"


class ClaimsRefused(ValueError):
    """The claims cannot sign anyone in; ``code`` is stable, the caller words it."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class VouchedIdentity:
    subject: str
    applicant_type: (
        str  # "person" or "organisation" (the accounts' Applicant.Type values)
    )
    name: str
    id_type: str
    id_number: str
    level: Assurance
    phone: str = ""
    legal_representative: str = ""


def assurance_from_acr(acr: Any, levels: Mapping[str, int]) -> Assurance | None:
    """The Tongban level for the provider's ``acr``; ``None`` when it is not configured."""
    if not isinstance(acr, str) or acr not in levels:
        return None
    try:
        return Assurance(int(levels[acr]))
    except ValueError:
        return None


def _text(claims: Mapping[str, Any], name: str) -> str:
    value = claims.get(name)
    if not isinstance(value, str) or "\x00" in value:  # a NUL is never a real value
        return ""
    return value.strip()


def identity_from_claims(
    claims: Mapping[str, Any], levels: Mapping[str, int]
) -> VouchedIdentity:
    """The identity a verified ID token vouches for, or ``ClaimsRefused``."""
    subject = _text(claims, "sub")
    if not subject:
        raise ClaimsRefused("no_subject")
    level = assurance_from_acr(claims.get("acr"), levels)
    if level is None:
        raise ClaimsRefused("unknown_level")
    phone = _text(claims, "phone_number") if claims.get("phone_number_verified") else ""
    if claims.get("user_type") == "legal_person":
        uscc, org_name = _text(claims, "uscc"), _text(claims, "org_name")
        if not uscc or not org_name:
            raise ClaimsRefused("no_organisation")
        return VouchedIdentity(
            subject=subject,
            applicant_type="organisation",
            name=org_name,
            id_type=USCC_ID_TYPE,
            id_number=uscc,
            level=level,
            phone=phone,
            legal_representative=_text(claims, "legal_representative"),
        )
    id_type, id_number, name = (
        _text(claims, "id_type"),
        _text(claims, "id_number"),
        _text(claims, "name"),
    )
    if id_type not in PERSON_ID_TYPES or not id_number or not name:
        raise ClaimsRefused("no_identity_document")
    return VouchedIdentity(
        subject=subject,
        applicant_type="person",
        name=name,
        id_type=id_type,
        id_number=id_number,
        level=level,
        phone=phone,
    )

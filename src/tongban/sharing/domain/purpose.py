"""The purpose of an access (R4.3: materials are not used for unrelated purposes; DOMAIN §7:
every sharing call is logged with who, what and why).

An access states either the case it is for (``case``: the case number) or a declared
purpose (``declared``: a sentence, e.g. pre-filling an application form before the case
exists). No purpose, a blank one or one of another kind is refused before anything is
asked of a source.
"""

from dataclasses import dataclass

CASE = "case"
DECLARED = "declared"
KINDS = (CASE, DECLARED)
MAX_LENGTH = 200


@dataclass(frozen=True)
class Purpose:
    kind: str
    reference: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.reference}"


def purpose_error(purpose: Purpose | None) -> str | None:
    """A stable error code when ``purpose`` is not one an access may state."""
    if purpose is None:
        return "purpose_required"
    if purpose.kind not in KINDS:
        return "purpose_kind_unknown"
    reference = purpose.reference.strip()
    if not reference:
        return "purpose_required"
    if len(reference) > MAX_LENGTH or any(ord(c) < 32 for c in reference):
        return "purpose_invalid"
    return None

"""The identifier (GB/T 36904 as far as known): the OID arc, type code, issuer credit code,
serial, version and an ISO/IEC 7064 MOD 37,36 check character."""

import pytest

from tongban.certificates.domain.identifier import (
    IdentifierError,
    identifier_make,
    identifier_parse,
)

ISSUER = "11540100MB0T12340N"


def test_an_identifier_carries_the_arc_type_issuer_serial_version_and_check() -> None:
    text = identifier_make(type_code="yyzz", issuer=ISSUER, serial=7)
    assert text.startswith(f"1.2.156.3005.2.YYZZ.{ISSUER}.0000000007.1.")
    parsed = identifier_parse(text)
    assert (parsed.type_code, parsed.issuer, parsed.serial) == ("YYZZ", ISSUER, 7)


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.replace(".0000000007.", ".0000000008."),  # another serial
        lambda t: t.replace("YYZZ", "YYZY"),  # another type
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # another check character
    ],
)
def test_the_check_character_catches_a_changed_identifier(change) -> None:  # type: ignore[no-untyped-def]
    text = identifier_make(type_code="YYZZ", issuer=ISSUER, serial=7)
    with pytest.raises(IdentifierError):
        identifier_parse(change(text))


@pytest.mark.parametrize(
    ("type_code", "issuer", "serial"),
    [
        ("", ISSUER, 1),  # no type code
        ("YY-ZZ", ISSUER, 1),  # a separator inside the type code
        ("YYZZ", "1154", 1),  # not a credit code
        ("YYZZ", ISSUER, 0),  # serials start at 1
        ("YYZZ", ISSUER, 10**10),  # more than ten digits
    ],
)
def test_an_identifier_is_not_made_from_bad_parts(type_code, issuer, serial) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IdentifierError):
        identifier_make(type_code=type_code, issuer=issuer, serial=serial)


@pytest.mark.parametrize("text", ["", "1.2.156", "x" * 200, "1.2.156.3005.2.<script>"])
def test_anything_else_is_not_an_identifier(text: str) -> None:
    with pytest.raises(IdentifierError):
        identifier_parse(text)

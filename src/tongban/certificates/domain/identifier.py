"""The e-certificate identifier (电子证照标识), following GB/T 36904-2018 as far as known.

The standard's text was not available to us. What is followed, and from where:

- The check character is ISO/IEC 7064 MOD 37,36 (GB/T 17710), computed over the
  identifier's letters and digits without its separators — stated by secondary sources
  that quote GB/T 36904 §5; computed with ``python-stdnum``.
- The identifier is dot-separated and starts with the object identifier arc
  ``1.2.156.3005.2`` (China 1.2.156, then the e-certificate arc), followed by the
  certificate type code, the issuing body's unified social credit code (GB 32100, 18
  characters) and a serial — the layout seen in published identifiers of provincial
  e-certificate systems, not quoted from the standard.
- We add a version component (``1`` for an issued certificate; a replacement gets a new
  serial, so versions stay 1) before the check character.

Known limits: the exact widths of the type code and the serial in the standard are not
known; we allow a type code of 1–20 letters/digits and use a 10-digit serial. The parser
accepts only identifiers this module makes.
"""

import re
from dataclasses import dataclass

from stdnum.iso7064 import mod_37_36

ARC = "1.2.156.3005.2"
SERIAL_DIGITS = 10
VERSION = "1"
_PATTERN = re.compile(
    r"^1\.2\.156\.3005\.2\.(?P<type>[0-9A-Z]{1,20})\.(?P<issuer>[0-9A-Z]{18})"
    r"\.(?P<serial>[0-9]{10})\.(?P<version>[0-9]{1,3})\.(?P<check>[0-9A-Z*])$"
)


class IdentifierError(ValueError):
    """Not an identifier of this scheme, or its check character is wrong."""


@dataclass(frozen=True)
class Identifier:
    type_code: str
    issuer: str
    serial: int
    version: str = VERSION

    def body(self) -> str:
        return (
            f"{ARC}.{self.type_code}.{self.issuer}."
            f"{self.serial:0{SERIAL_DIGITS}d}.{self.version}"
        )

    def __str__(self) -> str:
        return f"{self.body()}.{check_character(self.body())}"


def _alphanumeric(text: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", text)


def check_character(body: str) -> str:
    """ISO/IEC 7064 MOD 37,36 over the letters and digits of ``body``."""
    return str(mod_37_36.calc_check_digit(_alphanumeric(body)))


def identifier_make(*, type_code: str, issuer: str, serial: int) -> str:
    type_code, issuer = type_code.upper(), issuer.upper()
    if not re.fullmatch(r"[0-9A-Z]{1,20}", type_code):
        raise IdentifierError("a type code is 1-20 letters or digits")
    if not re.fullmatch(r"[0-9A-Z]{18}", issuer):
        raise IdentifierError("the issuer is an 18-character credit code")
    if not 0 < serial < 10**SERIAL_DIGITS:
        raise IdentifierError("the serial does not fit")
    return str(Identifier(type_code=type_code, issuer=issuer, serial=serial))


def identifier_parse(text: str) -> Identifier:
    """The parts of an identifier; raises ``IdentifierError`` on any fault."""
    match = _PATTERN.fullmatch(text.strip().upper())
    if match is None:
        raise IdentifierError("not an e-certificate identifier")
    parsed = Identifier(
        type_code=match["type"],
        issuer=match["issuer"],
        serial=int(match["serial"]),
        version=match["version"],
    )
    if check_character(parsed.body()) != match["check"]:
        raise IdentifierError("the check character does not match")
    return parsed

"""Basic codes (基本编码) and implementation codes (实施编码), parsed without ever
raising.

Layout observed in real data (DOMAIN.md §15; GB/T 39554.1 itself was not available, so
this is the default of a configurable scheme, not a quotation):

    basic code (12 digits)   = source(2) + item type(2, GB/T 39046 A.1) + department(2)
                               + main item(3) + sub-item(3, 000 = none)
    implementation code (31) = USCC of the implementing body(18) + exercise level(1)
                               + basic code(12)

Real catalogues also carry local variants (letters such as ``XK00001000``, dashes such
as ``G-000007-001``, 14-digit local codes). ``parse_basic_code`` returns the segments
for the national layout and a ``local`` result for anything else that is plausibly a
code; only the caller decides whether a local code is acceptable. Dashes and spaces
around a national code (``00-01-75-004-000``) are tolerated and normalised away.
"""

import re
from dataclasses import dataclass
from enum import StrEnum

from tongban.catalog.domain.tables import ITEM_TYPES

BASIC_CODE_LENGTH = 12
IMPLEMENTATION_CODE_LENGTH = 31
MAX_CODE_LENGTH = 50  # capacity of 业务办理项编码 / 地方编码 in the exchange schema
_LOCAL_CODE = re.compile(r"^[0-9A-Z][0-9A-Z._/-]*$")
_USCC_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


class CodeLayout(StrEnum):
    NATIONAL = "national"  # the 12-digit layout above
    LOCAL = "local"  # a plausible local code kept as it is
    INVALID = "invalid"  # empty, too long or with characters no code uses


class BasicCodeError(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    CHARACTERS = "characters"
    ITEM_TYPE = "item_type"  # national layout whose type segment is not in table A.1


@dataclass(frozen=True)
class BasicCode:
    raw: str
    code: (
        str  # normalised: upper case, no spaces; dashes removed for the national layout
    )
    layout: CodeLayout
    source: str = ""
    item_type: str = ""
    department: str = ""
    main: str = ""
    sub: str = ""
    error: BasicCodeError | None = None

    @property
    def is_national(self) -> bool:
        return self.layout == CodeLayout.NATIONAL

    @property
    def is_national_catalogue(self) -> bool:
        """Source ``00``: the item comes from the national basic catalogue."""
        return self.is_national and self.source == "00"

    @property
    def has_sub_item(self) -> bool:
        return self.is_national and self.sub != "000"


def parse_basic_code(value: object) -> BasicCode:
    """Decompose a basic code; never raises, whatever ``value`` is."""
    raw = "" if value is None else str(value)
    code = "".join(raw.split()).upper()
    if not code:
        return BasicCode(raw, code, CodeLayout.INVALID, error=BasicCodeError.EMPTY)
    compact = code.replace("-", "")
    if len(compact) == BASIC_CODE_LENGTH and compact.isdigit() and compact.isascii():
        result = BasicCode(
            raw,
            compact,
            CodeLayout.NATIONAL,
            source=compact[:2],
            item_type=compact[2:4],
            department=compact[4:6],
            main=compact[6:9],
            sub=compact[9:12],
        )
        if result.item_type not in ITEM_TYPES:
            return BasicCode(**{**result.__dict__, "error": BasicCodeError.ITEM_TYPE})
        return result
    if len(code) > MAX_CODE_LENGTH:
        return BasicCode(raw, code, CodeLayout.INVALID, error=BasicCodeError.TOO_LONG)
    if not (code.isascii() and _LOCAL_CODE.match(code)):
        return BasicCode(raw, code, CodeLayout.INVALID, error=BasicCodeError.CHARACTERS)
    return BasicCode(raw, code, CodeLayout.LOCAL)


@dataclass(frozen=True)
class ImplementationCode:
    code: str
    layout: CodeLayout
    uscc: str = ""
    exercise_level: int | None = None
    basic_code: str = ""


def compose_implementation_code(
    *, uscc: str, exercise_level: int, basic_code: str
) -> str:
    """实施编码 = USCC(18) + level digit + basic code.

    A local basic code is appended as it is: the result is then a local implementation
    code, still unique per body and item."""
    basic = parse_basic_code(basic_code).code
    return f"{uscc.strip().upper()}{int(exercise_level)}{basic}"


def parse_implementation_code(value: object) -> ImplementationCode:
    """Split a 31-character national implementation code; anything else is ``local``."""
    code = "".join(("" if value is None else str(value)).split()).upper()
    if not code or len(code) > MAX_CODE_LENGTH or not code.isascii():
        return ImplementationCode(code, CodeLayout.INVALID)
    if len(code) == IMPLEMENTATION_CODE_LENGTH and _USCC_SHAPE.match(code[:18]):
        level, basic = code[18], parse_basic_code(code[19:])
        if level.isdigit() and "1" <= level <= "7" and basic.is_national:
            return ImplementationCode(
                code, CodeLayout.NATIONAL, code[:18], int(level), basic.code
            )
    if not _LOCAL_CODE.match(code):
        return ImplementationCode(code, CodeLayout.INVALID)
    return ImplementationCode(code, CodeLayout.LOCAL)

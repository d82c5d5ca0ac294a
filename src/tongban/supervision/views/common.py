"""What the supervision pages and endpoints share: reading the chosen division and
period from a query string (anything unknown means "the whole region" / "all months",
never an error page)."""

import re
from typing import Any

from tongban.regions import selectors as region_selectors

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_YEAR = re.compile(r"^\d{4}$")


def chosen_division(code: str | None) -> Any:
    code = (code or "").strip()
    if not code or not code.isdigit() or len(code) > 12:
        return None
    return region_selectors.division_get(code=code)


def chosen_months(value: str | None) -> list[str] | None:
    """``YYYY-MM`` → that month; ``YYYY`` → its twelve months; else all months."""
    value = (value or "").strip()
    if _MONTH.match(value):
        return [value]
    if _YEAR.match(value):
        return [f"{value}-{m:02d}" for m in range(1, 13)]
    return None

"""Official notices as plain data: the rules one notice must satisfy, and the import
file formats (CSV and JSON, documented in ``docs/calendars.md``).

A notice arranges one year for one scope (``national`` or a division code): days off and
make-up workdays, each with a holiday name in up to three languages. Problems are
reported as ``Problem(where, column, code, value)`` with a stable ``code``; the Django
layer turns them into translated messages. ``where`` is ``"line 7"`` for CSV (line 1 is
the header) or a JSON path such as ``notices[0].days[3]``, so every error names its row
and column.
"""

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

NATIONAL = "national"
KINDS = {"off": "off", "work": "work", "休": "off", "班": "work"}
CSV_COLUMNS = (
    "scope",
    "year",
    "number",
    "title",
    "title_bo",
    "title_en",
    "issued_on",
    "url",
    "source",
    "date",
    "kind",
    "name",
    "name_bo",
    "name_en",
)
NOTICE_FIELDS = ("year", "title", "title_bo", "title_en", "issued_on", "url", "source")
REQUIRED = ("scope", "year", "number", "title", "issued_on")
# A notice may reach into the neighbouring year's edge (e.g. a make-up Saturday on 31
# Dec before a New Year break), never further.
EDGE_DAYS = 31


@dataclass(frozen=True)
class Problem:
    where: str
    column: str
    code: str
    value: str = ""


class NoticeFileError(ValueError):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(problems)
        self.problems = list(problems)


@dataclass(frozen=True)
class DayInput:
    date: dt.date
    kind: str
    name: str
    name_bo: str = ""
    name_en: str = ""
    where: str = ""


@dataclass
class NoticeInput:
    scope: str
    year: int
    number: str
    title: str
    issued_on: dt.date
    title_bo: str = ""
    title_en: str = ""
    url: str = ""
    source: str = ""
    days: list[DayInput] = field(default_factory=list)
    where: str = ""


def day_problems(year: int, days: Sequence[DayInput]) -> list[tuple[int, str, str]]:
    """``(index, column, code)`` for each day breaking a notice's rules."""
    problems: list[tuple[int, str, str]] = []
    seen: dict[dt.date, str] = {}
    first = dt.date(year, 1, 1) - dt.timedelta(days=EDGE_DAYS)
    last = dt.date(year, 12, 31) + dt.timedelta(days=EDGE_DAYS)
    for index, day in enumerate(days):
        if day.kind not in ("off", "work"):
            problems.append((index, "kind", "calendar_day_kind"))
        if not first <= day.date <= last:
            problems.append((index, "date", "calendar_day_outside_year"))
        if day.date in seen:
            code = (
                "calendar_day_conflict"
                if seen[day.date] != day.kind
                else "calendar_day_duplicate"
            )
            problems.append((index, "date", code))
        seen.setdefault(day.date, day.kind)
        if not day.name.strip():
            problems.append((index, "name", "required"))
    return problems


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _notice(
    row: dict[str, Any], where: str, problems: list[Problem]
) -> NoticeInput | None:
    found = len(problems)
    for column in REQUIRED:
        if not _text(row.get(column)):
            problems.append(Problem(where, column, "required"))
    year = _text(row.get("year"))
    if year and not (year.isdigit() and 1949 <= int(year) <= 2100):
        problems.append(Problem(where, "year", "invalid_year", year))
    issued_on = _date(row.get("issued_on"))
    if _text(row.get("issued_on")) and issued_on is None:
        problems.append(
            Problem(where, "issued_on", "invalid_date", _text(row.get("issued_on")))
        )
    scope = _text(row.get("scope"))
    if (
        scope
        and scope.lower() != NATIONAL
        and not (scope.isdigit() and len(scope) in (6, 9, 12))
    ):
        problems.append(Problem(where, "scope", "invalid_scope", scope))
    if len(problems) > found or issued_on is None:
        return None
    return NoticeInput(
        scope=NATIONAL if scope.lower() == NATIONAL else scope,
        year=int(year),
        number=_text(row.get("number")),
        title=_text(row.get("title")),
        issued_on=issued_on,
        title_bo=_text(row.get("title_bo")),
        title_en=_text(row.get("title_en")),
        url=_text(row.get("url")),
        source=_text(row.get("source")),
        where=where,
    )


def _day(row: dict[str, Any], where: str, problems: list[Problem]) -> DayInput | None:
    found = len(problems)
    day = _date(row.get("date"))
    if day is None:
        problems.append(Problem(where, "date", "invalid_date", _text(row.get("date"))))
    kind = KINDS.get(_text(row.get("kind")).lower())
    if kind is None:
        problems.append(
            Problem(where, "kind", "calendar_day_kind", _text(row.get("kind")))
        )
    if not _text(row.get("name")):
        problems.append(Problem(where, "name", "required"))
    if len(problems) > found or day is None or kind is None:
        return None
    return DayInput(
        date=day,
        kind=kind,
        name=_text(row.get("name")),
        name_bo=_text(row.get("name_bo")),
        name_en=_text(row.get("name_en")),
        where=where,
    )


def _check_days(notices: list[NoticeInput], problems: list[Problem]) -> None:
    for notice in notices:
        for index, column, code in day_problems(notice.year, notice.days):
            day = notice.days[index]
            problems.append(Problem(day.where, column, code, str(getattr(day, column))))


def parse_csv(text: str) -> list[NoticeInput]:
    """Notices from CSV, one row per day; notice columns repeat on each row of a notice
    and a notice with no days is one row with ``date`` empty."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [
        c
        for c in ("date", "kind", "name", *REQUIRED)
        if c not in (reader.fieldnames or [])
    ]
    if missing:
        raise NoticeFileError(
            [Problem("line 1", sorted(set(missing))[0], "missing_column")]
        )
    problems: list[Problem] = []
    notices: dict[tuple[str, str], NoticeInput] = {}
    for line, row in enumerate(reader, start=2):
        where = f"line {line}"
        notice = _notice(row, where, problems)
        if notice is None:
            continue
        key = (notice.scope, notice.number)
        known = notices.setdefault(key, notice)
        for column in NOTICE_FIELDS:
            if getattr(known, column) != getattr(notice, column):
                problems.append(
                    Problem(where, column, "notice_mismatch", str(row.get(column)))
                )
        if _text(row.get("date")) or _text(row.get("kind")):
            day = _day(row, where, problems)
            if day is not None:
                known.days.append(day)
    result = list(notices.values())
    _check_days(result, problems)
    if problems:
        raise NoticeFileError(problems)
    return result


def parse_json(text: str) -> list[NoticeInput]:
    """Notices from JSON: ``{"notices": [{…notice fields…, "days": [{…}]}]}``."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise NoticeFileError(
            [Problem(f"line {error.lineno}", f"column {error.colno}", "invalid_json")]
        ) from error
    items = data.get("notices") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise NoticeFileError([Problem("$", "notices", "required")])
    problems: list[Problem] = []
    notices = []
    for i, item in enumerate(items):
        where = f"notices[{i}]"
        if not isinstance(item, dict):
            problems.append(Problem(where, "", "invalid"))
            continue
        notice = _notice(item, where, problems)
        days = item.get("days", [])
        if not isinstance(days, list):
            problems.append(Problem(where, "days", "invalid"))
            continue
        parsed = [
            _day(d if isinstance(d, dict) else {}, f"{where}.days[{j}]", problems)
            for j, d in enumerate(days)
        ]
        if notice is not None:
            notice.days = [d for d in parsed if d is not None]
            notices.append(notice)
    _check_days(notices, problems)
    if problems:
        raise NoticeFileError(problems)
    return notices


def parse(text: str, *, fmt: str) -> list[NoticeInput]:
    return parse_json(text) if fmt == "json" else parse_csv(text)

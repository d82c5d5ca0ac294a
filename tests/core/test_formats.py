"""Dates and numbers follow the language. Django ships no Tibetan formats, so without our
own module a Tibetan page fell back to the Chinese month names in the English pattern
("一月 1, 2026")."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.utils import formats, translation

CJK = re.compile(r"[\u4e00-\u9fff]")
DAY = datetime.date(2026, 1, 1)


def _date(language: str, value: datetime.date, fmt: str = "DATE_FORMAT") -> str:
    with translation.override(language):
        return Template("{{ value|date:fmt }}").render(
            Context({"value": value, "fmt": fmt})
        )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("bo", "སྤྱི་ལོ་2026 ཟླ་1 ཚེས་1"),  # year, month, day as Tibetan dates are written
        ("en", "1 January 2026"),
        ("zh-hans", "2026年1月1日"),
    ],
)
def test_the_date_format_follows_the_language(language: str, expected: str) -> None:
    assert _date(language, DAY) == expected


def test_no_tibetan_date_shows_chinese() -> None:
    moment = datetime.datetime(2026, 3, 20, 14, 5, tzinfo=datetime.UTC)
    for fmt in (
        "DATE_FORMAT",
        "DATETIME_FORMAT",
        "SHORT_DATE_FORMAT",
        "MONTH_DAY_FORMAT",
        "YEAR_MONTH_FORMAT",
        "SHORT_DATETIME_FORMAT",
    ):
        shown = _date("bo", moment, fmt)  # type: ignore[arg-type]
        assert not CJK.search(shown), (fmt, shown)


def test_numbers_are_grouped_by_language() -> None:
    with translation.override("bo"):
        assert formats.number_format(1234567.5, 1, force_grouping=True) == "1,234,567.5"
    with translation.override("en"):
        assert formats.number_format(1234567.5, 1, force_grouping=True) == "1,234,567.5"

"""The provisional base: weekends plus the statutory days of
《全国年节及纪念日放假办法》.

Used only for a year whose State Council notice is not out yet, and only when the caller
accepts a provisional result: the base has no make-up workdays (调休) and no bridging,
so it is usually *earlier* than the real schedule for a limit crossing a long break,
never a fact. The 2024 revision of the 办法 (in force 2025-01-01) gives 13 days:
元旦 1 (1 Jan), 春节 4 (除夕 to 正月初三), 清明 1, 劳动节 2 (1–2 May), 端午 1,
中秋 1, 国庆 3 (1–3 Oct).

The lunar festivals and 清明 (a solar term) move every year; their Gregorian dates for
2025–2040 are tabulated below (checked against a lunar-calendar converter and, in the
tests, against ``chinese_calendar``'s solar terms and 2025–2026 holidays). Outside the
table there is no base at all: such a year is unknown, provisional or not. Tibet's
regional holidays (藏历新年, 雪顿节) follow the Tibetan calendar and are never in the
base.
"""

import datetime as dt

# year: (除夕, 清明, 端午, 中秋)
LUNAR_AND_SOLAR_TERM_DATES: dict[int, tuple[str, str, str, str]] = {
    2025: ("2025-01-28", "2025-04-04", "2025-05-31", "2025-10-06"),
    2026: ("2026-02-16", "2026-04-05", "2026-06-19", "2026-09-25"),
    2027: ("2027-02-05", "2027-04-05", "2027-06-09", "2027-09-15"),
    2028: ("2028-01-25", "2028-04-04", "2028-05-28", "2028-10-03"),
    2029: ("2029-02-12", "2029-04-04", "2029-06-16", "2029-09-22"),
    2030: ("2030-02-02", "2030-04-05", "2030-06-05", "2030-09-12"),
    2031: ("2031-01-22", "2031-04-05", "2031-06-24", "2031-10-01"),
    2032: ("2032-02-10", "2032-04-04", "2032-06-12", "2032-09-19"),
    2033: ("2033-01-30", "2033-04-04", "2033-06-01", "2033-09-08"),
    2034: ("2034-02-18", "2034-04-05", "2034-06-20", "2034-09-27"),
    2035: ("2035-02-07", "2035-04-05", "2035-06-10", "2035-09-16"),
    2036: ("2036-01-27", "2036-04-04", "2036-05-30", "2036-10-04"),
    2037: ("2037-02-14", "2037-04-04", "2037-06-18", "2037-09-24"),
    2038: ("2038-02-03", "2038-04-05", "2038-06-07", "2038-09-13"),
    2039: ("2039-01-23", "2039-04-05", "2039-05-27", "2039-10-02"),
    2040: ("2040-02-11", "2040-04-04", "2040-06-14", "2040-09-20"),
}

# Stable keys; the Django layer translates them for display.
NEW_YEAR = "new_year"
SPRING_FESTIVAL = "spring_festival"
QINGMING = "qingming"
LABOUR_DAY = "labour_day"
DRAGON_BOAT = "dragon_boat"
MID_AUTUMN = "mid_autumn"
NATIONAL_DAY = "national_day"


def covers(year: int) -> bool:
    return year in LUNAR_AND_SOLAR_TERM_DATES


def statutory_days(year: int) -> list[tuple[dt.date, str]]:
    """``(date, holiday key)`` of the statutory days of ``year``; ``KeyError`` outside
    the table."""
    eve, qingming, dragon_boat, mid_autumn = (
        dt.date.fromisoformat(value) for value in LUNAR_AND_SOLAR_TERM_DATES[year]
    )
    days = [(dt.date(year, 1, 1), NEW_YEAR)]
    days += [(eve + dt.timedelta(days=i), SPRING_FESTIVAL) for i in range(4)]
    days += [
        (qingming, QINGMING),
        (dt.date(year, 5, 1), LABOUR_DAY),
        (dt.date(year, 5, 2), LABOUR_DAY),
        (dragon_boat, DRAGON_BOAT),
        (mid_autumn, MID_AUTUMN),
    ]
    days += [(dt.date(year, 10, d), NATIONAL_DAY) for d in (1, 2, 3)]
    # 中秋 can fall on 1–3 Oct (2028-10-03, 2031-10-01): one day off either way.
    return sorted(dict(days).items())

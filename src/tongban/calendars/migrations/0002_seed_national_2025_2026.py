"""Seed the national schedules for 2025 and 2026 (DOMAIN.md §14) and mark both years published.

The data is written out here, not imported from application code, so this migration keeps
meaning what it meant when it ran. The 2026 notice's document number was not in our sources;
it is recorded by its date of issue. Tibetan names are left to the translators (they fall back
to Chinese until entered).
"""

import datetime

from django.db import migrations

NEW_YEAR = ("元旦", "New Year's Day")
SPRING = ("春节", "Spring Festival")
QINGMING = ("清明节", "Qingming Festival")
LABOUR = ("劳动节", "Labour Day")
DRAGON = ("端午节", "Dragon Boat Festival")
MID_AUTUMN = ("中秋节", "Mid-Autumn Festival")
NATIONAL = ("国庆节", "National Day")
NATIONAL_MID_AUTUMN = ("国庆节、中秋节", "National Day and Mid-Autumn Festival")

NOTICES = [
    {
        "year": 2025,
        "number": "国办发明电〔2024〕12号",
        "title": "国务院办公厅关于2025年部分节假日安排的通知",
        "title_en": "General Office of the State Council: arrangement of certain holidays in 2025",
        "issued_on": datetime.date(2024, 11, 12),
        "off": [
            ("2025-01-01", "2025-01-01", NEW_YEAR),
            ("2025-01-28", "2025-02-04", SPRING),
            ("2025-04-04", "2025-04-06", QINGMING),
            ("2025-05-01", "2025-05-05", LABOUR),
            ("2025-05-31", "2025-06-02", DRAGON),
            ("2025-10-01", "2025-10-08", NATIONAL_MID_AUTUMN),
        ],
        "work": [
            ("2025-01-26", SPRING), ("2025-02-08", SPRING), ("2025-04-27", LABOUR),
            ("2025-09-28", NATIONAL_MID_AUTUMN), ("2025-10-11", NATIONAL_MID_AUTUMN),
        ],
    },
    {
        "year": 2026,
        "number": "国务院办公厅通知（2025-11-04）",
        "title": "国务院办公厅关于2026年部分节假日安排的通知",
        "title_en": "General Office of the State Council: arrangement of certain holidays in 2026",
        "issued_on": datetime.date(2025, 11, 4),
        "off": [
            ("2026-01-01", "2026-01-03", NEW_YEAR),
            ("2026-02-15", "2026-02-23", SPRING),
            ("2026-04-04", "2026-04-06", QINGMING),
            ("2026-05-01", "2026-05-05", LABOUR),
            ("2026-06-19", "2026-06-21", DRAGON),
            ("2026-09-25", "2026-09-27", MID_AUTUMN),
            ("2026-10-01", "2026-10-07", NATIONAL),
        ],
        "work": [
            ("2026-01-04", NEW_YEAR), ("2026-02-14", SPRING), ("2026-02-28", SPRING),
            ("2026-05-09", LABOUR), ("2026-09-20", NATIONAL), ("2026-10-10", NATIONAL),
        ],
    },
]


def _days(spec):
    for first, last, names in spec["off"]:
        day, end = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
        while day <= end:
            yield day, "off", names
            day += datetime.timedelta(days=1)
    for value, names in spec["work"]:
        yield datetime.date.fromisoformat(value), "work", names


def seed(apps, schema_editor):
    Notice = apps.get_model("calendars", "CalendarNotice")
    Day = apps.get_model("calendars", "CalendarDay")
    Year = apps.get_model("calendars", "CalendarYear")
    for spec in NOTICES:
        notice = Notice.objects.create(
            division=None, year=spec["year"], number=spec["number"], title=spec["title"],
            title_zh_hans=spec["title"], title_en=spec["title_en"], issued_on=spec["issued_on"],
        )
        Day.objects.bulk_create(
            Day(notice=notice, division=None, date=day, kind=kind, name=zh, name_zh_hans=zh,
                name_en=en)
            for day, kind, (zh, en) in _days(spec)
        )
        published = datetime.datetime.combine(spec["issued_on"], datetime.time(), datetime.UTC)
        Year.objects.create(division=None, year=spec["year"], notice=notice,
                            published_at=published)


def unseed(apps, schema_editor):
    Notice = apps.get_model("calendars", "CalendarNotice")
    Year = apps.get_model("calendars", "CalendarYear")
    numbers = [spec["number"] for spec in NOTICES]
    Year.objects.filter(division=None, notice__number__in=numbers).delete()
    Notice.objects.filter(division=None, number__in=numbers).delete()


class Migration(migrations.Migration):
    dependencies = [("calendars", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]

"""Demo calendars for ``make run``: the Tibet regional holiday notices publicly known
for 2025 and 2026 (``data/tibet_regional_2025_2026.json``).

Only what a source states is entered, each notice with its ``source`` (where it is
known from and what is not known: document numbers, the 雪顿节 arrangements and the
other prefectures' notices were not found). Entered through ``calendar_import``, so it
is idempotent and audited like any file import.
"""

import json
from pathlib import Path

from tongban.calendars import services
from tongban.calendars.domain import notices
from tongban.core.permissions import SYSTEM

DATA = Path(__file__).resolve().parent / "data" / "tibet_regional_2025_2026.json"


def load_demo_calendars() -> list[services.NoticeResult]:
    text = DATA.read_text(encoding="utf-8")
    json.loads(text)  # fail loudly on a broken data file, before parsing rows
    return services.calendar_import(actor=SYSTEM, notices=notices.parse_json(text))

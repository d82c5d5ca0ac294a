"""The region's own calendar for the rule tests: a day off the 自治区 declares for the
whole region (scope 540000), so every count below must read the region's calendar, not
only the national one. Wednesday 4 March 2026 is off; the week of the frozen Monday
2 March 2026 thus has four working days."""

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

from tongban.calendars.selectors import calendar_cache_clear

REGION_NOTICE = """scope,year,number,title,issued_on,date,kind,name
540000,2026,测试〔2026〕1号,自治区临时放假安排（测试）,2026-02-20,2026-03-04,off,自治区临时放假
"""


def import_notice(text: str) -> None:
    """Import a notice file; the compiled calendars are dropped around it because a test
    database rolled back reuses notice ids (and time is frozen), so the calendar cache
    key of an earlier test could match."""
    calendar_cache_clear()
    with tempfile.TemporaryDirectory() as folder:
        notice = Path(folder) / "notice.csv"
        notice.write_text(text, encoding="utf-8")
        call_command("calendar", "import", str(notice))
    calendar_cache_clear()


@pytest.fixture
def region_day_off(db: None) -> Iterator[None]:
    import_notice(REGION_NOTICE)
    yield
    calendar_cache_clear()


def submit_to(client, version, key: str, *, skip: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    """Submit to ``version`` with every required material the applicant brings attached
    (except those named in ``skip``); returns the response."""
    from tests.cases.conftest import GOOD_FORM, pdf

    payload = {
        "implementation_code": version.implementation.code,
        "client_key": key,
        "form": GOOD_FORM,
    }
    for material in version.materials.all():
        brings = material.source in ("", "applicant", "issuing_body")
        if material.necessity == "required" and brings and material.name not in skip:
            payload[f"material_{material.pk}"] = pdf()
    return client.post("/api/v1/public/cases/", payload, format="multipart")

"""``tongban calendar import`` refusals found with real data: every problem is answered
by the file's row and column, never a traceback, and nothing is imported."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.calendars.conftest import d
from tongban.calendars import selectors
from tongban.calendars.models import CalendarNotice
from tongban.core.permissions import SYSTEM
from tongban.regions.models import Division
from tongban.regions.selectors import division_get
from tongban.regions.services import division_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def notice(number: str, *dates: str, scope: str = "540200", year: int = 2026):
    return {
        "scope": scope,
        "year": year,
        "number": number,
        "title": "通知",
        "issued_on": "2026-01-22",
        "days": [{"date": day, "kind": "off", "name": "藏历新年"} for day in dates],
    }


def run(tmp_path: Path, *notices: dict) -> str:
    path = tmp_path / "notices.json"
    path.write_text(json.dumps({"notices": list(notices)}), encoding="utf-8")
    out = StringIO()
    call_command("calendar", "import", str(path), stdout=out)
    return out.getvalue()


def due(code: str, start: str, n: int):
    division = division_get(code=code)
    return selectors.calendar_deadline(division=division, start=d(start), days=n).due


def test_a_date_claimed_by_another_notice_is_named_by_row_and_column(tmp_path):
    run(tmp_path, notice("N1", "2026-02-24"))
    with pytest.raises(CommandError) as caught:
        run(tmp_path, notice("N2", "2026-02-25", "2026-02-24"))
    assert "notices[0].days[1], column date: Another notice" in str(caught.value)
    assert "N1" in str(caught.value)
    assert not CalendarNotice.objects.filter(number="N2").exists()


def test_a_changed_year_is_named_by_row_and_column(tmp_path):
    run(tmp_path, notice("N1", "2026-02-24"))
    with pytest.raises(CommandError) as caught:
        run(tmp_path, notice("N1", "2025-02-28", year=2025))
    assert "notices[0], column year: This notice was entered for 2026" in str(
        caught.value
    )


def test_a_township_scope_is_named_by_row_and_column(tmp_path):
    township = division_create(actor=SYSTEM, code="540102001", name="八廓街道")
    assert township.level > Division.Level.COUNTY
    code = township.code
    with pytest.raises(CommandError) as caught:
        run(tmp_path, notice("N1", "2026-02-24", scope=code))
    assert "notices[0], column scope: Calendars are kept for" in str(caught.value)


def test_two_copies_of_one_notice_in_a_file_are_refused(tmp_path):
    with pytest.raises(CommandError) as caught:
        run(tmp_path, notice("N1", "2026-02-24"), notice("N1", "2026-02-25"))
    assert "notices[1], column number: " in str(caught.value)
    assert not CalendarNotice.objects.filter(number="N1").exists()


def test_every_problem_of_a_file_is_reported_and_nothing_is_imported(tmp_path):
    run(tmp_path, notice("N1", "2026-02-24"))
    with pytest.raises(CommandError) as caught:
        run(
            tmp_path,
            notice("N2", "2026-08-13"),  # fine on its own
            notice("N3", "2026-02-24"),  # taken by N1
            notice("N1", "2025-02-28", year=2025),  # year changed
        )
    report = str(caught.value)
    assert "nothing imported" in report
    assert "notices[1].days[0], column date" in report
    assert "notices[2], column year" in report
    assert not CalendarNotice.objects.filter(number="N2").exists()
    assert due("540200", "2026-08-12", 1) == d("2026-08-13")

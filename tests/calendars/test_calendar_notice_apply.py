"""Entering holiday notices: file import, idempotence, inheritance, refusals, and the
recompute hooks that carry a change to running deadlines."""

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from tests.calendars.conftest import d
from tongban.accounts.domain.roles import Role
from tongban.calendars import hooks, selectors, services
from tongban.calendars.domain.notices import DayInput
from tongban.calendars.errors import CalendarYearUnpublished
from tongban.core.models import AuditEvent
from tongban.core.permissions import SYSTEM
from tongban.regions.selectors import division_get

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
LHASA_CSV = EXAMPLES / "calendar-lhasa-2026.csv"
XIGAZE_JSON = EXAMPLES / "calendar-xigaze-2026.json"


def due(code: str, start: str, n: int) -> dt.date:
    division = division_get(code=code)
    return selectors.calendar_deadline(division=division, start=d(start), days=n).due


def run_import(path: Path) -> str:
    out = StringIO()
    call_command("calendar", "import", str(path), stdout=out)
    return out.getvalue()


def apply(division_code: str | None, number: str, days: list[DayInput], **extra):
    division = division_get(code=division_code) if division_code else None
    fields = {"year": 2026, "title": "通知", "issued_on": d("2026-01-05")} | extra
    return services.calendar_notice_apply(
        actor=fields.pop("actor", SYSTEM),
        division=division,
        number=number,
        days=days,
        **fields,
    )


def test_a_prefecture_notice_imported_by_file_changes_its_deadlines_only():
    assert due("540100", "2026-02-12", 3) == d("2026-02-24")
    run_import(LHASA_CSV)
    assert due("540100", "2026-02-12", 3) == d("2026-02-27")  # 藏历新年 2/24–2/26
    assert due("540102", "2026-02-12", 3) == d("2026-02-27")  # 城关区 inherits 拉萨
    assert due("540200", "2026-02-12", 3) == d("2026-02-24")  # 日喀则 untouched


def test_importing_the_same_file_again_changes_nothing():
    run_import(LHASA_CSV)
    audit_rows = AuditEvent.objects.count()
    output = run_import(LHASA_CSV)
    assert "unchanged, 0 day(s) changed" in output
    assert AuditEvent.objects.count() == audit_rows


def test_a_json_file_is_imported_like_a_csv_file():
    output = run_import(XIGAZE_JSON)
    assert "540200 示例-日政办〔2026〕2号: created" in output
    assert due("540200", "2026-02-12", 3) == d("2026-02-26")  # 3/1 make-up not reached


def test_a_malformed_file_is_refused_naming_row_and_column(tmp_path):
    bad = tmp_path / "bad.csv"
    text = LHASA_CSV.read_text(encoding="utf-8").splitlines()
    text[2] = text[2].replace("2026-02-25", "2026-02-30")
    bad.write_text("\n".join(text), encoding="utf-8")
    with pytest.raises(CommandError, match=r"line 3, column date: Not a date"):
        run_import(bad)
    assert due("540100", "2026-02-12", 3) == d("2026-02-24")  # nothing imported


def test_an_unknown_division_in_a_file_is_named_with_its_row(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(XIGAZE_JSON.read_text(encoding="utf-8").replace("540200", "549900"))
    with pytest.raises(CommandError, match=r"notices\[0\], column scope"):
        run_import(bad)


def test_a_file_marking_one_date_both_off_and_working_is_refused(tmp_path):
    bad = tmp_path / "bad.csv"
    text = LHASA_CSV.read_text(encoding="utf-8").splitlines()
    text.append(text[1].replace(",off,", ",work,"))
    bad.write_text("\n".join(text), encoding="utf-8")
    with pytest.raises(CommandError, match=r"line 8, column date: .*both"):
        run_import(bad)


def test_a_notice_marking_one_date_both_off_and_working_is_refused():
    days = [
        DayInput(d("2026-08-13"), "off", "雪顿节"),
        DayInput(d("2026-08-13"), "work", "x"),
    ]
    with pytest.raises(ValidationError) as caught:
        apply("540100", "N1", days)
    assert caught.value.error_dict["days[1].date"][0].code == "calendar_day_conflict"


def test_a_date_arranged_by_another_notice_of_the_same_region_is_refused():
    apply("540100", "N1", [DayInput(d("2026-08-13"), "off", "雪顿节")])
    with pytest.raises(ValidationError) as caught:
        apply("540100", "N2", [DayInput(d("2026-08-13"), "off", "雪顿节")])
    assert caught.value.error_dict["days[0].date"][0].code == "calendar_day_taken"


def test_a_county_overrides_its_prefecture_for_a_day():
    run_import(LHASA_CSV)
    apply("540102", "城关-1", [DayInput(d("2026-02-24"), "work", "藏历新年")])
    assert due("540102", "2026-02-12", 3) == d("2026-02-24")
    assert due("540100", "2026-02-12", 3) == d("2026-02-27")


def test_a_region_that_publishes_its_own_notices_needs_one_each_year():
    apply(None, "国办-2027", [DayInput(d("2027-01-01"), "off", "元旦")], year=2027)
    run_import(LHASA_CSV)
    with pytest.raises(CalendarYearUnpublished):
        due("540100", "2026-12-25", 10)  # 拉萨 has not published 2027
    assert due("540200", "2026-12-25", 10) == d("2027-01-11")  # 日喀则 inherits


def test_staff_may_enter_notices_only_for_their_region(make_staff):
    xigaze_admin = make_staff(
        "xigaze.admin", Role.PLATFORM_ADMIN, division_code="540200"
    )
    clerk = make_staff("clerk", Role.COUNTER_CLERK, division_code="540100")
    day = [DayInput(d("2026-08-13"), "off", "雪顿节")]
    apply("540200", "日-1", day, actor=xigaze_admin)
    for actor, code in (
        (xigaze_admin, "540100"),
        (xigaze_admin, None),
        (clerk, "540100"),
    ):
        with pytest.raises(PermissionDenied):
            apply(code, "X-1", day, actor=actor)


class Recorder:
    def __init__(self) -> None:
        self.changes: list[hooks.CalendarChange] = []

    def __call__(self, change: hooks.CalendarChange, actor: object) -> int:
        self.changes.append(change)
        return 2


@pytest.fixture
def recorder():
    hook = Recorder()
    hooks.register("test", hook)
    yield hook
    hooks.unregister("test")


def test_editing_a_notice_reports_the_changed_days_to_the_recompute_hooks(recorder):
    first = apply("540100", "N1", [DayInput(d("2026-08-13"), "off", "雪顿节")])
    assert first.change.newly_published
    assert first.recomputed["test"] == 2
    added = DayInput(d("2026-08-14"), "off", "雪顿节")
    result = apply("540100", "N1", [DayInput(d("2026-08-13"), "off", "雪顿节"), added])
    change = recorder.changes[-1]
    assert (change.division_prefix, change.dates) == ("5401", (d("2026-08-14"),))
    assert not change.newly_published
    assert result.recomputed_total == 2
    audit = AuditEvent.objects.filter(action="calendar.notice_update").get()
    assert audit.changes["recomputed"]["test"] == 2
    assert audit.changes["days"] == {
        "2026-08-14": [None, ["off", "雪顿节", None, None]]
    }


def test_renaming_a_holiday_changes_no_deadline(recorder):
    apply("540100", "N1", [DayInput(d("2026-08-13"), "off", "雪顿节")])
    result = apply("540100", "N1", [DayInput(d("2026-08-13"), "off", "雪顿节（拉萨）")])
    assert result.changed
    assert result.change is None
    assert len(recorder.changes) == 1


def test_a_failing_hook_rolls_the_notice_back():
    def broken(change: hooks.CalendarChange, actor: object) -> int:
        raise RuntimeError("cases could not be recomputed")

    hooks.register("broken", broken)
    try:
        with pytest.raises(RuntimeError):
            run_import(LHASA_CSV)
    finally:
        hooks.unregister("broken")
    assert due("540100", "2026-02-12", 3) == d("2026-02-24")

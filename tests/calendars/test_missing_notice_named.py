"""A deadline refused for an unpublished year names the scope whose notice is missing
(e.g. the prefecture), not the division that was asked about; the calendar page says
the same, and says for which scopes no notice of the year is known."""

import pytest
from django.core.management import call_command

from tests.calendars.conftest import d
from tests.calendars.test_calendar_notice_apply import LHASA_CSV, apply
from tongban.calendars import selectors
from tongban.calendars.domain.notices import DayInput
from tongban.calendars.errors import CalendarYearUnpublished
from tongban.regions.selectors import division_get

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def refusal(code: str, start: str, n: int) -> CalendarYearUnpublished:
    with pytest.raises(CalendarYearUnpublished) as caught:
        selectors.calendar_deadline(
            division=division_get(code=code), start=d(start), days=n
        )
    return caught.value


def test_a_missing_prefecture_notice_is_named_for_its_county():
    apply(None, "国办-2027", [DayInput(d("2027-01-01"), "off", "元旦")], year=2027)
    call_command("calendar", "import", str(LHASA_CSV), stdout=None)
    error = refusal("540102", "2026-12-25", 10)  # 城关区, inside 拉萨市
    assert error.scope_code == "540100"
    assert "Lhasa City" in error.detail
    assert "Chengguan District" in error.detail


def test_a_missing_national_notice_is_named_as_national():
    error = refusal("540102", "2026-12-25", 10)
    assert error.scope_code == "national"
    assert "national calendar" in error.detail


def test_the_page_names_the_scope_whose_notice_is_missing(client):
    apply(None, "国办-2027", [DayInput(d("2027-01-01"), "off", "元旦")], year=2027)
    call_command("calendar", "import", str(LHASA_CSV), stdout=None)
    html = client.get("/calendars/540102/2027/", HTTP_ACCEPT_LANGUAGE="en")
    text = html.content.decode()
    assert 'class="cal-unpublished"' in text
    assert (
        "Lhasa City" in text.split('class="cal-unpublished"', 1)[1].split("</p>", 1)[0]
    )


def test_the_page_says_where_no_regional_notice_is_known(client):
    html = client.get("/calendars/540102/2026/", HTTP_ACCEPT_LANGUAGE="en")
    text = html.content.decode()
    notes = text.split('class="cal-scopes"', 1)[1].split("</ul>", 1)[0]
    region = notes.split("Xizang", 1)[1].split("</li>", 1)[0]
    assert "No notice of its own is known for 2026" in region
    call_command("calendar", "import", str(LHASA_CSV), stdout=None)
    text = client.get("/calendars/540102/2026/", HTTP_ACCEPT_LANGUAGE="en")
    notes = text.content.decode().split('class="cal-scopes"', 1)[1].split("</ul>")[0]
    lhasa = notes.split("Lhasa City", 1)[1].split("</li>", 1)[0]
    assert "示例-拉政办〔2026〕1号" in lhasa

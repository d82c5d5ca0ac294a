"""The demo carries the Tibet regional notices publicly known for 2025 and 2026, each
with its source, and the calendar page says which regional holidays are not known."""

import pytest

from tests.calendars.conftest import d
from tongban.calendars import selectors
from tongban.calendars.demo import load_demo_calendars
from tongban.calendars.models import CalendarNotice
from tongban.regions.selectors import division_get

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def due(code: str, start: str, n: int):
    division = division_get(code=code)
    return selectors.calendar_deadline(division=division, start=d(start), days=n).due


def test_the_known_notices_are_loaded_each_with_its_source():
    load_demo_calendars()
    notices = CalendarNotice.objects.filter(division__code="540100")
    assert sorted(notices.values_list("year", flat=True)) == [2025, 2026]
    assert all(notice.source for notice in notices)
    assert due("540100", "2025-02-26", 1) == d("2025-03-05")  # 藏历新年 2/27–3/4
    assert due("540100", "2026-02-13", 1) == d("2026-02-14")  # make-up Saturday
    assert due("540100", "2026-02-14", 1) == d("2026-02-27")  # 2/15–2/26 off
    assert due("540200", "2026-02-14", 1) == d("2026-02-24")  # 日喀则: national only


def test_loading_them_again_changes_nothing():
    load_demo_calendars()
    assert not any(result.changed for result in load_demo_calendars())


def test_the_page_shows_the_source_and_says_shoton_is_not_known(client):
    load_demo_calendars()
    html = client.get("/calendars/540102/2025/", HTTP_ACCEPT_LANGUAGE="en")
    text = html.content.decode()
    regional = text.split('class="cal-regional"', 1)[1].split("</ul>", 1)[0]
    losar, shoton = regional.split("</li>")[:2]
    assert "Lhasa City" in losar
    assert "No arrangement is known for 2025" in shoton
    assert "中国新闻网" in text  # the source note of the notice

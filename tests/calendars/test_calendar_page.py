"""The public calendar page of a region and year."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.calendars.test_calendar_notice_apply import LHASA_CSV

pytestmark = pytest.mark.django_db


def test_the_year_page_marks_days_off_and_make_up_workdays(client):
    response = client.get("/calendars/540100/2026/")
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r'<td class="work"', html)) == 6
    assert len(re.findall(r'<td class="off"', html)) == 33
    assert "春节" in html
    assert "国务院办公厅关于2026年部分节假日安排的通知" in html


def test_a_prefecture_notice_appears_on_its_page_only(client):
    call_command("calendar", "import", str(LHASA_CSV), stdout=None)
    assert "藏历新年" in client.get("/calendars/540100/2026/").content.decode()
    xigaze = client.get("/calendars/540200/2026/").content.decode()
    months = xigaze.split('class="cal-months"', 1)[1]
    assert "藏历新年" not in months  # no day of 日喀则 is 藏历新年 …
    regional = xigaze.split('class="cal-regional"', 1)[1].split("</ul>", 1)[0]
    assert (
        "未知" in regional.split("藏历新年", 1)[1]
    )  # … and the page says it is not known


def test_the_page_follows_the_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/calendars/national/2026/")
    assert "Spring Festival" in response.content.decode()


def test_an_unpublished_year_says_so_instead_of_guessing(client):
    response = client.get("/calendars/540100/2027/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="cal-unpublished"' in html
    assert "<table" not in html


@pytest.mark.parametrize("url", ["/calendars/549900/2026/", "/calendars/540100/1900/"])
def test_an_unknown_region_or_year_is_not_found(client, url):
    assert client.get(url).status_code == 404

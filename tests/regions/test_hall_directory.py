"""The public hall finder lists every active hall with its address and its opening hours,
weekdays named in the visitor's language (never 0–6 or 1–7)."""

from typing import Any

import pytest
from django.conf import settings
from django.test import Client


@pytest.fixture
def listed(halls: dict[str, Any]) -> dict[str, Any]:
    hall = halls["lhasa"]
    hall.address_zh_hans = "拉萨市城关区金珠西路"
    hall.save(update_fields=["address_zh_hans"])
    return halls


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "monday"), [("zh-hans", "星期一"), ("bo", "གཟའ་ཟླ་བ"), ("en", "Monday")]
)
def test_halls_show_address_and_named_weekdays(
    client: Client, listed: dict[str, Any], language: str, monday: str
) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get("/halls/").content.decode()
    assert "拉萨市城关区金珠西路" in page
    assert f'<span class="day">{monday}</span> 09:30–13:00, 15:30–18:00' in page


@pytest.mark.django_db
def test_halls_can_be_narrowed_to_a_prefecture(
    client: Client, listed: dict[str, Any]
) -> None:
    page = client.get("/halls/", {"division": "540200"}).content.decode()
    assert "xigaze 大厅" in page
    assert "lhasa 大厅" not in page


@pytest.mark.django_db
def test_an_unknown_prefecture_lists_all_halls(
    client: Client, listed: dict[str, Any]
) -> None:
    page = client.get("/halls/", {"division": "nonsense"}).content.decode()
    assert "xigaze 大厅" in page
    assert "lhasa 大厅" in page

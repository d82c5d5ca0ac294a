"""Other systems read every transition of their region, in order, with a token."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
FEED = "/api/v1/exchange/case-events"


@pytest.fixture
def token(make_staff, capsys) -> str:  # type: ignore[no-untyped-def]
    make_staff("provincial.platform", "exchange_client", division_code="540100")
    call_command("exchange_token", "provincial.platform")
    return capsys.readouterr().out.strip()


def test_a_system_reads_the_events_of_its_region_in_order(submit, act, token) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    act("clerk", uuid, "accept")
    client = APIClient()
    assert client.get(FEED).status_code in (401, 403)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    body = client.get(FEED).json()
    assert [e["event"] for e in body["events"]] == ["submit", "accept"]
    assert body["events"][1]["to_state"] == "accepted"
    following = client.get(FEED, {"after": body["next_after"]}).json()
    assert following["events"] == []
    assert following["next_after"] == body["next_after"]


def test_a_system_of_another_region_sees_nothing(submit, make_staff, capsys) -> None:  # type: ignore[no-untyped-def]
    submit()
    make_staff("xigaze.system", "exchange_client", division_code="540200")
    call_command("exchange_token", "xigaze.system")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {capsys.readouterr().out.strip()}")
    assert client.get(FEED).json()["events"] == []


def test_the_feed_carries_the_channel_code(submit, token) -> None:  # type: ignore[no-untyped-def]
    submit()  # online, from a computer: 申报来源 2 (GB/T 39046 A.5)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(FEED).json()["events"][0]["application_channel"] == "2"

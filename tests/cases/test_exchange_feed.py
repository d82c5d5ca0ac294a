"""Other systems read every transition of their region, in order, as OAuth2 clients."""

import pytest
from rest_framework.test import APIClient

from tests.client_systems import bearer, client_system
from tests.conftest import PASSWORD
from tongban.accounts.models import User

pytestmark = pytest.mark.django_db
FEED = "/api/v1/exchange/case-events"
SCOPE = "exchange.case_events.read"


@pytest.fixture
def platform(make_staff, capsys) -> APIClient:  # type: ignore[no-untyped-def]
    make_staff("provincial.platform", "exchange_client", division_code="540100")
    return bearer(*client_system(capsys, "provincial.platform", SCOPE))


def test_a_system_reads_the_events_of_its_region_in_order(
    submit, act, platform
) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    act("clerk", uuid, "accept")
    assert APIClient().get(FEED).status_code in (401, 403)
    body = platform.get(FEED).json()
    assert [e["event"] for e in body["events"]] == ["submit", "accept"]
    assert body["events"][1]["to_state"] == "accepted"
    following = platform.get(FEED, {"after": body["next_after"]}).json()
    assert following["events"] == []
    assert following["next_after"] == body["next_after"]


def test_a_system_of_another_region_sees_nothing(submit, make_staff, capsys) -> None:  # type: ignore[no-untyped-def]
    submit()
    make_staff("xigaze.system", "exchange_client", division_code="540200")
    xigaze = bearer(*client_system(capsys, "xigaze.system", SCOPE))
    assert xigaze.get(FEED).json()["events"] == []


def test_the_exchange_account_cannot_log_in_to_pages(platform, client) -> None:  # type: ignore[no-untyped-def]
    for url in ("/workbench/login/", "/admin/login/"):
        response = client.post(
            url, {"username": "provincial.platform", "password": PASSWORD}
        )
        assert response.status_code == 200, url  # the form again, not in
    assert client.get("/workbench/").status_code == 302


def test_the_exchange_account_cannot_read_cases_through_the_internal_api(
    submit, platform
) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    system = User.objects.get(username="provincial.platform")
    by_session = APIClient()
    by_session.force_authenticate(system)
    for api in (platform, by_session):
        for url in ("/api/v1/internal/cases/", f"/api/v1/internal/cases/{uuid}/"):
            assert api.get(url).status_code in (401, 403), url


def test_the_feed_carries_the_channel_code(submit, platform) -> None:  # type: ignore[no-untyped-def]
    submit()  # online, from a computer: 申报来源 2 (GB/T 39046 A.5)
    assert platform.get(FEED).json()["events"][0]["application_channel"] == "2"

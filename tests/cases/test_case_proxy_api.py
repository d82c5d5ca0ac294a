"""The 代收代办 endpoints: each side reads the record of a case it took in or handles and
fires only its own courier legs, as on the pages."""

from typing import Any

import pytest
from rest_framework.test import APIClient

from tongban.cases.services.transition import case_transition

pytestmark = pytest.mark.django_db

EMS = {"courier": "中国邮政EMS", "tracking_number": "EA123456789CN"}


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _url(case: Any, action: str = "") -> str:
    base = f"/api/v1/internal/cases/{case.uuid}/proxy"
    return f"{base}/{action}" if action else base


def test_each_side_fires_its_own_courier_legs_through_the_api(
    taken_in: Any, people: dict[str, Any]
) -> None:
    lhasa, xigaze = _client(people["clerk"]), _client(people["xigaze_officer"])
    seen = lhasa.get(_url(taken_in)).json()
    assert (seen["state"], seen["actions"]) == ("received", ["dispatch-originals"])
    sent = lhasa.post(_url(taken_in, "dispatch-originals"), EMS, format="json")
    assert sent.status_code == 200
    assert sent.json()["originals_tracking"] == "EA123456789CN"
    assert xigaze.get(_url(taken_in)).json()["originals_tracking"] == "EA123456789CN"
    refused = lhasa.post(_url(taken_in, "receive-originals"), {}, format="json")
    assert refused.status_code == 403
    received = xigaze.post(_url(taken_in, "receive-originals"), {}, format="json")
    assert received.json()["state"] == "originals_received"
    assert [e["event"] for e in received.json()["events"]] == [
        "dispatch_originals",
        "receive_originals",
    ]


def test_the_return_of_refused_originals_goes_through_the_api(
    taken_in: Any, people: dict[str, Any]
) -> None:
    lhasa, xigaze = _client(people["clerk"]), _client(people["xigaze_officer"])
    lhasa.post(_url(taken_in, "dispatch-originals"), EMS, format="json")
    xigaze.post(_url(taken_in, "receive-originals"), {}, format="json")
    case_transition(
        case=taken_in,
        event="refuse",
        actor=people["xigaze_clerk"],
        data={"reasons": "不属于本机关职权范围"},
    )
    back = {"courier": "顺丰速运", "tracking_number": "SF1234567890"}
    returned = xigaze.post(_url(taken_in, "return-originals"), back, format="json")
    assert returned.status_code == 200
    assert lhasa.get(_url(taken_in)).json()["return_tracking"] == "SF1234567890"
    arrived = lhasa.post(_url(taken_in, "receive-returned"), {}, format="json")
    assert arrived.json()["state"] == "originals_back"


@pytest.mark.parametrize(
    "body",
    [
        {"courier": "EMS"},
        {"courier": "EMS", "tracking_number": "<script>"},
        {"courier": "", "tracking_number": "EA123456789CN"},
        {"courier": "EMS", "tracking_number": "EA123456789CN", "extra": 1},
    ],
)
def test_a_bad_courier_body_is_a_clear_problem(
    taken_in: Any, people: dict[str, Any], body: dict[str, Any]
) -> None:
    response = _client(people["clerk"]).post(
        _url(taken_in, "dispatch-originals"), body, format="json"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert taken_in.proxy.state == "received"


def test_a_hall_that_did_not_take_the_case_in_does_not_find_it(
    taken_in: Any, people: dict[str, Any], make_staff: Any
) -> None:
    from tongban.accounts.domain.roles import Role

    nagqu = make_staff("nagqu_clerk", Role.COUNTER_CLERK, division_code="540600")
    client = _client(nagqu)
    assert client.get(_url(taken_in)).status_code == 404
    posted = client.post(_url(taken_in, "dispatch-originals"), EMS, format="json")
    assert posted.status_code == 404


def test_an_applicant_cannot_use_the_staff_endpoints(
    taken_in: Any, applicant_api: APIClient
) -> None:
    assert applicant_api.get(_url(taken_in)).status_code == 403

"""代收代办: the result and the paper originals follow the applicant's choice at intake.
By post, the handling organisation posts them to the address with the courier's
tracking number, which both sides see; collected at the handling organisation or at the
receiving hall, they are handed over in person there. A denial goes the same way as a
result would; a refusal (nothing decided) still sends the originals back to the hall
that took them in."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from tests.cases.crossregion import decided_and_closed, take_in
from tests.cases.test_case_crossregion_returns import (
    BACK,
    _denied_and_closed,
    _originals_at_xigaze,
    _refused,
)
from tongban.cases.services.crossregion import proxy_actions_for, proxy_transition
from tongban.cases.services.transition import case_transition

pytestmark = pytest.mark.django_db
ADDRESS = "拉萨市城关区北京中路8号"
POSTED = {"method": "post", "reference": "EA555666777CN"}


@pytest.fixture
def by_post(
    people: dict[str, Any], halls: dict[str, Any], xigaze_item: Any, applicant: Any
) -> Any:
    return take_in(
        people["clerk"],
        halls["lhasa"],
        xigaze_item,
        applicant,
        delivery="post",
        delivery_address=ADDRESS,
    )


def _deliver_refused(case: Any, actor: Any, data: dict[str, str]) -> set[str]:
    with pytest.raises(ValidationError) as refused:
        case_transition(case=case, event="deliver", actor=actor, data=data)
    return {e.code for errors in refused.value.error_dict.values() for e in errors}


def test_a_result_chosen_by_post_is_posted_with_a_tracking_number_both_sides_see(
    by_post: Any, people: dict[str, Any]
) -> None:
    _originals_at_xigaze(by_post, people)
    case = decided_and_closed(by_post, people)
    xigaze = people["xigaze_officer"]
    assert _deliver_refused(case, xigaze, {"method": "pickup"}) == {
        "delivery_not_as_chosen"
    }
    assert _deliver_refused(case, xigaze, {"method": "post"}) == {"required"}
    case = case_transition(case=case, event="deliver", actor=xigaze, data=POSTED)
    assert (case.state, case.delivery_reference) == ("delivered", "EA555666777CN")
    page = Client()
    page.force_login(people["clerk"])  # the receiving hall, asked by the applicant
    body = page.get(f"/workbench/crossregion/{case.uuid}/").content.decode()
    assert "EA555666777CN" in body
    assert ADDRESS in body
    api = APIClient()
    api.force_authenticate(xigaze)
    record = api.get(f"/api/v1/internal/cases/{case.uuid}/proxy").json()
    assert (record["result_delivery_method"], record["result_delivery_reference"]) == (
        "post",
        "EA555666777CN",
    )


def test_a_result_collected_at_the_handling_organisation_is_handed_over_there(
    people: dict[str, Any], halls: dict[str, Any], xigaze_item: Any, applicant: Any
) -> None:
    case = take_in(
        people["clerk"], halls["lhasa"], xigaze_item, applicant, delivery="handling_org"
    )
    case = decided_and_closed(case, people)
    xigaze = people["xigaze_officer"]
    assert _deliver_refused(case, xigaze, POSTED) == {"delivery_not_as_chosen"}
    case = case_transition(
        case=case, event="deliver", actor=xigaze, data={"method": "pickup"}
    )
    assert case.delivery_method == "pickup"


def test_the_receiving_hall_hands_the_result_over_in_person(
    taken_in: Any, people: dict[str, Any]
) -> None:
    intake = _originals_at_xigaze(taken_in, people)
    case = decided_and_closed(taken_in, people)
    intake = proxy_transition(
        intake=intake, event="send_result", actor=people["xigaze_officer"], data=BACK
    )
    proxy_transition(intake=intake, event="receive_result", actor=people["clerk"])
    assert _deliver_refused(case, people["clerk"], POSTED) == {"delivery_not_as_chosen"}


def test_a_denial_to_be_posted_goes_to_the_address_not_back_to_the_hall(
    by_post: Any, people: dict[str, Any]
) -> None:
    intake = _originals_at_xigaze(by_post, people)
    case = _denied_and_closed(by_post, people)
    xigaze = people["xigaze_officer"]
    intake.refresh_from_db()
    assert "return_originals" not in [
        a.event for a in proxy_actions_for(intake, xigaze)
    ]
    with pytest.raises(ValidationError) as back:
        proxy_transition(
            intake=intake, event="return_originals", actor=xigaze, data=BACK
        )
    codes = {e.code for e in back.value.error_dict["non_field_errors"]}
    assert codes == {"delivery_elsewhere"}
    case = case_transition(case=case, event="deliver", actor=xigaze, data=POSTED)
    assert case.state == "delivered"


def test_refused_originals_go_back_to_the_hall_whatever_the_choice(
    by_post: Any, people: dict[str, Any]
) -> None:
    intake = _originals_at_xigaze(by_post, people)
    _refused(by_post, people)
    intake.refresh_from_db()
    intake = proxy_transition(
        intake=intake,
        event="return_originals",
        actor=people["xigaze_officer"],
        data=BACK,
    )
    assert intake.state == "originals_returning"

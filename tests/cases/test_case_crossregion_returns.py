"""代收代办 after a refusal or a denial: the paper originals go back by courier to the
hall that took them in (tracking number, seen by both sides) and from there to the
applicant; and the applicant's SMS on every courier leg, in their language, through the
outbox."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from tests.cases.crossregion import decided_and_closed
from tongban.cases import selectors_crossregion
from tongban.cases.services.crossregion import forward_overdue, proxy_transition
from tongban.cases.services.transition import case_transition
from tongban.notifications.models import Message

pytestmark = pytest.mark.django_db

EMS = {"courier": "中国邮政EMS", "tracking_number": "EA123456789CN"}
BACK = {"courier": "顺丰速运", "tracking_number": "SF1234567890"}


def _originals_at_xigaze(case: Any, people: dict[str, Any]) -> Any:
    intake = proxy_transition(
        intake=case.proxy, event="dispatch_originals", actor=people["clerk"], data=EMS
    )
    return proxy_transition(
        intake=intake, event="receive_originals", actor=people["xigaze_officer"]
    )


def _refused(case: Any, people: dict[str, Any]) -> Any:
    return case_transition(
        case=case,
        event="refuse",
        actor=people["xigaze_clerk"],
        data={"reasons": "不属于本机关职权范围"},
    )


def _denied_and_closed(case: Any, people: dict[str, Any]) -> Any:
    case = case_transition(case=case, event="accept", actor=people["xigaze_clerk"])
    for officer in ("xigaze_officer", "xigaze_officer2", "xigaze_officer"):
        case = case_transition(case=case, event="approve_step", actor=people[officer])
    case = case_transition(
        case=case,
        event="decide",
        actor=people["xigaze_officer"],
        data={"decision": "deny", "reasons": "不符合法定条件"},
    )
    return case_transition(
        case=case,
        event="close",
        actor=people["xigaze_officer"],
        data={"result_name": "不予许可决定书"},
    )


def _texts(template: str) -> list[Message]:
    return list(Message.objects.filter(template=template).order_by("id"))


def test_refused_originals_go_back_by_courier_and_to_the_applicant(
    taken_in: Any, people: dict[str, Any]
) -> None:
    intake = _originals_at_xigaze(taken_in, people)
    _refused(taken_in, people)
    intake = proxy_transition(
        intake=intake,
        event="return_originals",
        actor=people["xigaze_officer"],
        data=BACK,
    )
    assert (intake.state, intake.return_tracking) == (
        "originals_returning",
        "SF1234567890",
    )
    intake = proxy_transition(
        intake=intake, event="receive_returned", actor=people["clerk"]
    )
    intake = proxy_transition(
        intake=intake, event="hand_back_originals", actor=people["clerk"]
    )
    assert intake.state == "handed_back"
    assert intake.returned_at is not None
    assert intake.handed_back_at is not None
    assert [e.event for e in intake.events.all()][-3:] == [
        "return_originals",
        "receive_returned",
        "hand_back_originals",
    ]


def test_originals_of_a_case_still_being_handled_do_not_go_back(
    taken_in: Any, people: dict[str, Any]
) -> None:
    intake = _originals_at_xigaze(taken_in, people)
    case_transition(case=taken_in, event="accept", actor=people["xigaze_clerk"])
    with pytest.raises(ValidationError) as refused:
        proxy_transition(
            intake=intake,
            event="return_originals",
            actor=people["xigaze_officer"],
            data=BACK,
        )
    assert refused.value.error_dict["non_field_errors"][0].code == "not_refused"


def test_each_side_does_its_own_part_of_the_return(
    taken_in: Any, people: dict[str, Any]
) -> None:
    intake = _originals_at_xigaze(taken_in, people)
    _refused(taken_in, people)
    with pytest.raises(PermissionDenied):  # the receiving hall does not hold them
        proxy_transition(
            intake=intake, event="return_originals", actor=people["clerk"], data=BACK
        )
    intake = proxy_transition(
        intake=intake,
        event="return_originals",
        actor=people["xigaze_officer"],
        data=BACK,
    )
    with pytest.raises(PermissionDenied):  # only the receiving hall signs for them
        proxy_transition(
            intake=intake, event="receive_returned", actor=people["xigaze_officer"]
        )


def test_the_return_leg_is_seen_by_both_sides(
    taken_in: Any, people: dict[str, Any]
) -> None:
    intake = _originals_at_xigaze(taken_in, people)
    _refused(taken_in, people)
    proxy_transition(
        intake=intake,
        event="return_originals",
        actor=people["xigaze_officer"],
        data=BACK,
    )
    for side in ("clerk", "xigaze_officer"):
        seen = selectors_crossregion.proxy_get_for(
            user=people[side], uuid=taken_in.uuid
        )
        assert seen.return_tracking == "SF1234567890"


def test_originals_refused_before_they_left_are_given_back_at_the_hall(
    taken_in: Any, people: dict[str, Any], time_machine: Any
) -> None:
    _refused(taken_in, people)
    time_machine.move_to("2026-03-06 10:00:00+08:00", tick=False)  # past the limit
    assert forward_overdue(taken_in.proxy)
    intake = proxy_transition(
        intake=taken_in.proxy, event="hand_back_originals", actor=people["clerk"]
    )
    assert intake.state == "handed_back"
    assert intake.clock_stopped_on is not None
    assert not forward_overdue(intake)


def test_a_denial_goes_back_with_the_originals_and_is_handed_over_at_the_hall(
    taken_in: Any, people: dict[str, Any]
) -> None:
    intake = _originals_at_xigaze(taken_in, people)
    case = _denied_and_closed(taken_in, people)
    with pytest.raises(ValidationError) as sent:
        proxy_transition(
            intake=intake,
            event="send_result",
            actor=people["xigaze_officer"],
            data=BACK,
        )
    codes = {e.code for e in sent.value.error_dict["non_field_errors"]}
    assert codes == {"denied_goes_with_originals"}
    intake = proxy_transition(
        intake=intake,
        event="return_originals",
        actor=people["xigaze_officer"],
        data=BACK,
    )
    proxy_transition(intake=intake, event="receive_returned", actor=people["clerk"])
    case = case_transition(
        case=case, event="deliver", actor=people["clerk"], data={"method": "pickup"}
    )
    assert case.state == "delivered"


def test_every_courier_leg_texts_the_applicant_in_their_language(
    taken_in: Any, people: dict[str, Any]
) -> None:
    lhasa, xigaze = people["clerk"], people["xigaze_officer"]
    intake = _originals_at_xigaze(taken_in, people)
    _refused(taken_in, people)
    intake = proxy_transition(
        intake=intake, event="return_originals", actor=xigaze, data=BACK
    )
    proxy_transition(intake=intake, event="receive_returned", actor=lhasa)
    applicant = taken_in.applicant
    for template in (
        "proxy_dispatch_originals",
        "proxy_receive_originals",
        "proxy_return_originals",
        "proxy_receive_returned",
    ):
        [text] = _texts(template)
        assert (text.recipient, text.language) == (
            applicant.phone,
            applicant.preferred_language,
        )
        assert taken_in.number in text.body
        assert _tibetan(text.body), text.body  # the applicant reads Tibetan
    assert "EA123456789CN" in _texts("proxy_dispatch_originals")[0].body
    assert "SF1234567890" in _texts("proxy_return_originals")[0].body


def test_the_result_legs_tell_the_applicant_where_to_collect(
    taken_in: Any, people: dict[str, Any]
) -> None:
    intake = _originals_at_xigaze(taken_in, people)
    decided_and_closed(taken_in, people)
    intake = proxy_transition(
        intake=intake, event="send_result", actor=people["xigaze_officer"], data=BACK
    )
    proxy_transition(intake=intake, event="receive_result", actor=people["clerk"])
    hall = taken_in.proxy.receiving_hall
    with translation.override(taken_in.applicant.preferred_language):
        hall_name = str(hall.name)
    [sent] = _texts("proxy_send_result")
    [ready] = _texts("proxy_receive_result")
    assert "SF1234567890" in sent.body
    assert hall_name in ready.body


def _tibetan(text: str) -> bool:
    return any("\u0f00" <= c <= "\u0fff" for c in text)

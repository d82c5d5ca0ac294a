"""跨域通办 / 异地代收代办: an item of 日喀则 taken in at the 拉萨 hall (区内通办), accepted,
decided and sent back by 日喀则, handed over in 拉萨; each side's rights and limits."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from tests.builders import published_service
from tests.cases.crossregion import decided_and_closed, take_in
from tongban.accounts.domain.roles import Role
from tongban.cases import selectors, selectors_crossregion
from tongban.cases.domain.crossregion import scope_reaches
from tongban.cases.services.crossregion import (
    PROXIES,
    proxy_transition,
)
from tongban.cases.services.transition import case_transition
from tongban.core.api.problems import Problem
from tongban.core.models import AuditEvent
from tongban.core.permissions import SYSTEM
from tongban.regions import services as regions

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("scope", "handling", "receiving", "reaches"),
    [
        ("4", "540102", "540103", True),  # 跨县: two counties of 拉萨
        ("4", "540102", "540202", False),  # 跨县 does not leave the prefecture
        ("3", "540202", "540102", True),  # 跨市: 日喀则's item in a 拉萨 county
        ("3", "540202", "510104", False),  # 跨市 does not leave the region
        ("2", "540202", "510104", True),  # 跨省: 成都 takes 日喀则's item in
        ("1", "540202", "110101", True),  # 全国
        ("", "540202", "540203", False),  # no 通办 scope: only where it is handled
        ("9", "540202", "540203", False),  # an unknown code reaches nowhere
    ],
)
def test_a_scope_reaches_as_far_as_its_code_says(
    scope: str, handling: str, receiving: str, reaches: bool
) -> None:
    assert (
        scope_reaches(scope=scope, handling_code=handling, receiving_code=receiving)
        is reaches
    )


def test_a_case_taken_in_elsewhere_sits_in_the_handling_queue_with_its_files(
    taken_in: Any, people: dict[str, Any]
) -> None:
    queue = selectors.case_queue_for(user=people["xigaze_officer"])
    assert list(queue.values_list("number", flat=True)) == [taken_in.number]
    assert taken_in.organisation.uscc == "11540200MB0Q111101"
    assert taken_in.materials.filter(file__isnull=False).count() == 2
    intake = taken_in.proxy
    assert intake.receiving_hall.name == "lhasa 大厅"
    assert intake.electronic_forwarded_at == intake.received_at
    assert AuditEvent.objects.filter(action="proxy.open").count() == 1


def test_the_receiving_side_forwards_originals_within_its_own_working_days(
    taken_in: Any,
) -> None:
    # Taken in on Monday 2 March 2026: two working days of 拉萨's calendar.
    assert taken_in.proxy.due_on == datetime.date(2026, 3, 4)
    assert taken_in.proxy.clock_started_on == datetime.date(2026, 3, 2)


def test_the_handling_clock_starts_at_the_handling_acceptance(
    taken_in: Any, people: dict[str, Any], time_machine: Any
) -> None:
    assert taken_in.promised_due is None
    time_machine.move_to("2026-03-04 10:00:00+08:00", tick=False)
    case = case_transition(case=taken_in, event="accept", actor=people["xigaze_clerk"])
    assert case.accepted_at.date() == datetime.date(2026, 3, 4)
    assert case.promised_due == datetime.date(2026, 3, 11)  # 5 working days from Wed


def test_a_receiving_clerk_cannot_accept_or_decide(
    taken_in: Any, people: dict[str, Any]
) -> None:
    for event, data in (("accept", {}), ("refuse", {"reasons": "不符合条件"})):
        with pytest.raises(PermissionDenied):
            case_transition(
                case=taken_in, event=event, actor=people["clerk"], data=data
            )


def test_a_service_without_a_reaching_scope_cannot_be_taken_in(
    people: dict[str, Any], halls: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    county_only = published_service(
        orgs["xigaze"], code="000175004002", service_scope="4"
    )
    with pytest.raises(ValidationError) as refused:
        take_in(people["clerk"], halls["lhasa"], county_only, applicant)
    assert refused.value.error_dict["hall"][0].code == "scope_not_reached"


def test_a_clerk_takes_in_only_at_a_hall_of_their_own_region(
    people: dict[str, Any], halls: dict[str, Any], xigaze_item: Any, applicant: Any
) -> None:
    with pytest.raises(PermissionDenied):
        take_in(people["clerk"], halls["xigaze"], xigaze_item, applicant)


def test_the_handling_regions_own_hall_takes_it_in_as_its_own(
    people: dict[str, Any], halls: dict[str, Any], xigaze_item: Any, applicant: Any
) -> None:
    with pytest.raises(ValidationError) as refused:
        take_in(people["xigaze_clerk"], halls["xigaze"], xigaze_item, applicant)
    assert refused.value.error_dict["hall"][0].code == "not_cross_region"


def test_a_result_by_post_needs_an_address(
    people: dict[str, Any], halls: dict[str, Any], xigaze_item: Any, applicant: Any
) -> None:
    with pytest.raises(ValidationError) as refused:
        take_in(
            people["clerk"], halls["lhasa"], xigaze_item, applicant, delivery="post"
        )
    assert "delivery_address" in refused.value.error_dict


def test_the_whole_journey_ends_at_the_receiving_hall(
    taken_in: Any, people: dict[str, Any]
) -> None:
    lhasa, xigaze = people["clerk"], people["xigaze_officer"]
    intake = proxy_transition(
        intake=taken_in.proxy,
        event="dispatch_originals",
        actor=lhasa,
        data={"courier": "中国邮政EMS", "tracking_number": "EA123456789CN"},
    )
    assert intake.clock_stopped_on == datetime.date(2026, 3, 2)
    with pytest.raises(PermissionDenied):  # the receiving side cannot sign for them
        proxy_transition(intake=intake, event="receive_originals", actor=lhasa)
    intake = proxy_transition(intake=intake, event="receive_originals", actor=xigaze)
    case = decided_and_closed(taken_in, people)
    with pytest.raises(ValidationError) as early:  # handed over where it was handed in
        case_transition(
            case=case, event="deliver", actor=xigaze, data={"method": "pickup"}
        )
    assert early.value.error_dict["method"][0].code == "delivery_at_receiving_hall"
    with pytest.raises(ValidationError) as not_there:
        case_transition(
            case=case, event="deliver", actor=lhasa, data={"method": "pickup"}
        )
    assert not_there.value.error_dict["method"][0].code == "result_not_arrived"
    intake = proxy_transition(
        intake=intake,
        event="send_result",
        actor=xigaze,
        data={"courier": "中国邮政EMS", "tracking_number": "EA987654321CN"},
    )
    intake = proxy_transition(intake=intake, event="receive_result", actor=lhasa)
    case = case_transition(
        case=case, event="deliver", actor=lhasa, data={"method": "pickup"}
    )
    assert case.state == "delivered"
    assert [e.event for e in intake.events.all()] == [
        "dispatch_originals",
        "receive_originals",
        "send_result",
        "receive_result",
    ]


def test_a_result_chosen_at_the_handling_organisation_is_not_the_receiving_clerks(
    people: dict[str, Any], halls: dict[str, Any], xigaze_item: Any, applicant: Any
) -> None:
    case = take_in(
        people["clerk"], halls["lhasa"], xigaze_item, applicant, delivery="handling_org"
    )
    case = decided_and_closed(case, people)
    with pytest.raises(ValidationError):
        case_transition(
            case=case, event="deliver", actor=people["clerk"], data={"method": "pickup"}
        )
    with pytest.raises(Problem):  # nothing travels back to the receiving hall
        proxy_transition(
            intake=case.proxy,
            event="send_result",
            actor=people["xigaze_officer"],
            data={"courier": "EMS", "tracking_number": "EA987654321CN"},
        )
    case = case_transition(
        case=case,
        event="deliver",
        actor=people["xigaze_officer"],
        data={"method": "pickup"},
    )
    assert case.state == "delivered"


def test_each_side_sees_its_part_only(
    taken_in: Any,
    people: dict[str, Any],
    submit: Any,
    halls: dict[str, Any],
    xigaze_item: Any,
) -> None:
    local = submit().json()["uuid"]  # a 拉萨 case of the 拉萨 service
    lhasa, xigaze = people["clerk"], people["xigaze_officer"]
    assert [
        p.case.number
        for p in selectors_crossregion.proxy_list_for_receiving(user=lhasa)
    ] == [taken_in.number]
    assert not selectors_crossregion.proxy_list_for_receiving(user=xigaze).exists()
    assert selectors_crossregion.proxy_get_for(user=xigaze, uuid=taken_in.uuid)
    with pytest.raises(Http404):
        selectors.case_get_for(user=xigaze, uuid=local)
    with pytest.raises(Http404):
        selectors.case_get_for(user=lhasa, uuid=taken_in.uuid)


def test_the_proxy_declarations_are_complete() -> None:
    assert PROXIES.problems() == []


def test_a_cross_province_case_carries_the_national_exchange_fields(
    people: dict[str, Any], orgs: dict[str, Any], applicant: Any, make_staff: Any
) -> None:
    for code, name in (("510000", "四川省"), ("510100", "成都市")):
        regions.division_create(actor=SYSTEM, code=code, name=name)
    chengdu = regions.hall_create(
        actor=SYSTEM,
        name="成都市政务服务中心 跨省通办专窗",
        kind="centre",
        division_code="510100",
        organisation=regions.organisation_create(
            actor=SYSTEM,
            name="成都市政务服务中心",
            uscc="11510100MB1234567K",
            division_code="510100",
            exercise_level=2,
        ),
    )
    clerk = make_staff("chengdu_clerk", Role.COUNTER_CLERK, division_code="510100")
    item = published_service(orgs["xigaze"], code="000175004003", service_scope="2")
    case = take_in(clerk, chengdu, item, applicant)
    fields = case.proxy.exchange
    assert case.proxy.cross_province
    assert (fields["sjdxzqhdm"], fields["bldxzqhdm"], fields["tbms"]) == (
        "510100",
        "540200",
        "2",
    )
    assert fields["bjbh"] == case.number

"""The closed loop through the services: 受理 → 派单 → 办理 → 回复 → 回访 → 办结, with 退单
and reopen, each rule its own test."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.servicedesk.conftest import file_ticket
from tongban.servicedesk.models import TicketEvent
from tongban.servicedesk.services import actions

pytestmark = pytest.mark.django_db


def _routed(desk: dict[str, Any], orgs: dict[str, Any], applicant: Any) -> Any:
    ticket = file_ticket(applicant.user)
    return actions.ticket_route(
        ticket=ticket, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )


def test_a_filed_ticket_waits_for_the_dispatcher_when_no_rule_matches(
    desk: dict[str, Any], applicant: Any
) -> None:
    ticket = file_ticket(applicant.user)
    assert ticket.state == "received"
    assert ticket.number.startswith("T20260302")


def test_the_closed_loop_ends_closed_with_the_satisfaction_recorded(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    ticket = _routed(desk, orgs, applicant)
    ticket = actions.ticket_assign(
        ticket=ticket, handler=desk["handler"], actor=desk["handler"]
    )
    ticket = actions.ticket_reply(
        ticket=ticket, actor=desk["handler"], reply="已整改。"
    )
    assert ticket.state == "replied"
    assert ticket.answered_on_time is True
    ticket = actions.ticket_callback(
        ticket=ticket, actor=desk["dispatcher"], satisfaction="satisfied"
    )
    assert ticket.state == "closed"
    assert ticket.satisfaction == "satisfied"
    events = list(
        TicketEvent.objects.filter(ticket=ticket).values_list("event", flat=True)
    )
    assert events == ["route", "assign", "reply", "callback"]


def test_a_returned_ticket_goes_back_to_the_dispatcher_with_the_reasons(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    ticket = _routed(desk, orgs, applicant)
    with pytest.raises(ValidationError):
        actions.ticket_return(ticket=ticket, actor=desk["handler"], reason=" ")
    ticket = actions.ticket_return(
        ticket=ticket, actor=desk["handler"], reason="不属于本单位职责"
    )
    assert ticket.state == "returned"
    ticket = actions.ticket_route(
        ticket=ticket, organisation=orgs["xigaze"], actor=desk["dispatcher"]
    )
    assert ticket.state == "in_progress"
    assert ticket.handling_organisation == orgs["xigaze"]


def test_only_the_unit_it_is_routed_to_may_handle_a_ticket(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    ticket = _routed(desk, orgs, applicant)
    with pytest.raises(PermissionDenied):
        actions.ticket_assign(
            ticket=ticket, handler=desk["xigaze"], actor=desk["xigaze"]
        )


def test_unsatisfied_reopens_with_a_fresh_limit_at_the_same_unit(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any, time_machine: Any
) -> None:
    ticket = _routed(desk, orgs, applicant)
    actions.ticket_assign(ticket=ticket, handler=desk["handler"], actor=desk["handler"])
    ticket = actions.ticket_reply(ticket=ticket, actor=desk["handler"], reply="答复")
    time_machine.move_to("2026-03-10 10:00:00+08:00", tick=False)
    ticket = actions.ticket_reopen(
        ticket=ticket, actor=desk["dispatcher"], reason="答复未解决问题"
    )
    assert ticket.state == "in_progress"
    assert ticket.reopen_count == 1
    assert ticket.handler == desk["handler"]
    # reopened Tuesday 10 March: 13 working days counted from the 11th end on the 27th
    assert ticket.due_on.isoformat() == "2026-03-27"


def test_closing_an_unsatisfied_ticket_needs_the_reasons(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    ticket = _routed(desk, orgs, applicant)
    actions.ticket_assign(ticket=ticket, handler=desk["handler"], actor=desk["handler"])
    ticket = actions.ticket_reply(ticket=ticket, actor=desk["handler"], reply="答复")
    with pytest.raises(ValidationError) as refused:
        actions.ticket_callback(
            ticket=ticket, actor=desk["dispatcher"], satisfaction="unsatisfied"
        )
    assert "note" in refused.value.message_dict
    ticket = actions.ticket_callback(
        ticket=ticket,
        actor=desk["dispatcher"],
        satisfaction="unsatisfied",
        note="诉求超出法定范围，已解释",
    )
    assert ticket.state == "closed"


def test_a_dispatcher_answers_a_consultation_at_once(
    desk: dict[str, Any], applicant: Any
) -> None:
    ticket = file_ticket(
        applicant.user, ticket_type="consultation", title="营业执照要带什么"
    )
    ticket = actions.ticket_reply(
        ticket=ticket, actor=desk["dispatcher"], reply="带身份证和申请书。"
    )
    assert ticket.state == "replied"


def test_the_reply_reaches_the_requester_by_sms_in_their_language(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    from tongban.notifications.models import Message

    ticket = file_ticket(applicant.user, language="bo")
    ticket = actions.ticket_route(
        ticket=ticket, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )
    actions.ticket_reply(ticket=ticket, actor=desk["handler"], reply="已整改。")
    sms = Message.objects.get(template="ticket_replied")
    assert sms.recipient == "13800000001"
    assert sms.language == "bo"
    assert f"ལས་འཛིན་{ticket.number}ལ་ལན་བཏབ་ཟིན།" in sms.body
    assert "已整改。" in sms.body

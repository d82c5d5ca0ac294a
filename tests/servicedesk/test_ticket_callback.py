"""回访: the callback is due the working day after the reply on the region's calendar; the
daily sweep (the scheduler's task) invites the requester once, by SMS in their language
with the page where they answer, and the ticket joins the callback worker's list."""

import datetime as dt
from typing import Any

import pytest

from tests.servicedesk.conftest import file_ticket
from tongban.notifications.models import Message
from tongban.servicedesk import selectors
from tongban.servicedesk.services import actions
from tongban.servicedesk.tasks import ticket_ladder_sweep

pytestmark = pytest.mark.django_db


def _replied(desk: dict[str, Any], orgs: dict[str, Any], user: Any, **kw: Any) -> Any:
    ticket = file_ticket(user, **kw)
    ticket = actions.ticket_route(
        ticket=ticket, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )
    return actions.ticket_reply(ticket=ticket, actor=desk["handler"], reply="已答复。")


def test_the_callback_is_due_the_next_working_day_of_the_region(
    desk: dict[str, Any],
    orgs: dict[str, Any],
    applicant: Any,
    losar: None,
    time_machine: Any,
) -> None:
    # Friday 13 February 2026: Lhasa's Losar holiday runs 15–26 February and Saturday
    # the 14th is a make-up working day, so the callback is due on the Saturday.
    time_machine.move_to("2026-02-13 10:00:00+08:00", tick=False)
    ticket = _replied(desk, orgs, applicant.user)
    assert ticket.callback_due_on == dt.date(2026, 2, 14)
    # Replied on that Saturday, the next working day is after the holiday.
    time_machine.move_to("2026-02-14 10:00:00+08:00", tick=False)
    later = _replied(desk, orgs, applicant.user, title="又一件")
    assert later.callback_due_on == dt.date(2026, 2, 27)


def test_the_sweep_invites_once_on_the_day_and_lists_the_ticket(
    desk: dict[str, Any],
    orgs: dict[str, Any],
    applicant: Any,
    time_machine: Any,
) -> None:
    ticket = _replied(
        desk, orgs, applicant.user, requester_phone="13800000001", language="bo"
    )
    assert ticket_ladder_sweep.call()["callback"] == 0  # due tomorrow, not today
    assert list(selectors.ticket_callbacks_due_for(user=desk["dispatcher"])) == []
    time_machine.move_to("2026-03-03 09:00:00+08:00", tick=False)
    assert ticket_ladder_sweep.call()["callback"] == 1
    assert ticket_ladder_sweep.call()["callback"] == 0  # once only
    sms = Message.objects.get(template="ticket_callback")
    assert sms.recipient == "13800000001"
    assert f"/servicedesk/t/{ticket.uuid}/" in sms.body
    assert "ལས་འཛིན་" in sms.body
    due = list(selectors.ticket_callbacks_due_for(user=desk["dispatcher"]))
    assert due == [ticket]


def test_the_callback_list_is_the_dispatchers_region_only(
    desk: dict[str, Any],
    orgs: dict[str, Any],
    applicant: Any,
    make_staff: Any,
    time_machine: Any,
) -> None:
    from tongban.accounts.domain.roles import Role

    _replied(desk, orgs, applicant.user)
    time_machine.move_to("2026-03-03 09:00:00+08:00", tick=False)
    other = make_staff("xigaze.agent", Role.SERVICE_DESK_AGENT, "540200")
    assert list(selectors.ticket_callbacks_due_for(user=other)) == []
    assert list(selectors.ticket_callbacks_due_for(user=desk["handler"])) == []

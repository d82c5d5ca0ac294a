"""The figures (by type, organisation, item, channel, month): on-time reply rate over
replied tickets, satisfaction over callbacks that reached the requester, reopen rate."""

import datetime as dt
from typing import Any

import pytest

from tests.servicedesk.conftest import file_ticket
from tongban.servicedesk import selectors
from tongban.servicedesk.services import actions

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
END = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)


def _answered(desk: dict[str, Any], orgs: dict[str, Any], user: Any, **kw: Any) -> Any:
    ticket = file_ticket(user, **kw)
    ticket = actions.ticket_route(
        ticket=ticket, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )
    return actions.ticket_reply(ticket=ticket, actor=desk["handler"], reply="答复")


def test_rates_count_replied_rated_and_reopened_tickets(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any, time_machine: Any
) -> None:
    on_time = _answered(desk, orgs, applicant.user)
    actions.ticket_callback(
        ticket=on_time, actor=desk["dispatcher"], satisfaction="satisfied"
    )
    late = file_ticket(applicant.user)
    late = actions.ticket_route(
        ticket=late, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )
    file_ticket(applicant.user, ticket_type="suggestion")  # not replied
    time_machine.move_to("2026-03-25 10:00:00+08:00", tick=False)
    late = actions.ticket_reply(ticket=late, actor=desk["handler"], reply="迟复")
    actions.ticket_reopen(ticket=late, actor=desk["dispatcher"], reason="未解决")
    [complaints, suggestions] = selectors.ticket_figures(
        by="type", start=START, end=END
    )
    assert (complaints.key, complaints.total, complaints.replied) == ("complaint", 2, 2)
    assert complaints.on_time_rate == 0.5
    assert (
        complaints.satisfaction_rate == 0.5
    )  # one satisfied, one reopened unsatisfied
    assert complaints.reopen_rate == 0.5
    assert (suggestions.total, suggestions.on_time_rate) == (1, None)


def test_figures_group_by_channel_unit_and_month(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    _answered(desk, orgs, applicant.user)
    [portal] = selectors.ticket_figures(by="channel", start=START, end=END)
    [unit] = selectors.ticket_figures(by="organisation", start=START, end=END)
    [month] = selectors.ticket_figures(by="month", start=START, end=END)
    assert (portal.key, unit.key, month.key) == (
        "portal",
        orgs["lhasa"].name,
        "2026-03",
    )

"""Service-desk tickets in the supervision sweep (DOMAIN §11.5, §9.3), counted on the
region's calendar: the 自治区 declares Wednesday 4 March 2026 off, so a consultation filed
on Monday 2 March (3 working days from the next day) is due on Friday 6 March there —
nationally it would be due on Thursday 5 March."""

from typing import Any

import pytest

from tests.builders import applicant_with_account
from tests.servicedesk.conftest import file_ticket
from tests.supervision.conftest import active_rules
from tongban.accounts.domain.roles import Role
from tongban.servicedesk.services import actions
from tongban.supervision.domain.rules import Rule
from tongban.supervision.models import Warning
from tongban.supervision.services.sweep import supervision_sweep_changes

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(make_staff: Any, orgs: dict[str, Any]) -> dict[str, Any]:
    return {
        "dispatcher": make_staff("dispatcher", Role.SERVICE_DESK_AGENT, "540100"),
        "handler": make_staff(
            "handler", Role.CASE_OFFICER, None, organisation=orgs["lhasa"]
        ),
    }


@pytest.fixture
def at_unit(region_day_off: None, desk: dict[str, Any], orgs: dict[str, Any]) -> Any:
    """A consultation routed to the 拉萨 unit and assigned to its handler."""
    ticket = file_ticket(applicant_with_account().user, ticket_type="consultation")
    ticket = actions.ticket_route(
        ticket=ticket, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )
    ticket = actions.ticket_assign(
        ticket=ticket, handler=desk["handler"], actor=desk["handler"]
    )
    assert ticket.due_on.isoformat() == "2026-03-06"
    return ticket


def test_a_ticket_near_its_limit_is_a_prompt_on_the_regions_working_days(
    at_unit: Any, sweep: Any, time_machine: Any
) -> None:
    # Wednesday 4 March is off in the region: Thursday and Friday are left, no prompt
    # (nationally one day would be left and the prompt would show).
    time_machine.move_to("2026-03-04 10:00:00+08:00", tick=False)
    sweep()
    assert Rule.PROMISE_NEAR not in active_rules(str(at_unit.uuid))
    time_machine.move_to("2026-03-05 10:00:00+08:00", tick=False)
    sweep()
    assert active_rules(str(at_unit.uuid)) == {Rule.PROMISE_NEAR}
    warning = Warning.objects.get(subject_uuid=at_unit.uuid)
    assert (warning.subject_kind, warning.severity) == ("ticket", "1")
    assert warning.subject_number == at_unit.number


def test_a_ticket_past_its_limit_earns_the_unit_and_handler_a_red_card(
    at_unit: Any, sweep: Any, time_machine: Any, desk: dict[str, Any], orgs: Any
) -> None:
    # Friday 6 March is the due day itself there (nationally already a day late).
    time_machine.move_to("2026-03-06 10:00:00+08:00", tick=False)
    sweep()
    assert Rule.PROMISE_PASSED not in active_rules(str(at_unit.uuid))
    time_machine.move_to("2026-03-09 10:00:00+08:00", tick=False)
    sweep()
    assert active_rules(str(at_unit.uuid)) == {Rule.PROMISE_PASSED}
    warning = Warning.objects.get(subject_uuid=at_unit.uuid, rule=Rule.PROMISE_PASSED)
    assert warning.organisation == orgs["lhasa"]
    assert warning.staff == desk["handler"]
    assert (warning.card.colour, warning.card.rule) == ("3", Rule.PROMISE_PASSED)


def test_the_reply_clears_the_tickets_warnings_through_its_change_feed(
    at_unit: Any, sweep: Any, time_machine: Any, desk: dict[str, Any]
) -> None:
    time_machine.move_to("2026-03-09 10:00:00+08:00", tick=False)
    sweep()
    actions.ticket_reply(ticket=at_unit, actor=desk["handler"], reply="已电话答复。")
    assert supervision_sweep_changes()["ticket"] == 1  # no full sweep needed
    assert active_rules(str(at_unit.uuid)) == set()
    assert Warning.objects.get(subject_uuid=at_unit.uuid).state == "cleared"


def test_a_ticket_not_routed_in_time_is_the_service_desks_yellow_card(
    region_day_off: None,
    sweep: Any,
    time_machine: Any,
    desk: dict[str, Any],
    orgs: Any,
    supervisor: Any,
) -> None:
    # Filed on Monday 2 March, naming no organisation; routing is due within one
    # working day. Wednesday 4 March is off in the region: on Wednesday one working day
    # has passed there (nationally two, and the rule would hold); on Thursday two.
    ticket = file_ticket(applicant_with_account().user, ticket_type="consultation")
    assert (ticket.handling_organisation, ticket.subject_organisation) == (None, None)
    time_machine.move_to("2026-03-04 10:00:00+08:00", tick=False)
    sweep()
    assert Rule.NOT_ROUTED not in active_rules(str(ticket.uuid))
    time_machine.move_to("2026-03-05 10:00:00+08:00", tick=False)
    sweep()
    assert Rule.NOT_ROUTED in active_rules(str(ticket.uuid))
    warning = Warning.objects.get(subject_uuid=ticket.uuid, rule=Rule.NOT_ROUTED)
    # Answerable: the service desk of the ticket's region, not an organisation.
    assert (warning.organisation, warning.division.code) == (None, "540100")
    assert (warning.severity, warning.state, warning.raised_at) == (
        "2",
        "active",
        warning.state_changed_at,
    )
    assert (warning.card.colour, warning.card.organisation) == ("2", None)
    assert "540100" not in warning.responsible_label  # the region's name, in words
    from rest_framework.test import APIClient

    reader = APIClient()
    reader.force_authenticate(supervisor)
    listed = reader.get("/api/v1/internal/supervision/warnings?rule=JC10")
    assert listed.status_code == 200, listed.content
    (row,) = [
        r for r in listed.json()["results"] if r["subject_uuid"] == str(ticket.uuid)
    ]
    assert (row["organisation"], row["division_code"]) == (None, "540100")
    assert row["responsible"] == warning.responsible_label
    # Routed: the change feed clears it, and the unit now answers for the ticket.
    actions.ticket_route(
        ticket=ticket, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )
    supervision_sweep_changes()
    assert Rule.NOT_ROUTED not in active_rules(str(ticket.uuid))
    assert Warning.objects.get(pk=warning.pk).state == "cleared"


def test_an_order_cannot_go_to_the_desk_and_says_why(
    region_day_off: None, sweep: Any, time_machine: Any, supervisor: Any
) -> None:
    from rest_framework.test import APIClient

    ticket = file_ticket(applicant_with_account().user, ticket_type="consultation")
    time_machine.move_to("2026-03-09 10:00:00+08:00", tick=False)
    sweep()
    warning = Warning.objects.get(subject_uuid=ticket.uuid, rule=Rule.NOT_ROUTED)
    client = APIClient()
    client.force_authenticate(supervisor)
    answer = client.post(
        "/api/v1/internal/supervision/orders",
        {"warning": str(warning.uuid), "content": "请尽快派单。"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.status_code == 400, answer.content
    assert "service desk" in answer.content.decode()


def test_a_supervisor_issues_an_order_on_a_late_tickets_warning(
    at_unit: Any, sweep: Any, time_machine: Any, supervisor: Any, orgs: Any
) -> None:
    from rest_framework.test import APIClient

    time_machine.move_to("2026-03-09 10:00:00+08:00", tick=False)
    sweep()
    warning = Warning.objects.get(subject_uuid=at_unit.uuid, rule=Rule.PROMISE_PASSED)
    client = APIClient()
    client.force_authenticate(supervisor)
    answer = client.post(
        "/api/v1/internal/supervision/orders",
        {
            "warning": str(warning.uuid),
            "content": "请于三个工作日内答复并说明超期原因。",
        },
        format="json",
    )
    assert answer.status_code == 201, answer.content
    from tongban.supervision.models import SupervisionOrder

    order = SupervisionOrder.objects.get()
    assert (order.subject_kind, order.subject_number) == ("ticket", at_unit.number)
    assert (order.organisation, order.warning) == (orgs["lhasa"], warning)
    both = client.post(
        "/api/v1/internal/supervision/orders",
        {"warning": str(warning.uuid), "case": str(warning.uuid), "content": "x"},
        format="json",
    )
    assert both.status_code == 400

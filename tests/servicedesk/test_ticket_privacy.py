"""Privacy (DOMAIN.md §9.3): a complaint or report can keep its requester from the unit;
the identity is then visible to the dispatcher only; a ticket about a staff member never
reaches that staff member."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tests.servicedesk.conftest import file_ticket
from tongban.servicedesk.services import actions

pytestmark = pytest.mark.django_db


def _url(ticket: Any) -> str:
    return f"/api/v1/internal/servicedesk/tickets/{ticket.uuid}/"


def test_an_anonymous_complaint_hides_the_requester_from_the_unit(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any, as_user: Any
) -> None:
    ticket = file_ticket(applicant.user, anonymous_to_unit=True)
    actions.ticket_route(
        ticket=ticket, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )
    unit = as_user(desk["handler"]).get(_url(ticket)).json()
    assert unit["requester_name"] is None
    assert unit["requester_phone"] is None
    dispatcher = as_user(desk["dispatcher"]).get(_url(ticket)).json()
    assert dispatcher["requester_name"] == "格桑"
    assert dispatcher["requester_phone"] == "13800000001"


def test_the_unit_sees_a_requester_who_did_not_ask_to_stay_anonymous(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any, as_user: Any
) -> None:
    ticket = file_ticket(applicant.user)
    actions.ticket_route(
        ticket=ticket, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )
    assert as_user(desk["handler"]).get(_url(ticket)).json()["requester_name"] == "格桑"


def test_a_ticket_about_a_staff_member_is_not_shown_to_them(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any, as_user: Any
) -> None:
    ticket = file_ticket(applicant.user, subject_staff_username="colleague")
    actions.ticket_route(
        ticket=ticket, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )
    queue = as_user(desk["colleague"]).get("/api/v1/internal/servicedesk/tickets/")
    assert queue.json() == []
    assert as_user(desk["colleague"]).get(_url(ticket)).status_code == 404
    assert (
        len(
            as_user(desk["handler"]).get("/api/v1/internal/servicedesk/tickets/").json()
        )
        == 1
    )


def test_a_ticket_about_a_staff_member_cannot_be_assigned_to_them(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    ticket = file_ticket(applicant.user, subject_staff_username="colleague")
    ticket = actions.ticket_route(
        ticket=ticket, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )
    with pytest.raises(ValidationError) as refused:
        actions.ticket_assign(
            ticket=ticket, handler=desk["colleague"], actor=desk["handler"]
        )
    assert refused.value.error_dict["handler_username"][0].code == "handler_is_subject"


def test_another_units_staff_do_not_see_the_ticket(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any, as_user: Any
) -> None:
    ticket = file_ticket(applicant.user)
    actions.ticket_route(
        ticket=ticket, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )
    assert as_user(desk["xigaze"]).get(_url(ticket)).status_code == 404

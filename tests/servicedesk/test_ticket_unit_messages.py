"""Messages to units through the outbox: when a ticket is routed to a unit its staff who
handle tickets hear of it, each in their language; 催办 and escalation go to the handler
once named; never to the staff member the ticket is about, nor to staff of other units."""

from typing import Any

import pytest

from tests.conftest import PASSWORD
from tests.servicedesk.conftest import file_ticket
from tongban.accounts import services as accounts
from tongban.accounts.domain.roles import Role
from tongban.core.permissions import SYSTEM
from tongban.notifications.models import Message
from tongban.servicedesk.domain.lifecycle import Event
from tongban.servicedesk.lifecycle import TICKETS
from tongban.servicedesk.services import actions

pytestmark = pytest.mark.django_db


def _staff(username: str, organisation: Any, phone: str, language: str) -> Any:
    return accounts.staff_create(
        actor=SYSTEM,
        username=username,
        full_name=username,
        password=PASSWORD,
        phone=phone,
        preferred_language=language,
        organisation=organisation,
        roles=[(Role.CASE_OFFICER, organisation, None)],
    )


def test_a_routed_ticket_reaches_the_units_staff_in_their_language(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    officer = _staff("unit.bo", orgs["lhasa"], "13900000001", "bo")
    _staff("unit.zh", orgs["lhasa"], "13900000002", "zh-hans")
    _staff("other.unit", orgs["xigaze"], "13900000003", "zh-hans")
    ticket = file_ticket(applicant.user)
    actions.ticket_route(
        ticket=ticket, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )
    sent = {m.recipient: m for m in Message.objects.filter(template="ticket_routed")}
    assert set(sent) == {"13900000001", "13900000002"}
    assert sent[officer.phone].language == "bo"
    assert "ལས་འཛིན་" in sent[officer.phone].body
    assert ticket.number in sent["13900000002"].body


def test_the_staff_member_a_ticket_is_about_hears_nothing_of_it(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    subject = _staff("window.clerk", orgs["lhasa"], "13900000009", "zh-hans")
    _staff("unit.zh", orgs["lhasa"], "13900000002", "zh-hans")
    ticket = file_ticket(applicant.user, subject_staff_username="window.clerk")
    actions.ticket_route(
        ticket=ticket, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )
    recipients = set(
        Message.objects.filter(template="ticket_routed").values_list(
            "recipient", flat=True
        )
    )
    assert recipients == {"13900000002"}
    assert subject.phone not in recipients


@pytest.mark.parametrize(
    ("event", "template"),
    [(Event.URGE, "ticket_urged"), (Event.ESCALATE, "ticket_escalated")],
)
def test_urging_and_escalation_reach_the_handler(
    desk: dict[str, Any],
    orgs: dict[str, Any],
    applicant: Any,
    event: Event,
    template: str,
) -> None:
    handler = _staff("unit.handler", orgs["lhasa"], "13900000005", "zh-hans")
    _staff("unit.zh", orgs["lhasa"], "13900000002", "zh-hans")
    ticket = file_ticket(applicant.user)
    ticket = actions.ticket_route(
        ticket=ticket, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )
    ticket = TICKETS.transition(
        obj=ticket,
        event=Event.ASSIGN,
        actor=desk["handler"],
        data={"handler": handler},
    )
    TICKETS.transition(obj=ticket, event=event, actor=SYSTEM, data={"late": 5})
    sent = Message.objects.filter(template=template)
    assert [m.recipient for m in sent] == ["13900000005"]
    assert ticket.number in sent.get().body

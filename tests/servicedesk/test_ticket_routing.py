"""Routing (派单): rules by type, item, organisation and region; the most specific wins; the
dispatcher overrides; no rule, the dispatcher routes by hand."""

from typing import Any

import pytest

from tests.servicedesk.conftest import file_ticket
from tongban.core.permissions import SYSTEM
from tongban.servicedesk.domain.routing import Facts, Rule, route
from tongban.servicedesk.services import actions
from tongban.servicedesk.services.rules import routing_rule_create

FACTS = Facts(
    ticket_type="complaint", item="X1", organisation=7, division_code="540102"
)

RULES = [
    Rule(pk=1, target=100),  # matches everything
    Rule(pk=2, target=200, ticket_type="complaint"),
    Rule(pk=3, target=300, ticket_type="complaint", item="X1"),
    Rule(pk=4, target=400, division_prefix="5401"),
    Rule(pk=5, target=500, ticket_type="complaint", division_prefix="5401"),
    Rule(pk=6, target=600, ticket_type="consultation", item="X1", organisation=7),
]


@pytest.mark.parametrize(
    ("rules", "winner"),
    [
        ([RULES[0]], 1),  # the catch-all
        ([RULES[0], RULES[1]], 2),  # a type beats nothing
        ([RULES[1], RULES[2]], 3),  # type and item beat type
        ([RULES[1], RULES[3]], 4),  # one field each: the longer region prefix
        ([RULES[2], RULES[4]], 5),  # two fields each: the longer region prefix
        ([RULES[1], Rule(pk=7, target=700, ticket_type="complaint", priority=50)], 7),
        ([RULES[1], Rule(pk=8, target=800, ticket_type="complaint")], 2),  # first made
        ([RULES[5]], None),  # another type does not match
        ([], None),  # no rules: by hand
    ],
)
def test_the_most_specific_matching_rule_routes(
    rules: list[Rule], winner: int | None
) -> None:
    found = route(rules, FACTS)
    assert (found.pk if found else None) == winner


@pytest.mark.django_db
def test_a_matching_rule_routes_the_ticket_when_it_is_filed(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    routing_rule_create(
        actor=SYSTEM,
        target=orgs["xigaze"],
        ticket_type="report",
        division_code="540100",
    )
    ticket = file_ticket(applicant.user, ticket_type="report")
    assert ticket.state == "in_progress"
    assert ticket.handling_organisation == orgs["xigaze"]
    assert ticket.events.get().actor_role == "system"


@pytest.mark.django_db
def test_the_dispatcher_overrides_a_rule(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    routing_rule_create(actor=SYSTEM, target=orgs["xigaze"], ticket_type="complaint")
    ticket = file_ticket(applicant.user)
    ticket = actions.ticket_route(
        ticket=ticket, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )
    assert ticket.handling_organisation == orgs["lhasa"]


@pytest.mark.django_db
def test_a_rule_by_item_routes_tickets_about_that_item(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any, service: Any
) -> None:
    routing_rule_create(
        actor=SYSTEM, target=orgs["xigaze"], implementation=service.implementation
    )
    about = file_ticket(applicant.user, implementation_code=service.implementation.code)
    other = file_ticket(applicant.user)
    assert about.handling_organisation == orgs["xigaze"]
    assert other.state == "received"

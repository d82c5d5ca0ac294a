"""The routing rules page: a dispatcher adds a rule that routes the next matching ticket,
switches it off; a region outside their area, an unknown region or a rule for every
region (for a regional dispatcher) is refused in the user's language; staff who do not
dispatch see nothing."""

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.servicedesk.conftest import file_ticket
from tongban.servicedesk.models import RoutingRule

pytestmark = pytest.mark.django_db
RULES = "/workbench/servicedesk/rules/"
TIBETAN = re.compile("[\u0f00-\u0fff]")


def _rule(orgs: dict[str, Any], **changes: Any) -> dict[str, Any]:
    data = {
        "ticket_type": "complaint",
        "implementation_code": "",
        "subject_organisation": "",
        "division_code": "540100",
        "target": orgs["lhasa"].pk,
        "priority": "100",
    }
    data.update(changes)
    return data


def _login(client: Client, user: Any, language: str = "zh-hans") -> None:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


def test_a_rule_added_on_the_page_routes_the_next_matching_ticket(
    client: Client, desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    _login(client, desk["dispatcher"])
    response = client.post(RULES, _rule(orgs))
    assert response.status_code == 302, response.content.decode()
    assert orgs["lhasa"].name in client.get(RULES).content.decode()
    ticket = file_ticket(applicant.user)
    assert ticket.handling_organisation == orgs["lhasa"]
    other = file_ticket(applicant.user, ticket_type="suggestion")
    assert other.handling_organisation is None


def test_a_rule_switched_off_routes_nothing(
    client: Client, desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    _login(client, desk["dispatcher"])
    client.post(RULES, _rule(orgs))
    rule = RoutingRule.objects.get()
    client.post(f"{RULES}{rule.pk}/off/")
    rule.refresh_from_db()
    assert rule.active is False
    assert file_ticket(applicant.user).handling_organisation is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        # a code that is no region
        ({"division_code": "549999"}, "division_code"),
        # not a region code at all
        ({"division_code": "lhasa"}, "division_code"),
        # an item that does not exist
        ({"implementation_code": "NO-SUCH"}, "implementation_code"),
        # no unit to send to
        ({"target": ""}, "target"),
    ],
)
def test_bad_input_is_refused_on_its_field_in_the_users_language(
    client: Client,
    desk: dict[str, Any],
    orgs: dict[str, Any],
    changes: dict[str, Any],
    field: str,
) -> None:
    _login(client, desk["dispatcher"], language="bo")
    response = client.post(RULES, _rule(orgs, **changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert TIBETAN.search(errors[field][0]), errors
    assert RoutingRule.objects.count() == 0


@pytest.mark.parametrize(
    "division_code",
    [
        "540200",  # 日喀则: outside the 拉萨 dispatcher's area
        "",  # every region: only for a dispatcher of every region
    ],
)
def test_a_regional_dispatcher_keeps_rules_of_their_region_only(
    client: Client, desk: dict[str, Any], orgs: dict[str, Any], division_code: str
) -> None:
    _login(client, desk["dispatcher"])
    response = client.post(RULES, _rule(orgs, division_code=division_code))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert RoutingRule.objects.count() == 0


def test_staff_who_do_not_dispatch_see_no_rules(
    client: Client, desk: dict[str, Any]
) -> None:
    _login(client, desk["handler"])
    assert client.get(RULES).status_code == 404

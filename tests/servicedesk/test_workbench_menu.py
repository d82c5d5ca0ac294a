"""The service desk is in the workbench menu of the staff who take or handle tickets."""

from typing import Any

import pytest
from django.test import Client

from tests.conftest import otp_verified
from tongban.accounts.domain.roles import Role

pytestmark = pytest.mark.django_db


def test_a_counter_clerk_finds_the_service_desk_in_the_menu(
    client: Client, make_staff: Any
) -> None:
    otp_verified(client, make_staff("menu.clerk", Role.COUNTER_CLERK))
    assert (
        'href="/workbench/servicedesk/"' in client.get("/workbench/").content.decode()
    )


def test_a_catalogue_manager_does_not(client: Client, make_staff: Any) -> None:
    otp_verified(client, make_staff("menu.catalogue", Role.CATALOGUE_MANAGER))
    assert (
        'href="/workbench/servicedesk/"'
        not in client.get("/workbench/").content.decode()
    )

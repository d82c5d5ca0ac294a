"""Other systems as OAuth2 clients (client credentials): hashed secrets, no usable token
at rest, scopes per API, the region of their account, a rate limit of their own."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from oauth2_provider.models import AccessToken, Application

from tests.client_systems import bearer, client_system, token_response
from tongban.core.models import AuditEvent

pytestmark = pytest.mark.django_db
FEED = "/api/v1/exchange/case-events"
SCOPE = "exchange.case_events.read"


@pytest.fixture
def system(make_staff, capsys) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    make_staff("dept.system", "exchange_client", division_code="540100")
    return client_system(capsys, "dept.system", SCOPE, "--rate", "3")


def test_the_secret_is_stored_hashed(system) -> None:  # type: ignore[no-untyped-def]
    client_id, secret = system
    stored = Application.objects.get(client_id=client_id).client_secret
    assert secret not in stored
    assert stored.startswith(("pbkdf2", "md5", "argon2", "bcrypt"))
    assert AuditEvent.objects.filter(action="client_system.create").exists()


def test_no_usable_token_is_kept_at_rest(system) -> None:  # type: ignore[no-untyped-def]
    token = token_response(*system).json()["access_token"]
    stored = AccessToken.objects.get()
    assert stored.token == ""
    assert token not in str(list(AccessToken.objects.values()))


def test_a_wrong_secret_gets_no_token(system) -> None:  # type: ignore[no-untyped-def]
    assert token_response(system[0], "wrong").status_code == 401


def test_a_scope_not_granted_cannot_be_asked_for(system) -> None:  # type: ignore[no-untyped-def]
    response = token_response(*system, scope="webhooks.manage")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


def test_an_api_needs_its_scope(make_staff, capsys) -> None:  # type: ignore[no-untyped-def]
    make_staff("hooks.only", "exchange_client", division_code="540100")
    api = bearer(*client_system(capsys, "hooks.only", "webhooks.manage"))
    assert api.get(FEED).status_code == 403


def test_each_client_system_has_its_own_rate_limit(system) -> None:  # type: ignore[no-untyped-def]
    api = bearer(*system)
    assert [api.get(FEED).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_a_rotated_secret_replaces_the_old_one_at_once(system, capsys) -> None:  # type: ignore[no-untyped-def]
    client_id, old = system
    call_command("client_system", "dept.system", "--rotate", client_id)
    new = capsys.readouterr().out.strip()
    assert token_response(client_id, old).status_code == 401
    assert token_response(client_id, new).status_code == 200


def test_a_disabled_client_system_is_refused_at_once(system, capsys) -> None:  # type: ignore[no-untyped-def]
    api = bearer(*system)
    call_command("client_system", "dept.system", "--disable", system[0])
    assert api.get(FEED).status_code == 401
    assert token_response(*system).status_code in (400, 401)


def test_only_an_exchange_account_becomes_a_client_system(make_staff) -> None:  # type: ignore[no-untyped-def]
    make_staff("a.clerk", "counter_clerk")
    with pytest.raises(CommandError):
        call_command("client_system", "a.clerk", "--scopes", SCOPE)


def test_unknown_scopes_are_refused(make_staff) -> None:  # type: ignore[no-untyped-def]
    make_staff("dept.system", "exchange_client")
    with pytest.raises(CommandError):
        call_command("client_system", "dept.system", "--scopes", "everything")

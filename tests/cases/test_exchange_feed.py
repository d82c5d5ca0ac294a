"""Other systems read every transition of their region, in order, with a token."""

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from rest_framework.test import APIClient

from tests.conftest import PASSWORD
from tongban.accounts.models import ExchangeToken, User
from tongban.core.models import AuditEvent

pytestmark = pytest.mark.django_db
FEED = "/api/v1/exchange/case-events"


@pytest.fixture
def token(make_staff, capsys) -> str:  # type: ignore[no-untyped-def]
    make_staff("provincial.platform", "exchange_client", division_code="540100")
    call_command("exchange_token", "provincial.platform")
    return capsys.readouterr().out.strip()


def test_a_system_reads_the_events_of_its_region_in_order(submit, act, token) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    act("clerk", uuid, "accept")
    client = APIClient()
    assert client.get(FEED).status_code in (401, 403)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    body = client.get(FEED).json()
    assert [e["event"] for e in body["events"]] == ["submit", "accept"]
    assert body["events"][1]["to_state"] == "accepted"
    following = client.get(FEED, {"after": body["next_after"]}).json()
    assert following["events"] == []
    assert following["next_after"] == body["next_after"]


def test_a_system_of_another_region_sees_nothing(submit, make_staff, capsys) -> None:  # type: ignore[no-untyped-def]
    submit()
    make_staff("xigaze.system", "exchange_client", division_code="540200")
    call_command("exchange_token", "xigaze.system")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {capsys.readouterr().out.strip()}")
    assert client.get(FEED).json()["events"] == []


def _tokens(capsys, *args: str) -> str:  # type: ignore[no-untyped-def]
    call_command("exchange_token", "provincial.platform", *args)
    return capsys.readouterr().out.strip()


def _status(token: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get(FEED).status_code


def test_a_token_is_stored_hashed_with_only_its_prefix_in_clear(token, capsys) -> None:  # type: ignore[no-untyped-def]
    stored = ExchangeToken.objects.get()
    assert token not in str(list(ExchangeToken.objects.values()))
    assert stored.prefix == token[:8]
    listing = _tokens(capsys, "--list")
    assert token[:8] in listing
    assert token not in listing


def test_a_token_expires(token, time_machine, settings) -> None:  # type: ignore[no-untyped-def]
    assert _status(token) == 200
    time_machine.shift(
        datetime.timedelta(days=settings.EXCHANGE_TOKEN_TTL_DAYS, hours=1)
    )
    assert _status(token) == 401


def test_rotation_keeps_the_old_token_for_the_overlap_only(
    token, capsys, time_machine, settings
) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-02 10:00:00+08:00", tick=False)
    new = _tokens(capsys)
    assert new != token
    assert (_status(token), _status(new)) == (200, 200)
    time_machine.shift(
        datetime.timedelta(hours=settings.EXCHANGE_TOKEN_OVERLAP_HOURS, minutes=1)
    )
    assert (_status(token), _status(new)) == (401, 200)


def test_rotation_without_overlap_and_revocation_end_a_token_at_once(
    token, capsys
) -> None:  # type: ignore[no-untyped-def]
    new = _tokens(capsys, "--no-overlap")
    assert (_status(token), _status(new)) == (401, 200)
    _tokens(capsys, "--revoke", new[:8])
    assert _status(new) == 401
    assert AuditEvent.objects.filter(action="exchange_token.revoke").exists()


def test_the_exchange_account_cannot_log_in_to_pages(token, client) -> None:  # type: ignore[no-untyped-def]
    for url in ("/workbench/login/", "/admin/login/"):
        response = client.post(
            url, {"username": "provincial.platform", "password": PASSWORD}
        )
        assert response.status_code == 200, url  # the form again, not in
    assert client.get("/workbench/").status_code == 302


def test_the_exchange_account_cannot_read_cases_through_the_internal_api(
    submit, token
) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    system = User.objects.get(username="provincial.platform")
    by_token = APIClient()
    by_token.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    by_session = APIClient()
    by_session.force_authenticate(system)
    for client in (by_token, by_session):
        for url in ("/api/v1/internal/cases/", f"/api/v1/internal/cases/{uuid}/"):
            assert client.get(url).status_code in (401, 403), url


def test_existing_clear_text_tokens_are_moved_into_hashed_ones(make_staff) -> None:  # type: ignore[no-untyped-def]
    system = make_staff("old.system", "exchange_client", division_code="540100")
    legacy = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, "
            "created timestamp, user_id bigint)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)",
            [legacy, "2026-01-01 00:00:00", system.pk],
        )
    migration = importlib.import_module(
        "tongban.accounts.migrations.0005_exchange_tokens_from_authtoken"
    )
    migration.move_tokens(apps, SimpleNamespace(connection=connection))
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0
    assert ExchangeToken.objects.get(user=system).prefix == legacy[:8]
    assert _status(legacy) == 200  # the same key keeps working, now hashed


def test_the_feed_carries_the_channel_code(submit, token) -> None:  # type: ignore[no-untyped-def]
    submit()  # online, from a computer: 申报来源 2 (GB/T 39046 A.5)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(FEED).json()["events"][0]["application_channel"] == "2"

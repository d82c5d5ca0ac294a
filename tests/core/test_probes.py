"""Liveness and readiness probes."""

import pytest
from django.test import Client

from tongban.core.services import worker_heartbeat_beat
from tongban.core.tasks import worker_heartbeat


def test_healthz_answers_without_the_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_unavailable_until_a_worker_beats(client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "worker": False}
    worker_heartbeat_beat()
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_goes_unavailable_when_the_heartbeat_is_old(
    client: Client, time_machine
) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-11-27 10:00:00+08:00", tick=False)
    worker_heartbeat.enqueue()  # runs at once with the test task backend
    assert client.get("/readyz").status_code == 200
    time_machine.move_to("2026-11-27 10:05:00+08:00", tick=False)
    assert client.get("/readyz").status_code == 503

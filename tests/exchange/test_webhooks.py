"""Case events reach a department system as signed CloudEvents: the sample receiver runs
as its own process and is reached over real HTTP; it fails twice, then takes each event
once, in order per case; a replay carries the same id; dead letters are listed and can be
replayed; subscriptions are per client system, event type and region."""

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from rest_framework.test import APIClient

from tests.cases.conftest import *  # noqa: F403 - the case fixtures (submit, act, …)
from tests.client_systems import bearer, client_system
from tests.reference import counterpart
from tongban.exchange.services import case_events_relay
from tongban.notifications import webhooks
from tongban.notifications.models import WebhookDelivery
from tongban.notifications.tasks import dispatch_due_webhooks

pytestmark = pytest.mark.django_db
HOOKS = "/api/v1/exchange/webhooks"


@pytest.fixture(autouse=True)
def _monday() -> None:
    """The case fixtures freeze a Monday; signatures carry real timestamps, so not here."""


@pytest.fixture(scope="module")
def receiver_process() -> Iterator[str]:
    with counterpart("receiver") as url:
        yield url


@pytest.fixture
def receiver(receiver_process: str) -> str:
    requests.put(f"{receiver_process}/config", json={"reset": True}, timeout=5)
    return receiver_process


@pytest.fixture
def system(make_staff, capsys) -> APIClient:  # type: ignore[no-untyped-def]
    make_staff("dept.system", "exchange_client", division_code="540100")
    return bearer(*client_system(capsys, "dept.system", "webhooks.manage"))


def _subscribe(
    system: APIClient, receiver: str, fail_first: int = 0, **body: Any
) -> Any:
    response = system.post(
        f"{HOOKS}/subscriptions",
        {"url": f"{receiver}/events", "event_types": ["cn.tongban.case.*"]}
        | {"division_code": "540100"}
        | body,
        format="json",
    )
    assert response.status_code == 201, response.content
    secret = response.json()["secret"]
    requests.put(
        f"{receiver}/config",
        json={"secret": secret, "fail_first": fail_first},
        timeout=5,
    )
    return response.json()


def _relay_and_sweep(capture: Any, rounds: int = 3) -> None:
    with capture(execute=True):
        case_events_relay()
    for _ in range(rounds):
        with capture(execute=True):
            dispatch_due_webhooks.call()


def _received(receiver: str) -> dict[str, Any]:
    return requests.get(f"{receiver}/received", timeout=5).json()


def test_a_receiver_that_fails_twice_gets_each_event_once_in_order(
    submit, act, system, receiver, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0  # retries due at once: the sweep retries
    _subscribe(system, receiver, fail_first=2)
    uuid = submit().json()["uuid"]
    act("clerk", uuid, "accept")
    _relay_and_sweep(django_capture_on_commit_callbacks)
    got = _received(receiver)
    assert got["failed"] == 2
    assert [e["type"] for e in got["events"]] == [
        "cn.tongban.case.submit",
        "cn.tongban.case.accept",
    ]
    assert got["duplicates"] == 0
    assert len({e["subject"] for e in got["events"]}) == 1
    first = WebhookDelivery.objects.order_by("id").first()
    assert first is not None
    assert first.attempts == 3
    # relaying again emits nothing new
    _relay_and_sweep(django_capture_on_commit_callbacks, rounds=1)
    assert len(_received(receiver)["events"]) == 2


def test_a_replay_is_recognised_by_its_id(
    submit, system, receiver, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _subscribe(system, receiver)
    submit()
    _relay_and_sweep(django_capture_on_commit_callbacks, rounds=1)
    delivery = system.get(f"{HOOKS}/deliveries").json()[0]
    assert delivery["status"] == "delivered"
    with django_capture_on_commit_callbacks(execute=True):
        replayed = system.post(f"{HOOKS}/deliveries/{delivery['id']}/replay")
    assert replayed.status_code == 202
    got = _received(receiver)
    assert (len(got["events"]), got["duplicates"]) == (1, 1)
    assert got["events"][0]["id"] == delivery["event_id"]
    log = system.get(f"{HOOKS}/deliveries").json()[0]["attempt_log"]
    assert [a["replay"] for a in log] == [False, True]


def test_a_bad_signature_is_refused_by_the_sample_receiver(system, receiver) -> None:  # type: ignore[no-untyped-def]
    _subscribe(system, receiver)
    response = requests.post(
        f"{receiver}/events",
        data=b'{"specversion":"1.0"}',
        headers={
            "webhook-id": "x",
            "webhook-timestamp": "1",
            "webhook-signature": "v1,AAAA",
        },
        timeout=5,
    )
    assert response.status_code == 401
    assert _received(receiver)["refused"] == 1


def test_after_the_last_attempt_a_delivery_is_a_dead_letter_that_can_be_replayed(
    submit, system, receiver, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    _subscribe(system, receiver, fail_first=10)
    submit()
    _relay_and_sweep(django_capture_on_commit_callbacks)
    dead = system.get(f"{HOOKS}/deliveries", {"status": "dead"}).json()
    assert len(dead) == 1
    assert [a["status_code"] for a in dead[0]["attempt_log"]] == [503, 503]
    requests.put(f"{receiver}/config", json={"fail_first": 0}, timeout=5)
    with django_capture_on_commit_callbacks(execute=True):
        system.post(f"{HOOKS}/deliveries/{dead[0]['id']}/replay")
    assert len(_received(receiver)["events"]) == 1
    assert system.get(f"{HOOKS}/deliveries", {"status": "dead"}).json() == []


def test_a_subscription_gets_only_its_region(
    submit, system, receiver, django_capture_on_commit_callbacks, make_staff, capsys
) -> None:  # type: ignore[no-untyped-def]
    make_staff("xigaze.system", "exchange_client", division_code="540200")
    xigaze = bearer(*client_system(capsys, "xigaze.system", "webhooks.manage"))
    _subscribe(xigaze, receiver, division_code="540200")
    submit()  # a 拉萨 case
    _relay_and_sweep(django_capture_on_commit_callbacks, rounds=1)
    assert _received(receiver)["events"] == []
    refused = xigaze.post(
        f"{HOOKS}/subscriptions",
        {"url": f"{receiver}/events", "event_types": ["cn.tongban.case.*"]}
        | {"division_code": "540100"},
        format="json",
    )
    assert refused.status_code == 403


def test_a_subscription_gets_only_its_event_types(
    submit, act, system, receiver, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _subscribe(system, receiver, event_types=["cn.tongban.case.accept"])
    uuid = submit().json()["uuid"]
    act("clerk", uuid, "accept")
    _relay_and_sweep(django_capture_on_commit_callbacks, rounds=1)
    assert [e["type"] for e in _received(receiver)["events"]] == [
        "cn.tongban.case.accept"
    ]


def test_the_event_type_registry_is_open_and_checked(system) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="unregistered"):
        webhooks.webhook_event_emit(
            type="cn.tongban.nothing.happened",
            subject="x",
            division_code="540100",
            data={},
            origin="test:1",
        )
    refused = system.post(
        f"{HOOKS}/subscriptions",
        {"url": "http://127.0.0.1:1/", "event_types": ["cn.tongban.evaluation.*"]}
        | {"division_code": "540100"},
        format="json",
    )
    assert refused.status_code == 400
    webhooks.event_type_register("cn.tongban.evaluation.rated", "evaluation rated")
    assert "cn.tongban.evaluation.rated" in system.get(f"{HOOKS}/event-types").json()
    accepted = system.post(
        f"{HOOKS}/subscriptions",
        {"url": "http://127.0.0.1:1/", "event_types": ["cn.tongban.evaluation.*"]}
        | {"division_code": "540100"},
        format="json",
    )
    assert accepted.status_code == 201


def test_the_webhook_api_needs_its_scope(make_staff, capsys) -> None:  # type: ignore[no-untyped-def]
    make_staff("feed.only", "exchange_client", division_code="540100")
    feed = bearer(*client_system(capsys, "feed.only", "exchange.case_events.read"))
    assert feed.get(f"{HOOKS}/deliveries").status_code == 403


def test_with_the_queue_in_the_database_a_delivery_task_commits_with_its_event(
    system, tasks_in_database
) -> None:  # type: ignore[no-untyped-def]
    """Production's task backend: the delivery's task row is written in the event's
    transaction (no worker sees it before the commit, none is lost after it)."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    made = system.post(
        f"{HOOKS}/subscriptions",
        {"url": "http://127.0.0.1:1/", "event_types": ["cn.tongban.case.*"]}
        | {"division_code": "540100"},
        format="json",
    )
    assert made.status_code == 201, made.content
    type_ = next(t for t in webhooks.event_types() if t.startswith("cn.tongban.case."))
    with transaction.atomic():
        webhooks.webhook_event_emit(
            type=type_, subject="case-1", division_code="540102", data={}, origin="t:1"
        )
        (queued,) = DBTaskResult.objects.filter(task_path__endswith="deliver_webhook")
    delivery = WebhookDelivery.objects.get()
    assert queued.args_kwargs["kwargs"] == {"delivery_id": delivery.pk}

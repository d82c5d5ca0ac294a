"""The platform administrator's workbench page for webhook subscriptions: list, create
for a client system (the secret shown once), pause (deliveries wait, nothing is lost)
and resume, the delivery log with its dead letters, replay; each change audited; other
roles are refused."""

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from django.test import Client

from tests.cases.conftest import *  # noqa: F403 - the case fixtures (submit, …)
from tests.client_systems import client_system
from tests.reference import counterpart
from tongban.core.models import AuditEvent
from tongban.exchange.services import case_events_relay
from tongban.notifications.models import WebhookDelivery, WebhookSubscription
from tongban.notifications.tasks import dispatch_due_webhooks

pytestmark = pytest.mark.django_db
PAGE = "/workbench/integrations/webhooks/"


@pytest.fixture(scope="module")
def receiver() -> Iterator[str]:
    with counterpart("receiver") as url:
        yield url


@pytest.fixture
def admin(make_staff, capsys) -> Client:  # type: ignore[no-untyped-def]
    make_staff("dept.system", "exchange_client", division_code="540100")
    client_system(capsys, "dept.system", "webhooks.manage")
    client = Client()
    client.force_login(make_staff("root.admin", "platform_admin", division_code=None))
    return client


def _create(admin: Client, receiver: str, **extra: Any) -> Any:
    page = admin.get(PAGE)
    client_id = page.context["form"].fields["client"].choices[0][0]
    return admin.post(
        PAGE,
        {
            "client": client_id,
            "url": f"{receiver}/events",
            "event_types": "cn.tongban.case.*",
            "division_code": "540100",
        }
        | extra,
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )


def test_an_admin_creates_a_subscription_and_sees_its_secret_once(
    admin, receiver
) -> None:  # type: ignore[no-untyped-def]
    created = _create(admin, receiver)
    assert created.status_code == 200
    secret = created.context["secret"]
    assert secret.startswith("whsec_")
    assert secret in created.content.decode()
    listed = admin.get(PAGE).content.decode()
    assert f"{receiver}/events" in listed
    assert secret not in listed
    assert AuditEvent.objects.filter(action="webhook.subscribe").count() == 1


def test_a_bad_pattern_is_refused_with_the_form_kept(admin, receiver) -> None:  # type: ignore[no-untyped-def]
    refused = _create(admin, receiver, event_types="cn.tongban.nothing.*")
    assert refused.status_code == 400
    assert "cn.tongban.nothing.*" in refused.content.decode()
    assert WebhookSubscription.objects.count() == 0


def test_paused_deliveries_wait_and_go_on_resume_then_replay_from_the_log(
    admin, receiver, submit, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    requests.put(f"{receiver}/config", json={"reset": True}, timeout=5)
    secret = _create(admin, receiver).context["secret"]
    requests.put(f"{receiver}/config", json={"secret": secret}, timeout=5)
    subscription = WebhookSubscription.objects.get()
    admin.post(f"{PAGE}{subscription.uuid}/pause", {"paused": "1"})
    submit()
    with django_capture_on_commit_callbacks(execute=True):
        case_events_relay()
    with django_capture_on_commit_callbacks(execute=True):
        dispatch_due_webhooks.call()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 0)
    assert requests.get(f"{receiver}/received", timeout=5).json()["events"] == []
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"{PAGE}{subscription.uuid}/pause", {"paused": "0"})
    delivery.refresh_from_db()
    assert delivery.status == "delivered"
    log = admin.get(f"{PAGE}{subscription.uuid}/deliveries")
    assert str(delivery.event.uuid) in log.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"{PAGE}{subscription.uuid}/deliveries/{delivery.uuid}/replay")
    got = requests.get(f"{receiver}/received", timeout=5).json()
    assert (len(got["events"]), got["duplicates"]) == (1, 1)  # same id: recognised
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"webhook.pause", "webhook.resume", "webhook.replay"} <= actions


def test_the_dead_letters_are_listed_apart(admin, receiver) -> None:  # type: ignore[no-untyped-def]
    _create(admin, receiver)
    subscription = WebhookSubscription.objects.get()
    dead = admin.get(f"{PAGE}{subscription.uuid}/deliveries", {"status": "dead"})
    assert dead.status_code == 200
    assert dead.context["status"] == "dead"


def test_other_roles_are_refused(staff) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(staff["clerk"])
    assert client.get(PAGE).status_code == 403

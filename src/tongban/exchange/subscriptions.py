"""Webhook subscriptions managed from the workbench by a platform administrator, on
behalf of any client system: create (the secret shown once), pause and resume, replay a
delivery. Each change is audited; the client systems themselves use the exchange API."""

from typing import Any

from django.db import transaction

from tongban.core.permissions import Perm, require
from tongban.core.services import audit_record
from tongban.notifications import webhooks
from tongban.notifications.models import WebhookDelivery, WebhookSubscription


@transaction.atomic
def subscription_create(
    *,
    actor: Any,
    application: Any,
    url: str,
    event_types: list[str],
    division_prefix: str,
) -> tuple[WebhookSubscription, str]:
    require(actor, Perm.INTEGRATION_MANAGE)
    subscription, secret = webhooks.webhook_subscribe(
        application=application,
        url=url,
        event_types=event_types,
        division_prefix=division_prefix,
    )
    audit_record(
        actor=actor,
        action="webhook.subscribe",
        instance=subscription,
        changes={
            "url": [None, url],
            "event_types": [None, subscription.event_types],
            "division_prefix": [None, division_prefix],
        },
    )
    return subscription, secret


@transaction.atomic
def subscription_pause(
    *, actor: Any, subscription: WebhookSubscription, paused: bool
) -> None:
    require(actor, Perm.INTEGRATION_MANAGE)
    before = subscription.paused
    webhooks.webhook_pause(subscription=subscription, paused=paused)
    audit_record(
        actor=actor,
        action="webhook.pause" if paused else "webhook.resume",
        instance=subscription,
        changes={"paused": [before, paused]},
    )


def delivery_replay(*, actor: Any, delivery: WebhookDelivery) -> WebhookDelivery:
    require(actor, Perm.INTEGRATION_MANAGE)
    with transaction.atomic():
        replayed = webhooks.webhook_replay(delivery=delivery)
        audit_record(
            actor=actor,
            action="webhook.replay",
            instance=delivery,
            changes={"replays": [delivery.replays, replayed.replays]},
        )
    return replayed

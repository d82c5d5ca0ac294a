"""Webhooks through the outbox: CloudEvents 1.0 (structured JSON, the ``cloudevents``
SDK) POSTed to the subscriptions of client systems, signed with HMAC and a timestamp
(``domain.signing``).

- The event-type registry is open: any app registers its types
  (``event_type_register``, from its ``AppConfig.ready``) and emits with
  ``webhook_event_emit`` inside its own transaction; nothing here knows the types.
- Subscriptions are per client system (an OAuth2 application), event-type patterns
  (``cn.tongban.case.*``) and region (a division-code prefix).
- One delivery row per event and subscription, written with the event; the HTTP call runs
  after commit (task) and again from the sweep (``webhook_deliveries_due``).
- Order per subject (a case number): a delivery waits while an earlier delivery of the
  same subject to the same subscription is pending; success or the dead letter hands on.
- Retries back off exponentially (``WEBHOOK_RETRY_BASE_SECONDS`` doubling, capped); after
  ``WEBHOOK_MAX_ATTEMPTS`` a delivery is a dead letter, listed and replayable. A replay
  sends the same CloudEvent ``id`` (``webhook-id``), so the receiver recognises a repeat.
- Every attempt is logged (``WebhookAttempt``) for the client's delivery-log API.

Limits: the HTTP call is made while the delivery row is locked (short timeout); the URL's
scheme is checked, its address is not (deployments restrict outbound traffic).
"""

import fnmatch
import logging
import secrets
import time
from datetime import datetime, timedelta
from typing import Any

import requests
from cloudevents.v1.conversion import to_structured
from cloudevents.v1.http import CloudEvent
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise

from tongban.core import crypto
from tongban.notifications.domain.signing import retry_delay_seconds, sign
from tongban.notifications.models import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)

logger = logging.getLogger(__name__)
_EVENT_TYPES: dict[str, Promise | str] = {}
_http = requests.Session()  # keeps connections to receivers open between deliveries


def event_type_register(name: str, label: Promise | str) -> None:
    """Declare an event type (``cn.tongban.<area>.<event>``) that may be emitted."""
    _EVENT_TYPES[name] = label


def event_types() -> dict[str, Promise | str]:
    return dict(_EVENT_TYPES)


def webhook_subscribe(
    *, application: Any, url: str, event_types: list[str], division_prefix: str
) -> tuple[WebhookSubscription, str]:
    """A subscription and its signing secret (returned once; kept encrypted to sign)."""
    secret = "whsec_" + secrets.token_urlsafe(32)
    subscription = WebhookSubscription(
        application=application,
        url=url,
        event_types=sorted(set(event_types)),
        division_prefix=division_prefix,
        secret_encrypted=crypto.encrypt(secret),
    )
    subscription.full_clean()
    subscription.save()
    return subscription, secret


def _matches(subscription: WebhookSubscription, type_: str, division: str) -> bool:
    if not division.startswith(subscription.division_prefix):
        return False
    return any(fnmatch.fnmatchcase(type_, p) for p in subscription.event_types)


def webhook_event_emit(
    *,
    type: str,
    subject: str,
    division_code: str,
    data: dict[str, Any],
    origin: str,
    time: datetime | None = None,
) -> WebhookEvent | None:
    """Record an event and its deliveries in the caller's transaction; ``None`` when
    ``origin`` was emitted already."""
    if type not in _EVENT_TYPES:
        raise ValueError(f"unregistered webhook event type {type!r}")
    if WebhookEvent.objects.filter(origin=origin).exists():
        return None
    event = WebhookEvent.objects.create(
        type=type,
        source=settings.WEBHOOK_SOURCE,
        subject=subject,
        division_code=division_code,
        origin=origin,
        data=data,
        time=time or timezone.now(),
    )
    now = timezone.now()
    made = [
        WebhookDelivery(
            subscription=subscription,
            event=event,
            subject=subject,
            next_attempt_at=now,
        )
        for subscription in WebhookSubscription.objects.filter(active=True)
        if _matches(subscription, type, division_code)
    ]
    WebhookDelivery.objects.bulk_create(made)
    if made:
        ids = [delivery.pk for delivery in made]
        transaction.on_commit(lambda: _enqueue(ids))
    return event


def _enqueue(delivery_ids: list[int]) -> None:
    from tongban.notifications.tasks import deliver_webhook  # tasks import this module

    for delivery_id in delivery_ids:
        deliver_webhook.enqueue(delivery_id=delivery_id)


def _enqueue_next(subscription_id: int, subject: str) -> None:
    following = (
        WebhookDelivery.objects.filter(
            subscription_id=subscription_id,
            subject=subject,
            status=WebhookDelivery.Status.PENDING,
        )
        .order_by("id")
        .values_list("pk", flat=True)
        .first()
    )
    if following is not None:
        _enqueue([following])


def webhook_deliveries_due() -> list[int]:
    """Pending, due deliveries with no earlier pending one of the same subject."""
    due = (
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=timezone.now()
        )
        .order_by("id")
        .values_list("pk", "subscription_id", "subject")[:5000]
    )
    heads, seen = [], set()
    for pk, subscription_id, subject in due:
        if (subscription_id, subject) in seen:
            continue
        seen.add((subscription_id, subject))
        if not _earlier_pending(pk, subscription_id, subject):
            heads.append(pk)
    return heads


def _earlier_pending(pk: int, subscription_id: int, subject: str) -> bool:
    return WebhookDelivery.objects.filter(
        subscription_id=subscription_id,
        subject=subject,
        status=WebhookDelivery.Status.PENDING,
        id__lt=pk,
    ).exists()


def cloud_event_request(
    event: WebhookEvent, secret: str
) -> tuple[dict[str, str], bytes]:
    """The HTTP headers and body of one delivery: a structured CloudEvent, signed."""
    attributes = {
        "id": str(event.uuid),
        "type": event.type,
        "source": event.source,
        "subject": event.subject,
        "time": event.time.isoformat(),
        "datacontenttype": "application/json",
        "region": event.division_code,
    }
    headers, body = to_structured(CloudEvent(attributes, event.data))
    stamp = int(time.time())
    headers = {
        **headers,
        "webhook-id": str(event.uuid),
        "webhook-timestamp": str(stamp),
        "webhook-signature": sign(
            secret=secret, message_id=str(event.uuid), timestamp=stamp, body=body
        ),
    }
    return headers, body


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    secret = crypto.decrypt(delivery.subscription.secret_encrypted)
    headers, body = cloud_event_request(delivery.event, secret)
    try:
        response = _http.post(
            delivery.subscription.url,
            data=body,
            headers=headers,
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
            allow_redirects=False,
        )
    except requests.RequestException as failure:
        return None, type(failure).__name__
    said = "" if response.ok else response.text[:200].replace("\x00", "\ufffd")
    return response.status_code, said


def webhook_deliver(*, delivery_id: int) -> str:
    """One attempt of one delivery if it is pending, due and first of its subject."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("subscription", "event")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return "missing"
        if (
            delivery.status != WebhookDelivery.Status.PENDING
            or delivery.next_attempt_at > timezone.now()
        ):
            return str(delivery.status)
        if _earlier_pending(delivery.pk, delivery.subscription_id, delivery.subject):
            return "waiting"
        delivery.attempts += 1
        status_code, error = _post(delivery)
        now = timezone.now()
        WebhookAttempt.objects.create(
            delivery=delivery,
            attempted_at=now,
            status_code=status_code,
            error=error,
            replay=delivery.replays > 0,
        )
        if status_code is not None and 200 <= status_code < 300:
            delivery.status = WebhookDelivery.Status.DELIVERED
            delivery.delivered_at = now
        elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            delivery.status = WebhookDelivery.Status.DEAD
            logger.warning("webhook delivery %s is a dead letter", delivery.uuid)
        else:
            delay = retry_delay_seconds(
                delivery.attempts,
                base=settings.WEBHOOK_RETRY_BASE_SECONDS,
                cap=settings.WEBHOOK_RETRY_MAX_SECONDS,
            )
            delivery.next_attempt_at = now + timedelta(seconds=delay)
        delivery.save()
        if delivery.status != WebhookDelivery.Status.PENDING:
            key = (delivery.subscription_id, delivery.subject)
            transaction.on_commit(lambda: _enqueue_next(*key))  # next of this subject
        return str(delivery.status)


def webhook_replay(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again (a dead letter, or one the client asks for once more)."""
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
        delivery.status = WebhookDelivery.Status.PENDING
        delivery.attempts = 0
        delivery.replays += 1
        delivery.next_attempt_at = timezone.now()
        delivery.save()
        transaction.on_commit(lambda: _enqueue([delivery.pk]))
    return delivery


def subscriptions_of(*, application: Any) -> Any:
    return WebhookSubscription.objects.filter(
        application=application, active=True
    ).order_by("id")


def webhook_unsubscribe(*, subscription: WebhookSubscription) -> None:
    subscription.active = False
    subscription.save(update_fields=["active"])
    WebhookDelivery.objects.filter(
        subscription=subscription, status=WebhookDelivery.Status.PENDING
    ).update(status=WebhookDelivery.Status.DEAD)


def deliveries_of(*, application: Any, status: str = "") -> Any:
    """The delivery log of a client system's subscriptions, newest first."""
    rows = (
        WebhookDelivery.objects.filter(subscription__application=application)
        .select_related("event", "subscription")
        .prefetch_related("attempt_log")
        .order_by("-id")
    )
    return rows.filter(status=status) if status else rows

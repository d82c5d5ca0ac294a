"""Webhooks through the outbox: CloudEvents 1.0 (structured JSON, the ``cloudevents``
SDK) POSTed to the subscriptions of client systems, signed with HMAC and a timestamp
(``domain.signing``).

- The event-type registry is open: any app registers its types
  (``event_type_register``, from its ``AppConfig.ready``) and emits with
  ``webhook_event_emit`` inside its own transaction; nothing here knows the types.
- Subscriptions are per client system (an OAuth2 application), event-type patterns
  (``cn.tongban.case.*``) and region (a division-code prefix).
- One delivery row per event and subscription, written with the event; the HTTP call runs
  after commit (task) and again from the sweep (``webhook_deliver_due``).
- Order per subject (a case number): a delivery waits while an earlier delivery of the
  same subject to the same subscription is pending; success or the dead letter hands on.
- Retries back off exponentially (``WEBHOOK_RETRY_BASE_SECONDS`` doubling, capped); after
  ``WEBHOOK_MAX_ATTEMPTS`` a delivery is a dead letter, listed and replayable. A replay
  sends the same CloudEvent ``id`` (``webhook-id``), so the receiver recognises a repeat.
- Every attempt is logged (``WebhookAttempt``) for the client's delivery-log API.

- Claim, send, record: a delivery is claimed in a short transaction (its
  ``next_attempt_at`` moves to a lease past the timeout, so no other worker takes it and a
  worker that dies mid-call leaves it to the sweep), the HTTP call runs with no
  transaction open and no row locked, and the outcome is recorded in a second short
  transaction, many at once for a sweep's batch (``webhook_deliver_due``). A claim that
  was replaced meanwhile (a replay, an unsubscribe) logs its attempt and changes nothing.
- Addresses: a URL must resolve to public addresses only (``domain.addresses``), checked
  at subscription and again just before each call (a name that resolved to a public
  address may later resolve to an internal one: DNS rebinding), unless
  ``WEBHOOK_ALLOW_PRIVATE_ADDRESSES``.

Limits: the name is resolved again by the HTTP client right after the check; an
attacker who controls the DNS and answers differently within that instant is stopped
only by the network's egress rules, which deployments keep.
"""

import fnmatch
import logging
import secrets
import socket
import time
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import requests
from cloudevents.v1.conversion import to_structured
from cloudevents.v1.http import CloudEvent
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tongban.core import crypto
from tongban.core.enqueue import enqueue_after_commit
from tongban.notifications.domain.addresses import address_public
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
    if url_address_refused(url):
        raise ValidationError(
            {
                "url": ValidationError(
                    _(
                        "This address does not reach a public server: internal, "
                        "loopback and link-local addresses are not allowed."
                    ),
                    code="address_not_public",
                )
            }
        )
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
    _enqueue([delivery.pk for delivery in made])
    return event


def _enqueue(delivery_ids: list[int]) -> None:
    """Each delivery's task, run after the caller's transaction commits (its row in the
    transaction where the queue is in the database)."""
    from tongban.notifications.tasks import deliver_webhook  # tasks import this module

    for delivery_id in delivery_ids:
        enqueue_after_commit(deliver_webhook, delivery_id=delivery_id)


def _enqueue_next(keys: set[tuple[int, str]]) -> None:
    """Start the next pending delivery of each (subscription, subject) that just
    finished: one query for all of them."""
    if not keys:
        return
    following = (
        WebhookDelivery.objects.filter(
            subscription_id__in={k[0] for k in keys},
            subject__in={k[1] for k in keys},
            status=WebhookDelivery.Status.PENDING,
        )
        .order_by("id")
        .values_list("pk", "subscription_id", "subject")
    )
    first: dict[tuple[int, str], int] = {}
    for pk, subscription_id, subject in following:
        if (subscription_id, subject) in keys:
            first.setdefault((subscription_id, subject), pk)
    _enqueue(list(first.values()))


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


def url_address_refused(url: str) -> bool:
    """True when the URL's host resolves to no address, or to one that is not public
    (and the deployment does not allow those)."""
    if settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        return False
    parts = urlsplit(url)
    try:
        found = socket.getaddrinfo(parts.hostname or "", parts.port or 443)
    except (OSError, UnicodeError):
        return True
    return not found or not all(address_public(str(info[4][0])) for info in found)


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    url = delivery.subscription.url
    if url_address_refused(url):
        return None, "address_refused"
    secret = crypto.decrypt(delivery.subscription.secret_encrypted)
    headers, body = cloud_event_request(delivery.event, secret)
    try:
        response = _http.post(
            url,
            data=body,
            headers=headers,
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
            allow_redirects=False,
        )
    except requests.RequestException as failure:
        return None, type(failure).__name__
    said = "" if response.ok else response.text[:200].replace("\x00", "\ufffd")
    return response.status_code, said


def _claim(*, ids: Iterable[int] | None, limit: int) -> list[WebhookDelivery]:
    """Pending, due deliveries that are first of their subject, leased to this worker."""
    now = timezone.now()
    earlier = WebhookDelivery.objects.filter(
        subscription=OuterRef("subscription"),
        subject=OuterRef("subject"),
        status=WebhookDelivery.Status.PENDING,
        id__lt=OuterRef("id"),
    )
    rows = WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING,
        next_attempt_at__lte=now,
        subscription__paused=False,
    )
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    with transaction.atomic():
        claimed = list(
            rows.filter(~Exists(earlier))
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("subscription", "event")
            .order_by("id")[:limit]
        )
        lease = now + timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS + 60)
        for delivery in claimed:
            delivery.attempts += 1
            delivery.next_attempt_at = lease
        # One statement for the batch (bulk_update's CASE per row is slow at 200 rows).
        WebhookDelivery.objects.filter(pk__in=[d.pk for d in claimed]).update(
            attempts=F("attempts") + 1, next_attempt_at=lease
        )
    return claimed


def _outcome(delivery: WebhookDelivery, status_code: int | None, now: datetime) -> None:
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


def _record(sent: list[tuple[WebhookDelivery, int | None, str]]) -> None:
    """Log every attempt; settle each delivery whose claim still holds."""
    now = timezone.now()
    with transaction.atomic():
        current = WebhookDelivery.objects.select_for_update().in_bulk(
            [delivery.pk for delivery, _code, _error in sent]
        )
        attempts, settled = [], []
        for delivery, status_code, error in sent:
            attempts.append(
                WebhookAttempt(
                    delivery=delivery,
                    attempted_at=now,
                    status_code=status_code,
                    error=error,
                    replay=delivery.replays > 0,
                )
            )
            row = current.get(delivery.pk)
            if row is None or (row.status, row.next_attempt_at) != (
                WebhookDelivery.Status.PENDING,
                delivery.next_attempt_at,
            ):
                continue  # replayed or ended while it was being sent
            _outcome(delivery, status_code, now)
            settled.append(delivery)
        WebhookAttempt.objects.bulk_create(attempts)
        _save_outcomes(settled)
        finished = {
            (d.subscription_id, d.subject)
            for d in settled
            if d.status != WebhookDelivery.Status.PENDING
        }
        transaction.on_commit(
            lambda: _enqueue_next(finished)
        )  # the next of each subject


def _save_outcomes(settled: list[WebhookDelivery]) -> None:
    """One UPDATE per distinct outcome (delivered now, dead, retry at a time), not one
    per row: a sweep's batch has a handful of distinct outcomes."""
    groups: dict[tuple[str, Any, Any], list[int]] = defaultdict(list)
    for d in settled:
        groups[(d.status, d.delivered_at, d.next_attempt_at)].append(d.pk)
    for (status, delivered_at, next_attempt_at), ids in groups.items():
        WebhookDelivery.objects.filter(pk__in=ids).update(
            status=status, delivered_at=delivered_at, next_attempt_at=next_attempt_at
        )


def _send(claimed: list[WebhookDelivery]) -> list[WebhookDelivery]:
    if claimed:
        _record([(d, *_post(d)) for d in claimed])
    return claimed


def webhook_deliver(*, delivery_id: int) -> str:
    """One attempt of one delivery if it is pending, due and first of its subject."""
    claimed = _send(_claim(ids=[delivery_id], limit=1))
    if claimed:
        return str(claimed[0].status)
    row = WebhookDelivery.objects.filter(pk=delivery_id).first()
    if row is None:
        return "missing"
    return (
        "waiting" if row.status == WebhookDelivery.Status.PENDING else str(row.status)
    )


def webhook_deliver_due(*, limit: int = 200) -> int:
    """One pass of the sweep: claim up to ``limit`` due deliveries, send, record;
    returns how many were attempted."""
    return len(_send(_claim(ids=None, limit=limit)))


def webhook_replay(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again (a dead letter, or one the client asks for once more)."""
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
        delivery.status = WebhookDelivery.Status.PENDING
        delivery.attempts = 0
        delivery.replays += 1
        delivery.next_attempt_at = timezone.now()
        delivery.save()
        _enqueue([delivery.pk])
    return delivery


def webhook_pause(*, subscription: WebhookSubscription, paused: bool) -> None:
    """Pause or resume sending; deliveries keep being written while paused."""
    subscription.paused = paused
    subscription.save(update_fields=["paused"])
    if not paused:
        due = WebhookDelivery.objects.filter(
            subscription=subscription, status=WebhookDelivery.Status.PENDING
        ).values_list("subject", flat=True)
        keys = {(subscription.pk, subject) for subject in due}
        transaction.on_commit(lambda: _enqueue_next(keys))


def subscriptions_all() -> Any:
    """Every live subscription, for the platform's workbench."""
    return (
        WebhookSubscription.objects.filter(active=True)
        .select_related("application")
        .order_by("id")
    )


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


def deliveries_of(
    *, application: Any = None, subscription: Any = None, status: str = ""
) -> Any:
    """The delivery log of a client system's subscriptions (or of one), newest first."""
    found = (
        {"subscription": subscription}
        if subscription is not None
        else {"subscription__application": application}
    )
    rows = (
        WebhookDelivery.objects.filter(**found)
        .select_related("event", "subscription")
        .prefetch_related("attempt_log")
        .order_by("-id")
    )
    return rows.filter(status=status) if status else rows

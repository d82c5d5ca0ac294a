"""Outbox writes: enqueue a message inside the caller's transaction, deliver it later.

The message row is written in the same transaction as the change that caused it; the
delivery task is enqueued only after commit, and the scheduler's sweep re-enqueues any pending
row whose task was lost (e.g. the process died between commit and enqueue). Delivery locks the
row and checks its status first, so two workers never send the same message twice.
"""

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from tongban.core.enqueue import enqueue_after_commit
from tongban.core.rows import rows_insert
from tongban.notifications.models import Message
from tongban.notifications.templates import TEMPLATES

logger = logging.getLogger(__name__)
MAX_BACKOFF = timedelta(hours=1)


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, … capped at one hour."""
    return min(timedelta(seconds=30 * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def notification_enqueue(
    *,
    channel: str,
    recipient: str,
    template: str,
    language: str,
    context: dict[str, Any],
) -> Message:
    spec = TEMPLATES[template]
    with translation.override(language):
        subject = str(spec.subject).format(**context)
        body = str(spec.body).format(**context)
    message = Message(
        channel=channel,
        recipient=recipient,
        template=template,
        language=language,
        subject=subject,
        body=body,
        next_attempt_at=timezone.now(),
    )
    rows_insert([message], as_save=True)  # the statement built once (a hot path)
    from tongban.notifications.tasks import deliver_message  # tasks import this module

    enqueue_after_commit(deliver_message, message_id=message.pk)
    return message


def _channel(name: str) -> Any:
    return import_string(settings.NOTIFICATION_CHANNELS[name])()


def message_deliver(*, message_id: int) -> str:
    """Send one message if it is still pending and due; returns the resulting status."""
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None:
            return "missing"
        if (
            message.status != Message.Status.PENDING
            or message.next_attempt_at > timezone.now()
        ):
            return str(message.status)
        message.attempts += 1
        try:
            _channel(message.channel).send(message)
        except Exception as error:
            logger.warning("delivery of message %s failed: %s", message.uuid, error)
            message.last_error = str(error)[:2000]
            if message.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
                message.status = Message.Status.FAILED
            else:
                message.next_attempt_at = timezone.now() + retry_delay(message.attempts)
        else:
            message.status = Message.Status.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
        message.save(
            update_fields=[
                "attempts",
                "status",
                "sent_at",
                "last_error",
                "next_attempt_at",
            ]
        )
        return str(message.status)


def messages_due(*, grace_seconds: int = 30) -> list[int]:
    """Pending messages whose delivery is due and whose first task had time to run."""
    now = timezone.now()
    return list(
        Message.objects.filter(
            status=Message.Status.PENDING,
            next_attempt_at__lte=now,
            created_at__lte=now - timedelta(seconds=grace_seconds),
        ).values_list("pk", flat=True)[:1000]
    )

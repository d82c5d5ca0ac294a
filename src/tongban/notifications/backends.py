"""Delivery channels. Console and file backends for local use; a gateway adapter for a real
SMS service implements the same ``send(message)`` and is selected by setting.

``send`` receives the message's UUID as the idempotency key, so a gateway that supports one
drops a repeat if the worker dies after sending but before recording it.
"""

import json
import logging
import sys
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage

from tongban.notifications.models import Message

logger = logging.getLogger(__name__)


class Channel(Protocol):
    def send(self, message: Message) -> None: ...


class ConsoleSms:
    def send(self, message: Message) -> None:
        sys.stdout.write(f"[SMS to {message.recipient}] {message.body}\n")
        sys.stdout.flush()


class FileSms:
    """Appends one JSON line per message to ``NOTIFICATION_FILE_DIR/sms.jsonl``.

    Like a real gateway it honours the idempotency key: a message whose id is already in
    the file is not written again (a worker killed after sending, before recording it,
    sends it once more on restart).
    """

    def send(self, message: Message) -> None:
        directory = settings.NOTIFICATION_FILE_DIR
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / "sms.jsonl"
        key = str(message.uuid)
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                if any(
                    json.loads(line).get("id") == key for line in handle if line.strip()
                ):
                    return
        line = {"id": key, "to": message.recipient, "body": message.body}
        with path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
            handle.flush()


class MemorySms:
    """Keeps messages in a list (tests read ``MemorySms.sent``)."""

    sent: list[Message] = []

    def send(self, message: Message) -> None:
        MemorySms.sent.append(message)


class DjangoEmail:
    """E-mail through Django's configured ``EMAIL_BACKEND`` (console, file or SMTP)."""

    def send(self, message: Message) -> None:
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            to=[message.recipient],
            headers={"X-Tongban-Message": str(message.uuid)},
        )
        email.send(fail_silently=False)

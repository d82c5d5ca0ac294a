"""Notification reads for other apps: which webhook events have already been emitted, so
a relay emitting from another app's history skips what is done without reading this
app's tables itself."""

from collections.abc import Iterable

from tongban.notifications.models import WebhookEvent


def webhook_origins_emitted(*, origins: Iterable[str]) -> set[str]:
    """The subset of ``origins`` for which a webhook event exists."""
    return set(
        WebhookEvent.objects.filter(origin__in=list(origins)).values_list(
            "origin", flat=True
        )
    )

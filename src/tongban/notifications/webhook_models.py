"""Webhook outbox rows (imported by ``models``): subscriptions of client systems, the
events emitted (CloudEvents), one delivery per event and subscription, and the log of
every attempt."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WebhookSubscription(models.Model):
    """A client system's wish to receive event types of a region at a URL."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        settings.OAUTH2_PROVIDER_APPLICATION_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
    )
    url = models.URLField(_("address"), max_length=500)
    # fnmatch patterns of registered types, e.g. "cn.tongban.case.*"
    event_types = models.JSONField(_("event types"), default=list)
    division_prefix = models.CharField(_("region"), max_length=12, blank=True)
    secret_encrypted = models.TextField(
        editable=False
    )  # HMAC key: must sign, so encrypted
    active = models.BooleanField(default=True)
    # Paused: deliveries are still written (nothing is lost) but not sent until resumed.
    paused = models.BooleanField(_("paused"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return f"{self.url} {self.event_types}"


class WebhookEvent(models.Model):
    """One event, as a CloudEvent: ``uuid`` is its ``id``; ``origin`` makes emitting
    idempotent (the same source row never becomes two events)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(max_length=120)
    source = models.CharField(max_length=200)
    subject = models.CharField(max_length=120, db_index=True)
    division_code = models.CharField(max_length=12, blank=True)
    origin = models.CharField(max_length=120, unique=True)
    data = models.JSONField(default=dict)
    time = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.type} {self.subject}"


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        DEAD = "dead", _("dead letter")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(max_length=120)  # the event's, for ordering per subject
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)
    replays = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event"], name="webhook_delivery_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["subscription", "subject", "status"],
                name="webhook_delivery_subject_idx",
            ),
            models.Index(fields=["status", "next_attempt_at"], name="webhook_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.subscription_id} ({self.status})"


class WebhookAttempt(models.Model):
    """One HTTP attempt of a delivery: the log a client system can query."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    attempted_at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    replay = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.status_code or self.error}"

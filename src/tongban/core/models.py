"""Kernel models: the hash-chained audit log, its signed head, the rows waiting to be
sealed into it, and the worker heartbeat."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One change made through a service: who, what, old → new, when, from where.

    Append-only: rows are never updated or deleted by the application (``save`` refuses an
    update, ``delete`` refuses always); ``prev_hash``/``hash`` chain the rows so a change made
    behind the application's back is found by ``tongban audit verify``. ``division_prefix`` and
    ``organisation_path`` copy the scope of the changed object so supervisors' views filter in
    SQL without joins.
    """

    created_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_repr = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=20, blank=True)
    division_prefix = models.CharField(max_length=12, blank=True, db_index=True)
    organisation_path = models.CharField(max_length=255, blank=True, db_index=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx")
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_repr} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("Audit events are append-only.")

    def chain_payload(self) -> dict[str, Any]:
        """The fields covered by the hash, in the form they have after a database round trip."""
        return {
            "created_at": self.created_at.isoformat(timespec="microseconds"),
            "actor_id": self.actor_id,
            "actor_repr": self.actor_repr,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "changes": self.changes,
            "request_id": self.request_id,
            "ip": self.ip,
            "channel": self.channel,
            "division_prefix": self.division_prefix,
            "organisation_path": self.organisation_path,
        }


class AuditHead(models.Model):
    """The one signed head of the audit chain: last row id and hash, HMAC-signed with
    ``AUDIT_HEAD_KEY`` (kept outside the database). Written by ``audit_record`` in the same
    transaction as each row, under the chain lock, so it always names the newest row."""

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_id = models.BigIntegerField()
    last_hash = models.CharField(max_length=64)
    signature = models.CharField(max_length=64)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(singleton=1), name="audit_head_singleton"
            )
        ]

    def __str__(self) -> str:
        return f"audit head {self.last_id} {self.last_hash[:12]}"


class AuditPending(models.Model):
    """An audit row written while another transaction held the chain lock, waiting to be
    sealed into the chain (``core.services``): its chain body as the canonical JSON that
    will be hashed, and an HMAC of that body with ``AUDIT_HEAD_KEY``, so a row changed or
    added behind the application's back before sealing is refused by the sealer and
    named by ``tongban audit verify``. Sealed rows are moved to ``AuditEvent`` in the
    order of this table's ids and deleted here; the table is normally empty."""

    body = models.TextField()
    mac = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"audit row waiting to be sealed #{self.pk}"


class WorkerHeartbeat(models.Model):
    """Last time a task worker ran the heartbeat task; ``/readyz`` reads it."""

    name = models.CharField(max_length=64, unique=True)
    last_seen = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_seen:%H:%M:%S}"

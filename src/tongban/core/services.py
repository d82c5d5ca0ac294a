"""Kernel writes: the audit log (one function every service calls) with its signed head, and
the worker heartbeat.

A service that writes several audit rows in one transaction (a submission: one per stored
file and one for the transition) can wrap its body in ``audit_batch()``: the rows are then
built where they happen but appended to the chain together as the block ends, under one
chain lock, one head check and one head signature, and the lock is held only from there to
the commit instead of from the first row on.
"""

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from tongban.core import crypto
from tongban.core.context import current
from tongban.core.domain.hashchain import (
    GENESIS,
    SignedHead,
    chain_hash,
    head_sign,
    head_valid,
)
from tongban.core.models import AuditEvent, AuditHead, WorkerHeartbeat
from tongban.core.snapshots import jsonable

logger = logging.getLogger(__name__)

# Any constant works; it names the one lock that serialises appends to the chain on PostgreSQL.
_AUDIT_CHAIN_LOCK = 54_0264_2022
# The rows of the innermost ``audit_batch`` still to be appended (None: append at once).
_pending: ContextVar[list[Any] | None] = ContextVar("audit_pending", default=None)


@contextmanager
def audit_batch() -> Iterator[None]:
    """Append the audit rows written inside the block to the chain when it ends.

    Use it inside the caller's transaction (``with transaction.atomic(), audit_batch():``)
    around a service in which any failure aborts the whole transaction: a row built inside
    a savepoint that was rolled back and recovered from would still be appended. A batch
    inside a batch joins the outer one.
    """
    if _pending.get() is not None:
        yield
        return
    token = _pending.set([])
    try:
        yield
        events = _pending.get() or []
    finally:
        _pending.reset(token)
    if events and not transaction.get_rollback():  # a block rolled back appends none
        _append(events)


def audit_record(
    *,
    actor: Any,
    action: str,
    instance: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: Mapping[str, Any] | None = None,
    division_prefix: str = "",
    organisation_path: str = "",
) -> AuditEvent:
    """Append one audit row to the chain, inside the caller's transaction.

    Call it last in a service, just before the transaction commits: on PostgreSQL the chain
    lock is held until commit, so appends are strictly ordered; SQLite serialises writers
    already (IMMEDIATE transactions). The same lock covers the signed head, so the one head
    row is never written by two transactions at once and always names the newest row.

    The row links to the signed head's hash, not to the newest row found in the table: if
    the newest rows were deleted behind the application's back, the next row still points at
    the removed one and ``tongban audit verify`` shows the gap instead of the application
    signing over it.
    """
    if instance is not None:
        object_type = object_type or instance._meta.label_lower
        object_id = object_id or str(instance.pk)
        object_repr = object_repr or str(instance)
    ctx = current()
    user = actor if getattr(actor, "pk", None) else None
    event = AuditEvent(
        created_at=timezone.now(),
        actor=user,
        actor_repr=(user.get_username() if user else str(actor or "system"))[:150],
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=str(object_repr)[:255],
        changes=jsonable(dict(changes or {})),
        request_id=ctx.request_id,
        ip=ctx.ip,
        channel=ctx.channel,
        division_prefix=division_prefix,
        organisation_path=organisation_path,
    )
    pending = _pending.get()
    if (
        pending is not None
    ):  # inside audit_batch: appended, linked and signed at its end
        pending.append(event)
    else:
        _append([event])
    return event


def _append(events: list[AuditEvent]) -> None:
    """Link ``events`` to the signed head in order, insert them, sign the new head."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_AUDIT_CHAIN_LOCK])
        head = _head_checked()
        previous = head.last_hash if head else GENESIS
        for event in events:
            event.prev_hash = previous
            event.hash = chain_hash(previous, event.chain_payload())
            previous = event.hash
        if len(events) == 1:
            events[0].save()
        else:  # one INSERT; both databases return the ids, in order
            AuditEvent.objects.bulk_create(events)
        _head_advance(head, events[-1])


class AuditHeadTampered(RuntimeError):
    """The signed head is missing or not signed with a known key: appending would sign over
    whatever was done to the chain, so the application refuses to write until an operator
    has run ``tongban audit verify`` and restored the log."""


def _head_checked() -> AuditHead | None:
    """The signed head the next row links to, its signature checked (fail closed);
    ``None`` for an empty log."""
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        if AuditEvent.objects.exists():
            logger.critical("audit head missing while audit rows exist")
            raise AuditHeadTampered("The audit chain's signed head is missing.")
        return None
    signed = SignedHead(head.last_id, head.last_hash, head.signature)
    if not any(head_valid(key, signed) for key in crypto.audit_head_keys()):
        logger.critical("audit head signature invalid at row %s", head.last_id)
        raise AuditHeadTampered("The audit chain's signed head has a wrong signature.")
    return head


def _head_advance(head: AuditHead | None, event: AuditEvent) -> None:
    signed = head_sign(crypto.audit_head_key(), event.pk, event.hash)
    head = head or AuditHead(pk=1)
    head.last_id = signed.last_id
    head.last_hash = signed.last_hash
    head.signature = signed.signature
    head.updated_at = event.created_at
    head.save()


def worker_heartbeat_beat(*, name: str = "default") -> None:
    WorkerHeartbeat.objects.update_or_create(
        name=name, defaults={"last_seen": timezone.now()}
    )

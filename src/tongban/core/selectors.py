"""Kernel reads: audit rows within a scope, the audit chain walk, readiness facts."""

from collections.abc import Iterator
from datetime import timedelta

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from tongban.core import crypto
from tongban.core.domain.hashchain import (
    ChainBreak,
    ChainRow,
    HeadMismatch,
    SignedHead,
    check_head,
    find_break,
    mac_valid,
)
from tongban.core.models import AuditEvent, AuditHead, AuditPending, WorkerHeartbeat
from tongban.core.scopes import Scope


def audit_event_list(*, scope: Scope) -> QuerySet[AuditEvent]:
    condition = scope.q(
        organisation_path="organisation_path", division_prefix="division_prefix"
    )
    return AuditEvent.objects.filter(condition).select_related("actor").order_by("-id")


def _chain_rows(batch_size: int) -> Iterator[ChainRow]:
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=batch_size):
        yield ChainRow(event.pk, event.prev_hash, event.hash, event.chain_payload())


def audit_chain_break(*, batch_size: int = 2000) -> ChainBreak | None:
    return find_break(_chain_rows(batch_size))


def audit_signed_head() -> SignedHead | None:
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        return None
    return SignedHead(head.last_id, head.last_hash, head.signature)


def audit_head_mismatch() -> HeadMismatch | None:
    """Where the end of the chain and its signed head disagree (call after the chain walk
    found no break: the comparison assumes the rows themselves chain)."""
    end = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    return check_head(
        chain_end=end, head=audit_signed_head(), keys=crypto.audit_head_keys()
    )


def audit_checkpoint_problem(*, last_id: int, last_hash: str, signature: str) -> str:
    """Why an exported checkpoint is no longer part of the chain ("" when it is)."""
    if check_head(
        chain_end=(last_id, last_hash),
        head=SignedHead(last_id, last_hash, signature),
        keys=crypto.audit_head_keys(),
    ):
        return f"the checkpoint at {last_id} is not signed with AUDIT_HEAD_KEY"
    row = AuditEvent.objects.filter(pk=last_id).values_list("hash", flat=True).first()
    if row is None:
        return f"the checkpoint names row {last_id}, which is gone"
    if row != last_hash:
        return f"row {last_id} no longer carries the hash its checkpoint names"
    return ""


def audit_parked() -> tuple[int, list[int]]:
    """How many audit rows wait to be sealed, and the ids of those whose HMAC fails
    (changed or added behind the application's back: the sealer never seals them)."""
    keys = crypto.audit_head_keys()
    rows = list(AuditPending.objects.order_by("id").values_list("id", "body", "mac"))
    forged = [
        pk for pk, body, mac in rows if not any(mac_valid(k, body, mac) for k in keys)
    ]
    return len(rows), forged


def audit_event_count() -> int:
    return AuditEvent.objects.count()


def database_ready() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def worker_alive(*, max_age_seconds: int) -> bool:
    cutoff = timezone.now() - timedelta(seconds=max_age_seconds)
    return WorkerHeartbeat.objects.filter(last_seen__gte=cutoff).exists()

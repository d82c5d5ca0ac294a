"""Kernel reads: audit rows within a scope, the audit chain walk, readiness facts."""

from collections.abc import Iterator
from datetime import timedelta

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from tongban.core.domain.hashchain import ChainBreak, ChainRow, find_break
from tongban.core.models import AuditEvent, WorkerHeartbeat
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

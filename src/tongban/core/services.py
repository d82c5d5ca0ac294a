"""Kernel writes: the audit log (one function every service calls) and the worker heartbeat."""

import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from tongban.core.context import current
from tongban.core.domain.hashchain import GENESIS, chain_hash
from tongban.core.models import AuditEvent, WorkerHeartbeat

# Any constant works; it names the one lock that serialises appends to the chain on PostgreSQL.
_AUDIT_CHAIN_LOCK = 54_0264_2022


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Field values of ``instance`` in JSON form, for an audit ``old``/``new`` pair."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        value = getattr(instance, getattr(field, "attname", name))
        values[name] = value
    return _jsonable(values)


def changes_between(
    old: Mapping[str, Any], new: Mapping[str, Any]
) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields whose value changed (missing = ``None``)."""
    return {
        key: [old.get(key), new.get(key)]
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    }


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


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
    already (IMMEDIATE transactions).
    """
    if instance is not None:
        object_type = object_type or instance._meta.label_lower
        object_id = object_id or str(instance.pk)
        object_repr = object_repr or str(instance)
    ctx = current()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_AUDIT_CHAIN_LOCK])
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        user = actor if getattr(actor, "pk", None) else None
        event = AuditEvent(
            created_at=timezone.now(),
            actor=user,
            actor_repr=(user.get_username() if user else str(actor or "system"))[:150],
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            object_repr=str(object_repr)[:255],
            changes=_jsonable(dict(changes or {})),
            request_id=ctx.request_id,
            ip=ctx.ip,
            channel=ctx.channel,
            division_prefix=division_prefix,
            organisation_path=organisation_path,
            prev_hash=last or GENESIS,
        )
        event.hash = chain_hash(event.prev_hash, event.chain_payload())
        event.save()
    return event


def worker_heartbeat_beat(*, name: str = "default") -> None:
    WorkerHeartbeat.objects.update_or_create(
        name=name, defaults={"last_seen": timezone.now()}
    )

"""Kernel writes: the audit log (one function every service calls) with its signed head, and
the worker heartbeat.

A service that writes several audit rows in one transaction (a submission: one per stored
file and one for the transition) can wrap its body in ``audit_batch()``: the rows are then
built where they happen but appended to the chain together as the block ends, under one
chain lock, one head check and one head signature, and the lock is held only from there to
the commit instead of from the first row on.

Writers do not queue on the chain (PostgreSQL). The chain lock is held from an append to
its commit, so appends are strictly ordered; a writer that finds it taken does not wait
for it: its rows are *parked* (``AuditPending``: the chain body and its HMAC, written in
its own transaction, so they commit or roll back with its change) and sealed into the
chain in order right after its commit, by the writer itself (waiting then only for the
one short seal in progress, not for every writer before it), by the next writer that
holds the lock, or by the ``audit_seal_pending`` sweep. With ``AUDIT_SEAL_DEFER_SECONDS``
set the writer does not seal in its request at all: it hands its rows to its process's
sealer thread, which seals whatever the next lock holder has not sealed by then, at most
that many seconds after the commit (``_Sealer``). ``tongban audit verify`` checks
the sealed chain as before and names parked rows; a parked row changed or added without
the key is never sealed. Known limit: a parked row deleted before it is sealed leaves no
trace in the chain (it is sealed within a moment of its commit).
"""

import atexit
import datetime
import json
import logging
import os
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, models, transaction
from django.utils import timezone

from tongban.core import auditsql, crypto
from tongban.core.context import current
from tongban.core.domain.hashchain import (
    GENESIS,
    SignedHead,
    body_mac,
    canonical_json,
    chain_hash,
    head_sign,
    head_valid,
    mac_valid,
)
from tongban.core.models import AuditEvent, AuditHead, AuditPending, WorkerHeartbeat
from tongban.core.snapshots import jsonable

logger = logging.getLogger(__name__)

# Any constant works; it names the one lock that serialises appends to the chain on PostgreSQL.
_AUDIT_CHAIN_LOCK = 54_0264_2022
_SEAL_RETRY_SECONDS = 0.005
# The rows of the innermost ``audit_batch`` still to be appended (None: append at once).
_pending: ContextVar[list[Any] | None] = ContextVar("audit_pending", default=None)
# False inside ``audit_without_savepoint``: the append opens no savepoint of its own.
_savepoint: ContextVar[bool] = ContextVar("audit_savepoint", default=True)


@contextmanager
def audit_without_savepoint() -> Iterator[None]:
    """Append the rows ``audit_record`` writes inside the block without a savepoint of
    their own (two round trips fewer), for a caller whose transaction fails as a whole
    if an append fails: the lifecycle writer, whose own ``atomic`` block (or the
    caller's transaction, for ``transition_new``) encloses the call and lets no
    error from it be recovered from inside."""
    token = _savepoint.set(False)
    try:
        yield
    finally:
        _savepoint.reset(token)


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
        # No savepoint of its own: the batch's transaction fails as a whole anyway.
        _append(events, savepoint=False)


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
    """Append one audit row to the chain, inside the caller's transaction (inside
    ``audit_without_savepoint()``: without a savepoint of its own).

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
        _append([event], savepoint=_savepoint.get())
    return event


def _append(events: list[AuditEvent], *, savepoint: bool = True) -> None:
    """Link ``events`` to the signed head in order, insert them, sign the new head; or,
    when another transaction holds the chain, park them to be sealed after commit.
    ``savepoint=False`` (the end of an ``audit_batch``, the lifecycle writer) saves two
    statements where a failure aborts the caller's transaction anyway."""
    with transaction.atomic(savepoint=savepoint):
        if connection.vendor == "postgresql" and len(events) <= auditsql.MAX_ROWS:
            # The common append: the lock, the head, the parked rows (normally none)
            # and the rows' ids in one statement, the rows and the head's move in
            # another (``core/auditsql.py``); a large batch (a sweep's) or a long
            # backlog of parked rows takes the ORM's batched insert below.
            got, locked = auditsql.lock_with_head(_AUDIT_CHAIN_LOCK, len(events))
            if not got:
                _park(events)
                return
            if locked is not None and len(locked.parked) <= auditsql.MAX_SEALED:
                _append_rows(events, locked)
                return
        elif not _chain_lock():
            _park(events)
            return
        head = _head_checked()
        # The head read says in the same statement whether rows wait to be sealed (the
        # table is normally empty): they are read only when there are some.
        waits = head is None or getattr(head, "rows_parked", True)
        parked, waiting = _parked() if waits else ([], [])
        _chain(head, [*waiting, *events])
        if parked:
            AuditPending.objects.filter(pk__in=parked).delete()


def _chain(head: AuditHead | None, events: list[AuditEvent]) -> None:
    if not events:
        return
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


def _append_rows(events: list[AuditEvent], head: auditsql.LockedHead) -> None:
    """Append rows to the head read under the chain lock, after the parked rows the same
    read found (normally none), in one statement built once instead of the ORM's reads,
    inserts, head update and delete."""
    _head_verify(head.signed)
    sealed, waiting = _parked_valid(head.parked)
    rows = [*waiting, *events]
    previous = head.signed.last_hash
    # One id per parked row and per new row; a parked row whose HMAC fails stays parked
    # and its id is left unused (the chain follows the id order, not every id).
    for row_id, appended in zip(head.ids[-len(rows) :], rows, strict=True):
        appended.pk = row_id
        appended.prev_hash = previous
        appended.hash = previous = chain_hash(previous, appended.chain_payload())
    last = rows[-1]
    auditsql.insert_and_advance(
        rows, head_sign(crypto.audit_head_key(), last.pk, last.hash), sealed
    )


def _chain_lock() -> bool:
    """Take the chain lock until the end of the transaction if it is free (PostgreSQL;
    SQLite serialises writers already)."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_AUDIT_CHAIN_LOCK])
        return bool(cursor.fetchone()[0])


def _park(events: list[AuditEvent]) -> None:
    """Write ``events`` as parked rows in the caller's transaction, to be sealed in
    order after it commits. The head is checked here too, so a writer that does not
    get the lock still refuses to write over a tampered chain."""
    key = crypto.audit_head_key()
    if len(events) == 1 and connection.vendor == "postgresql":
        # One statement parks the row and reads the head (a wrong head rolls it back).
        body = canonical_json(events[0].chain_payload())
        row_id, signed = auditsql.park_one(body, body_mac(key, body))
        if signed is None:  # no head: the general check decides (an empty chain)
            _head_checked(lock=False)
        else:
            _head_verify(signed)
        transaction.on_commit(partial(_after_commit, [row_id]), robust=True)
        return
    _head_checked(lock=False)
    rows = []
    for event in events:
        body = canonical_json(event.chain_payload())
        rows.append(AuditPending(body=body, mac=body_mac(key, body)))
    ids = [row.pk for row in AuditPending.objects.bulk_create(rows)]
    transaction.on_commit(partial(_after_commit, ids), robust=True)


def _parked() -> tuple[list[int], list[AuditEvent]]:
    """The committed parked rows whose HMAC holds, oldest first, as audit events; a row
    whose HMAC fails stays parked (logged, and named by ``tongban audit verify``)."""
    return _parked_valid(
        AuditPending.objects.order_by("id").values_list("id", "body", "mac")
    )


def _parked_valid(
    rows: Iterable[tuple[int, str, str]],
) -> tuple[list[int], list[AuditEvent]]:
    keys = crypto.audit_head_keys()
    ids, events = [], []
    for row_id, body, mac in rows:
        if not any(mac_valid(key, body, mac) for key in keys):
            logger.critical("parked audit row %s fails its HMAC: not sealed", row_id)
            continue
        payload = json.loads(body)
        payload["created_at"] = datetime.datetime.fromisoformat(payload["created_at"])
        ids.append(row_id)
        events.append(AuditEvent(**payload))
    return ids, events


def audit_seal(*, waiting_for: list[int] | None = None) -> int:
    """Seal the parked rows into the chain; returns how many. While another transaction
    holds the chain lock it tries again every few milliseconds for at most
    ``AUDIT_SEAL_WAIT_SECONDS``, and stops as soon as the rows ``waiting_for`` (by
    default: any) are no longer parked, so writers parked together do not queue on the
    lock after their commits: the first to get it seals them all."""
    deadline = time.monotonic() + settings.AUDIT_SEAL_WAIT_SECONDS
    while True:
        with transaction.atomic():
            turn = _seal_turn(waiting_for)
            if turn is None:  # nothing (left) to seal
                return 0
            if turn:
                head = _head_checked()
                parked, waiting = _parked()
                _chain(head, waiting)
                AuditPending.objects.filter(pk__in=parked).delete()
                return len(parked)
        if time.monotonic() >= deadline:
            return 0
        time.sleep(_SEAL_RETRY_SECONDS)


def _seal_turn(waiting_for: list[int] | None) -> bool | None:
    """``None`` when none of the rows (``waiting_for``, or any) is parked any more;
    else whether the chain lock is now ours (one statement on PostgreSQL)."""
    if connection.vendor == "postgresql":
        return auditsql.seal_turn(waiting_for, _AUDIT_CHAIN_LOCK)
    still = AuditPending.objects.all()
    if waiting_for is not None:
        still = still.filter(pk__in=waiting_for)
    return _chain_lock() if still.exists() else None


def _after_commit(ids: list[int]) -> None:
    """A parking writer has committed: seal its rows now, in its request (waiting up to
    ``AUDIT_SEAL_WAIT_SECONDS``), or with ``AUDIT_SEAL_DEFER_SECONDS`` hand them to the
    process's sealer and return at once."""
    if settings.AUDIT_SEAL_DEFER_SECONDS > 0:
        SEALER.hand_over(ids, settings.AUDIT_SEAL_DEFER_SECONDS)
    else:
        _seal_after_commit(ids)


def _seal_after_commit(ids: list[int]) -> None:
    try:
        audit_seal(waiting_for=ids)
    except AuditHeadTampered:
        logger.critical("parked audit rows not sealed: the signed head is not valid")


class _Sealer:
    """One thread per process that seals the parked rows its writers handed over, each
    batch when its delay is up (``AUDIT_SEAL_DEFER_SECONDS`` after the writer's commit):
    by then the next writer that got the chain lock has usually sealed them with its own
    row, and the seal finds nothing to do (one statement). Started at the first hand-over
    in a process (a forked web worker starts its own); a daemon: rows still handed over
    when the process exits normally are sealed on the way out (``flush``, at exit); only
    a process killed outright leaves them parked for the next writer with the lock or the
    ``audit_seal_pending`` sweep. Its database connection is closed whenever nothing is
    left to seal."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._due: list[tuple[float, list[int]]] = []  # (when, ids), oldest first
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._flush_at_exit = False

    def hand_over(self, ids: list[int], delay: float) -> None:
        with self._lock:
            # A new process (forked): its parent's thread and hand-overs are not its own.
            if self._pid != os.getpid():
                self._pid, self._due, self._thread = os.getpid(), [], None
            self._due.append((time.monotonic() + delay, list(ids)))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="audit-sealer", daemon=True
                )
                self._thread.start()
                if not self._flush_at_exit:
                    atexit.register(self.flush)
                    self._flush_at_exit = True
        self._wake.set()

    def flush(self) -> None:
        """Seal every row handed over in this process now (at exit)."""
        with self._lock:
            if self._pid != os.getpid():
                return
            ids = [i for _, batch in self._due for i in batch]
            self._due = []
        if ids:
            try:
                _seal_after_commit(ids)
            except Exception:
                logger.exception("parked audit rows not sealed at exit; the sweep will")

    def pending(self) -> int:
        """How many handed-over rows wait for their turn in this process."""
        with self._lock:
            return sum(len(ids) for _, ids in self._due)

    def _run(self) -> None:
        while True:
            with self._lock:
                if not self._due:
                    self._wake.clear()
                first = self._due[0][0] if self._due else None
            if first is None:
                self._wake.wait()
                continue
            pause = first - time.monotonic()
            if pause > 0:
                time.sleep(pause)
                continue
            with self._lock:
                now = time.monotonic()
                ripe = [ids for when, ids in self._due if when <= now]
                self._due = [(when, ids) for when, ids in self._due if when > now]
                idle = not self._due
            try:
                close_old_connections()
                _seal_after_commit([i for ids in ripe for i in ids])
            except Exception:  # the sweep seals what is left; the thread goes on
                logger.exception("audit sealer failed; the sweep will seal the rows")
            finally:
                if idle:
                    connection.close()


SEALER = _Sealer()


class AuditHeadTampered(RuntimeError):
    """The signed head is missing or not signed with a known key: appending would sign over
    whatever was done to the chain, so the application refuses to write until an operator
    has run ``tongban audit verify`` and restored the log."""


def _head_checked(*, lock: bool = True) -> AuditHead | None:
    """The signed head the next row links to, its signature checked (fail closed);
    ``None`` for an empty log."""
    heads = AuditHead.objects.all()
    if lock:  # the lock holder also learns whether parked rows wait (same snapshot)
        heads = heads.select_for_update().annotate(
            rows_parked=models.Exists(AuditPending.objects.all())
        )
    head = heads.filter(pk=1).first()
    if head is None and AuditEvent.objects.exists():
        # Under READ COMMITTED each statement has its own snapshot. A writer that parks
        # (no chain lock) can read "no head" while the first writer of an empty chain is
        # still open, and then see that writer's rows, committed in between together
        # with the head. The rows and the first head always commit in one transaction
        # and the application never deletes the head, so once rows are seen the head
        # must be seen too: read it again, in a snapshot at least as new as the one that
        # saw the rows, and refuse only if it is still missing.
        head = heads.filter(pk=1).first()
        if head is None:
            logger.critical("audit head missing while audit rows exist")
            raise AuditHeadTampered("The audit chain's signed head is missing.")
    if head is None:
        return None
    _head_verify(SignedHead(head.last_id, head.last_hash, head.signature))
    return head


def _head_verify(signed: SignedHead) -> None:
    if not any(head_valid(key, signed) for key in crypto.audit_head_keys()):
        logger.critical("audit head signature invalid at row %s", signed.last_id)
        raise AuditHeadTampered("The audit chain's signed head has a wrong signature.")


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

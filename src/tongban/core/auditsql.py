"""The audit chain's hot statements on PostgreSQL, built once from the models' fields.

Every audited write appends to the one chain (``core.services``); with twenty windows
calling numbers at once the ORM's compilation of the same few statements was a large part
of each write. These are the same reads and writes in fewer round trips, with the SQL
built once; the chain's rules (the lock, the head check, parking, sealing in order) stay
in ``core.services``, which also keeps the ORM path for SQLite and the rare cases (an
empty chain, a batch of more than ``MAX_ROWS`` rows, a backlog of more than
``MAX_SEALED`` parked rows, the sweep's seal). A writer that gets the lock seals the rows
parked before its own in the same two statements: after a burst of writers
that parked and did not wait for their seal (``AUDIT_SEAL_DEFER_SECONDS``), the next
one seals them all without a statement more.
"""

import functools
from dataclasses import dataclass
from typing import Any

from django.db import connection

from tongban.core.domain.hashchain import SignedHead
from tongban.core.models import AuditEvent, AuditHead, AuditPending
from tongban.core.rows import db_values

# The most rows appended in one statement (a submission: one per file and one for the
# transition); more take the ORM's batched path, within PostgreSQL's parameter limit and
# without a statement text kept for every batch size.
MAX_ROWS = 32
# The most parked rows a lock holder seals in its own two statements; a longer backlog
# (a process killed before its deferred seal) is sealed by the ORM path, in batches.
MAX_SEALED = 256


@dataclass(frozen=True)
class LockedHead:
    signed: SignedHead
    # The parked rows committed when the head was read, oldest first: (id, body, mac).
    parked: list[tuple[int, str, str]]
    # Ids from the sequence, one for every parked row and one for the new row, in order.
    ids: list[int]


def lock_with_head(lock: int, count: int = 1) -> tuple[bool, LockedHead | None]:
    """Try the chain lock (advisory lock ``lock``, until the end of the transaction)
    and, only if it is now this transaction's, read the head row under lock with the
    parked rows waiting to be sealed (normally none) and the ids of the rows to append
    (``count`` more than the parked rows) from the sequence, in one statement: ids follow the
    chain's order because they are only taken under the chain lock. ``(False, None)``:
    another transaction holds the chain; ``(True, None)``: no head."""
    with connection.cursor() as cursor:
        cursor.execute(_sql()["lock_head"], [lock, count])
        got, last_id, last_hash, signature, parked, ids = cursor.fetchone()
    if not got or last_id is None:
        return bool(got), None
    return True, LockedHead(
        SignedHead(last_id, last_hash, signature),
        [(int(i), body, mac) for i, body, mac in parked or []],
        sorted(ids),
    )


def insert_and_advance(
    events: list[AuditEvent], signed: SignedHead, sealed: list[int]
) -> None:
    """Insert ``events`` (ids, hashes set), delete the parked rows ``sealed`` (sealed by
    them) and move the head to the last event, in one statement."""
    fields = AuditEvent._meta.concrete_fields
    params: list[Any] = [
        p
        for event in events
        for p in db_values(
            fields, [f.pre_save(event, True) for f in fields], connection
        )
    ]
    if sealed:  # the DELETE's placeholder comes before the head's
        params.append(list(sealed))
    params += [
        signed.last_id,
        signed.last_hash,
        signed.signature,
        AuditHead._meta.get_field("updated_at").get_db_prep_save(
            events[-1].created_at, connection
        ),
    ]
    with connection.cursor() as cursor:
        cursor.execute(_advance_sql(len(events), bool(sealed)), params)
        moved = cursor.rowcount
    if moved != 1:  # the head row was locked by this transaction: it cannot be gone
        raise RuntimeError("the audit head was not advanced")
    for event in events:
        event._state.adding = False
        event._state.db = connection.alias


@functools.lru_cache(maxsize=64)
def _advance_sql(rows: int, sealing: bool) -> str:
    quote = connection.ops.quote_name
    events = AuditEvent._meta
    names = ", ".join(quote(f.column) for f in events.concrete_fields)
    row = "(" + ", ".join(["%s"] * len(events.concrete_fields)) + ")"
    sealed = (
        f", sealed AS (DELETE FROM {quote(AuditPending._meta.db_table)} "  # noqa: S608 - names from _meta
        "WHERE id = ANY(%s))"
        if sealing
        else ""
    )
    return (
        f"WITH inserted AS (INSERT INTO {quote(events.db_table)} ({names}) "  # noqa: S608 - names from _meta
        f"VALUES {', '.join([row] * rows)} RETURNING 1){sealed} "
        f"UPDATE {quote(AuditHead._meta.db_table)} SET last_id = %s, last_hash = %s, "
        "signature = %s, updated_at = %s "
        "WHERE singleton = 1 AND EXISTS (SELECT 1 FROM inserted)"
    )


def park_one(body: str, mac: str) -> tuple[int, SignedHead | None]:
    """Park one row and read the head in the same statement: the parked row's id and
    the head (``None`` when there is none)."""
    with connection.cursor() as cursor:
        cursor.execute(_sql()["park"], [body, mac])
        row_id, last_id, last_hash, signature = cursor.fetchone()
    if last_id is None:
        return row_id, None
    return row_id, SignedHead(last_id, last_hash, signature)


def seal_turn(waiting_for: list[int] | None, lock: int) -> bool | None:
    """``None`` when none of the rows (``waiting_for``, or any) is parked; else whether
    the chain lock (advisory lock ``lock``) is now this transaction's."""
    sql = _sql()
    with connection.cursor() as cursor:
        if waiting_for is None:
            cursor.execute(sql["turn_any"], [lock])
        else:
            cursor.execute(sql["turn_ids"], [list(waiting_for), lock])
        turn = cursor.fetchone()[0]
    return None if turn is None else bool(turn)


@functools.cache
def _sql() -> dict[str, str]:
    quote = connection.ops.quote_name
    events = AuditEvent._meta
    head = quote(AuditHead._meta.db_table)
    parked = quote(AuditPending._meta.db_table)
    sequence = f"pg_get_serial_sequence('{events.db_table}', '{events.pk.column}')"
    turn = "SELECT CASE WHEN EXISTS (SELECT 1 FROM {parked}{where}) THEN pg_try_advisory_xact_lock(%s) END"
    return {
        # The lock is taken once, in a CTE of its own (MATERIALIZED: not evaluated
        # again where its value is read); the head and the parked rows are read, the
        # head locked and the ids taken only when the lock was got (the filter runs
        # before the select list); the parked rows and their count in one snapshot.
        "lock_head": (
            "WITH chain AS MATERIALIZED (SELECT pg_try_advisory_xact_lock(%s) AS got) "  # noqa: S608 - names from _meta
            "SELECT chain.got, h.last_id, h.last_hash, h.signature, h.parked, h.ids "
            "FROM chain LEFT JOIN LATERAL (SELECT last_id, last_hash, signature, "
            "p.rows AS parked, (SELECT array_agg(nextval("
            f"{sequence})) FROM generate_series(1, p.n + %s)) AS ids "
            "FROM (SELECT json_agg(json_build_array(id, body, mac) ORDER BY id) AS rows, "
            f"count(*) AS n FROM {parked}) p, {head} "
            "WHERE singleton = 1 AND chain.got FOR UPDATE OF "
            f"{head}) h ON true"
        ),
        "park": (
            f"WITH parked AS (INSERT INTO {parked} (body, mac) VALUES (%s, %s) "  # noqa: S608 - names from _meta
            "RETURNING id) SELECT parked.id, h.last_id, h.last_hash, h.signature "
            f"FROM parked LEFT JOIN {head} h ON h.singleton = 1"
        ),
        "turn_any": turn.format(parked=parked, where=""),
        "turn_ids": turn.format(parked=parked, where=" WHERE id = ANY(%s)"),
    }

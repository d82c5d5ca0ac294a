"""The audit log partitioned by calendar year on PostgreSQL (``tongban audit partition``).

``convert`` turns ``core_auditevent`` into a table ``PARTITION BY RANGE (created_at)`` with
one partition per calendar year (``core_auditevent_y2026``; years in ``TIME_ZONE``) and a
default partition (``core_auditevent_default``) that takes any row no year partition
covers, so an insert never fails. It runs in the caller's transaction: the rows are
copied into the new table, the old one is dropped, and the indexes, the foreign key, the
constraints' names and the id sequence's name and position are carried over, so the
application (and Django, whose model state does not change) still writes and reads
``core_auditevent`` with ``id`` as its primary key. PostgreSQL wants the partition key in
every unique constraint: the primary key becomes ``(id, created_at)`` and the hash's
unique constraint ``(hash, created_at)``; ids stay unique because only the sequence
hands them out (under the chain lock), and a row added or copied behind the application
breaks the chain (``tongban audit verify``) whatever its id or hash.

``add_years`` (also the ``AUDIT_PARTITION_YEARS_AHEAD`` task, ``ahead``) adds the year
partitions that are missing; rows of such a year waiting in the default partition are
moved into their new partition in the same transaction. Both take one advisory lock, so
two runs never interleave.
"""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from tongban.core.models import AuditEvent

TABLE = AuditEvent._meta.db_table
DEFAULT = f"{TABLE}_default"
PARTITION_KEY = "created_at"
# The years a partition can be made for (a year's end must be a valid timestamp).
FIRST_YEAR, LAST_YEAR = 1900, 9998
# Any constant: one partition maintenance at a time (not the chain lock).
_MAINTENANCE_LOCK = 54_0264_2023
# The scheduled task does not wait long for the table: it tries again next round.
_AHEAD_LOCK_TIMEOUT = "5s"


class PartitionError(RuntimeError):
    """A partition could not be made (an overlapping partition someone else created, a
    foreign key that points at the audit table); nothing was changed."""


@dataclass(frozen=True)
class State:
    partitioned: bool
    years: list[int]  # the year partitions there are
    default: bool  # a default partition is there
    # The years that have rows outside a year partition (the whole table before the
    # conversion, the default partition after it).
    loose_years: list[int] = field(default_factory=list)


def supported() -> bool:
    return connection.vendor == "postgresql"


def partition_name(year: int) -> str:
    return f"{TABLE}_y{year:04d}"


def bounds(year: int) -> tuple[str, str]:
    """The first instant of ``year`` and of the next one in ``TIME_ZONE``, as literals."""
    zone = ZoneInfo(settings.TIME_ZONE)
    start, end = (datetime.datetime(y, 1, 1, tzinfo=zone) for y in (year, year + 1))
    return start.isoformat(), end.isoformat()


def state() -> State:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [TABLE]
        )
        row = cursor.fetchone()
        if row is None or row[0] != "p":
            return State(False, [], False, _years_with_rows(TABLE))
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = to_regclass(%s)",
            [TABLE],
        )
        names = {name for (name,) in cursor.fetchall()}
    years = sorted(
        int(name.removeprefix(f"{TABLE}_y"))
        for name in names
        if name.startswith(f"{TABLE}_y") and name.removeprefix(f"{TABLE}_y").isdigit()
    )
    has_default = DEFAULT in names
    return State(
        True, years, has_default, _years_with_rows(DEFAULT) if has_default else []
    )


def convert(years: set[int]) -> tuple[int, list[int]]:
    """Partition the audit table by year, in the caller's transaction: the partitions of
    ``years`` and of every year that has rows, and the default one. Returns how many rows
    were carried over and the years made. On a table partitioned already it only adds
    the missing years (``add_years``) and returns ``-1`` rows."""
    with connection.cursor() as cursor:
        _maintenance_lock(cursor)
        # Django's foreign keys are deferred: fire what this transaction owes them now,
        # or the table cannot be renamed ("pending trigger events").
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"LOCK TABLE {_q(TABLE)} IN ACCESS EXCLUSIVE MODE")
    now = state()
    if now.partitioned:  # done by another run while this one waited
        return -1, add_years(years)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, conrelid::regclass::text FROM pg_constraint "
            "WHERE confrelid = to_regclass(%s)",
            [TABLE],
        )
        pointing = cursor.fetchall()
        if pointing:
            raise PartitionError(
                "foreign keys point at the audit table: "
                + ", ".join(f"{name} ({table})" for name, table in pointing)
            )
        constraints = _constraints(cursor)
        indexes = _plain_indexes(cursor)
        sequence = _sequence(cursor)
        cursor.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608 - catalogue name
        last_value, is_called = cursor.fetchone()
        columns = _columns(cursor, TABLE)
        # The new table is made by whoever runs this: it gets the old one's owner and
        # grants, so the application's database user keeps its rights.
        cursor.execute(
            "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = to_regclass(%s)",
            [TABLE],
        )
        owner = cursor.fetchone()[0]
        cursor.execute(
            "SELECT a.privilege_type, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE "
            "quote_ident(pg_get_userbyid(a.grantee)) END, a.is_grantable "
            "FROM pg_class c, aclexplode(c.relacl) a "
            "WHERE c.oid = to_regclass(%s) AND a.grantee <> c.relowner",
            [TABLE],
        )
        grants = [
            f"GRANT {privilege} ON {_q(TABLE)} TO {grantee}"
            + (" WITH GRANT OPTION" if grantable else "")
            for privilege, grantee, grantable in cursor.fetchall()
        ]
        years = years | set(now.loose_years)

        old, new = f"{TABLE}_unpartitioned", f"{TABLE}_partitioned"
        cursor.execute(f"ALTER TABLE {_q(TABLE)} RENAME TO {_q(old)}")
        cursor.execute(
            f"CREATE TABLE {_q(new)} (LIKE {_q(old)} INCLUDING DEFAULTS "
            "INCLUDING IDENTITY INCLUDING STORAGE INCLUDING COMMENTS "
            "INCLUDING COMPRESSION INCLUDING STATISTICS) "
            f"PARTITION BY RANGE ({_q(PARTITION_KEY)})"
        )
        for year in sorted(years):
            start, end = bounds(year)
            cursor.execute(
                f"CREATE TABLE {_q(partition_name(year))} PARTITION OF {_q(new)} "
                f"FOR VALUES FROM ('{start}') TO ('{end}')"
            )
        cursor.execute(f"CREATE TABLE {_q(DEFAULT)} PARTITION OF {_q(new)} DEFAULT")
        names = ", ".join(_q(c) for c in columns)
        cursor.execute(
            f"INSERT INTO {_q(new)} ({names}) OVERRIDING SYSTEM VALUE "  # noqa: S608 - catalogue names
            f"SELECT {names} FROM {_q(old)}"
        )
        copied = cursor.rowcount
        cursor.execute(f"DROP TABLE {_q(old)}")  # its indexes and sequence with it
        cursor.execute(f"ALTER TABLE {_q(new)} RENAME TO {_q(TABLE)}")
        fresh = _sequence(cursor)
        cursor.execute(
            f"ALTER SEQUENCE {fresh} RENAME TO {_q(sequence.rsplit('.', 1)[-1])}"
        )
        cursor.execute("SELECT setval(%s, %s, %s)", [sequence, last_value, is_called])
        for name, kind, keys, definition in constraints:
            if kind in ("p", "u"):
                keys = keys if PARTITION_KEY in keys else [*keys, PARTITION_KEY]
                definition = (
                    "PRIMARY KEY" if kind == "p" else "UNIQUE"
                ) + f" ({', '.join(_q(k) for k in keys)})"
            cursor.execute(
                f"ALTER TABLE {_q(TABLE)} ADD CONSTRAINT {_q(name)} {definition}"
            )
        for definition in indexes:  # they name the table, which has its name again
            cursor.execute(definition)
        for name in [TABLE, DEFAULT, *(partition_name(year) for year in years)]:
            cursor.execute(f"ALTER TABLE {_q(name)} OWNER TO {_q(owner)}")
        for grant in grants:
            cursor.execute(grant)
    return copied, sorted(years)


def add_years(years: set[int]) -> list[int]:
    """Add the year partitions of ``years`` that are missing, in the caller's
    transaction; the rows of such a year found in the default partition move into it.
    Returns the years added."""
    with connection.cursor() as cursor:
        _maintenance_lock(cursor)
    now = state()
    if not now.partitioned:
        return []
    added = []
    with connection.cursor() as cursor:
        columns = ", ".join(_q(c) for c in _columns(cursor, TABLE))
        for year in sorted(years - set(now.years)):
            name, (start, end) = partition_name(year), bounds(year)
            within = (
                f"{_q(PARTITION_KEY)} >= '{start}' AND {_q(PARTITION_KEY)} < '{end}'"
            )
            try:
                if now.default and year in now.loose_years:
                    # A new partition must not take rows the default one holds: move
                    # them into the table first, then attach it.
                    cursor.execute(
                        f"CREATE TABLE {_q(name)} (LIKE {_q(TABLE)} INCLUDING DEFAULTS "
                        "INCLUDING STORAGE INCLUDING COMMENTS INCLUDING COMPRESSION "
                        "INCLUDING STATISTICS)"
                    )
                    cursor.execute(
                        f"WITH moved AS (DELETE FROM {_q(DEFAULT)} WHERE {within} "  # noqa: S608 - catalogue names
                        f"RETURNING {columns}) INSERT INTO {_q(name)} ({columns}) "
                        f"SELECT {columns} FROM moved"
                    )
                    cursor.execute(
                        f"ALTER TABLE {_q(TABLE)} ATTACH PARTITION {_q(name)} "
                        f"FOR VALUES FROM ('{start}') TO ('{end}')"
                    )
                else:
                    cursor.execute(
                        f"CREATE TABLE {_q(name)} PARTITION OF {_q(TABLE)} "
                        f"FOR VALUES FROM ('{start}') TO ('{end}')"
                    )
            except DatabaseError as error:
                raise PartitionError(f"partition {name}: {error}") from error
            added.append(year)
    return added


def ahead(years_ahead: int) -> list[int]:
    """The scheduled task: on a partitioned audit table, the partitions of this year and
    the next ``years_ahead`` ones, so a New Year's rows never land in the default
    partition. Does nothing when off (0), on SQLite, or on a table not partitioned."""
    if years_ahead <= 0 or not supported():
        return []
    this_year = timezone.localdate().year
    with transaction.atomic():
        if not state().partitioned:
            return []
        with connection.cursor() as cursor:
            # Creating a partition locks the table: give up rather than queue the
            # audited writes behind a long transaction; the next round tries again.
            cursor.execute(f"SET LOCAL lock_timeout = '{_AHEAD_LOCK_TIMEOUT}'")
        return add_years(set(range(this_year, this_year + years_ahead + 1)))


def _maintenance_lock(cursor: CursorWrapper) -> None:
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_MAINTENANCE_LOCK])


def _years_with_rows(relation: str) -> list[int]:
    """The years (in ``TIME_ZONE``) that have rows in ``relation``: the first and last
    from the ``created_at`` index, then one index probe per year in between."""
    key = _q(PARTITION_KEY)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT min({key}), max({key}) FROM {_q(relation)}"  # noqa: S608 - catalogue names
        )
        first, last = cursor.fetchone()
        if first is None:
            return []
        zone = ZoneInfo(settings.TIME_ZONE)
        low = max(first.astimezone(zone).year, FIRST_YEAR)
        high = min(last.astimezone(zone).year, LAST_YEAR)
        found = []
        for year in range(low, high + 1):
            start, end = bounds(year)
            cursor.execute(
                f"SELECT EXISTS (SELECT 1 FROM {_q(relation)} "  # noqa: S608 - catalogue names
                f"WHERE {key} >= %s AND {key} < %s)",
                [start, end],
            )
            if cursor.fetchone()[0]:
                found.append(year)
    return found


def _constraints(cursor: CursorWrapper) -> list[tuple[str, str, list[str], str]]:
    """The table's constraints (not NOT NULL): name, kind, columns, definition."""
    cursor.execute(
        "SELECT c.conname, c.contype, ARRAY(SELECT a.attname FROM unnest(c.conkey) "
        "WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.conrelid "
        "AND a.attnum = k.n ORDER BY k.o), pg_get_constraintdef(c.oid) "
        "FROM pg_constraint c WHERE c.conrelid = to_regclass(%s) "
        "ORDER BY c.contype = 'p' DESC, c.conname",
        [TABLE],
    )
    return [(n, k, list(cols), d) for n, k, cols, d in cursor.fetchall()]


def _plain_indexes(cursor: CursorWrapper) -> list[str]:
    """``CREATE INDEX`` statements of the indexes no constraint owns."""
    cursor.execute(
        "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = to_regclass(%s) AND NOT EXISTS (SELECT 1 FROM "
        "pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid) "
        "ORDER BY i.indexrelid",
        [TABLE],
    )
    return [definition for (definition,) in cursor.fetchall()]


def _sequence(cursor: CursorWrapper) -> str:
    cursor.execute(
        "SELECT pg_get_serial_sequence(%s, %s)", [TABLE, AuditEvent._meta.pk.column]
    )
    return str(cursor.fetchone()[0])


def _columns(cursor: CursorWrapper, relation: str) -> list[str]:
    cursor.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(%s) "
        "AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
        [relation],
    )
    return [name for (name,) in cursor.fetchall()]


def _q(name: str) -> str:
    return connection.ops.quote_name(name)

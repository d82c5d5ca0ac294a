"""``tongban audit partition`` turns the audit table into one partitioned by calendar year
on PostgreSQL, keeping every row, the id sequence, the indexes and the chain; new rows
land in their year's partition and a year without one in the default partition; a second
run only adds missing years; ``AUDIT_PARTITION_YEARS_AHEAD`` has the scheduler's task
make next years' partitions. On SQLite the command says it does nothing, and why."""

import datetime
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from tongban.core import auditpartition, selectors, services
from tongban.core.models import AuditEvent
from tongban.core.permissions import SYSTEM
from tongban.core.scopes import Scope
from tongban.core.tasks import audit_partitions_ahead

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="table partitions are PostgreSQL's; SQLite has none",
)
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@contextmanager
def _at(when: datetime.datetime) -> Iterator[None]:
    # timezone.now() is in UTC, as the row comes back from the database (its hash
    # covers the time's text).
    utc = when.astimezone(datetime.UTC)
    with mock.patch("tongban.core.services.timezone.now", return_value=utc):
        yield


def _rows(when: datetime.datetime, count: int = 2) -> list[AuditEvent]:
    with _at(when):
        return [
            services.audit_record(
                actor=SYSTEM,
                action="test.change",
                object_type="thing",
                object_id=str(i),
            )
            for i in range(count)
        ]


def _where(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM core_auditevent WHERE id = %s", [pk]
        )
        return str(cursor.fetchone()[0])


def _partitions() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = 'core_auditevent'::regclass ORDER BY 1"
        )
        return [name for (name,) in cursor.fetchall()]


def _keys() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'core_auditevent'::regclass"
        )
        return dict(cursor.fetchall())


def _indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'core_auditevent'"
        )
        return {name for (name,) in cursor.fetchall()}


def _partition(*args: str) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("audit", "partition", *args, stdout=out)
    return out.getvalue()


def _verify(capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    call_command("audit", "verify")
    return capsys.readouterr().out


@postgres_only
def test_partitioning_keeps_rows_sequence_indexes_and_chain(
    capsys: pytest.CaptureFixture[str],
) -> None:
    old = _rows(datetime.datetime(2025, 12, 31, 23, 30, tzinfo=SHANGHAI))
    new = _rows(datetime.datetime(2026, 1, 1, 0, 30, tzinfo=SHANGHAI))
    indexes, keys = _indexes(), _keys()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence('core_auditevent', 'id')")
        sequence = cursor.fetchone()[0]

    out = _partition("--years", "2025-2026")

    assert "4 rows kept, partitions for 2025, 2026" in out
    assert _partitions() == [
        "core_auditevent_default",
        "core_auditevent_y2025",
        "core_auditevent_y2026",
    ]
    # The calendar year in TIME_ZONE: half an hour either side of New Year in Shanghai.
    assert {_where(r.pk) for r in old} == {"core_auditevent_y2025"}
    assert {_where(r.pk) for r in new} == {"core_auditevent_y2026"}
    assert "OK: 4 audit rows, chain intact" in _verify(capsys)
    # The same index and constraint names; the partition key joins the unique ones.
    assert _indexes() == indexes
    after = _keys()
    assert after.keys() == keys.keys()
    assert after["core_auditevent_pkey"] == "PRIMARY KEY (id, created_at)"
    assert after["core_auditevent_hash_key"] == "UNIQUE (hash, created_at)"
    fk = next(name for name in after if name.endswith("_fk_accounts_user_id"))
    assert after[fk] == keys[fk]
    # The same sequence, where it was: the next row follows the last one.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence('core_auditevent', 'id')")
        assert cursor.fetchone()[0] == sequence
    later = _rows(datetime.datetime(2026, 3, 1, tzinfo=SHANGHAI), count=1)[0]
    assert later.pk == new[-1].pk + 1
    assert _where(later.pk) == "core_auditevent_y2026"
    # Django's model state does not change: no migration to make.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@postgres_only
def test_the_partitioned_table_keeps_the_owner_and_the_grants() -> None:
    _rows(datetime.datetime(2025, 6, 1, tzinfo=SHANGHAI), count=1)
    with connection.cursor() as cursor:
        # Roles are the cluster's, but made in the test's transaction they go with it.
        cursor.execute("CREATE ROLE tb_partition_test_owner")
        cursor.execute("CREATE ROLE tb_partition_test_reader")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the row's deferred key check
        cursor.execute("ALTER TABLE core_auditevent OWNER TO tb_partition_test_owner")
        cursor.execute("GRANT SELECT ON core_auditevent TO tb_partition_test_reader")
    _partition("--years", "2025")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT has_table_privilege('tb_partition_test_reader', "
            "'core_auditevent', 'SELECT'), has_table_privilege("
            "'tb_partition_test_reader', 'core_auditevent', 'INSERT'), "
            "pg_get_userbyid(relowner) FROM pg_class "
            "WHERE oid = 'core_auditevent'::regclass"
        )
        assert cursor.fetchone() == (True, False, "tb_partition_test_owner")


@postgres_only
def test_the_application_writes_and_reads_the_partitioned_log(
    capsys: pytest.CaptureFixture[str], django_capture_on_commit_callbacks: Any
) -> None:
    _rows(datetime.datetime(2025, 6, 1, tzinfo=SHANGHAI))
    _partition("--years", "2025-2026")
    this_year = f"core_auditevent_y{timezone.localdate().year}"
    # The two-statement append (core/auditsql.py), a batch larger than it takes (the
    # ORM's bulk insert), a parked row sealed afterwards (the ORM's save).
    one = services.audit_record(actor=SYSTEM, action="test.one", object_type="thing")
    with transaction.atomic(), services.audit_batch():
        batch = [
            services.audit_record(actor=SYSTEM, action="test.batch", object_type="t")
            for _ in range(40)
        ]
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        services._park(
            [AuditEvent(created_at=timezone.now(), actor_repr="system", action="p")]
        )
    assert services.audit_seal() == 1
    assert {_where(e.pk) for e in [one, *batch]} == {this_year}
    assert "OK: 44 audit rows, chain intact" in _verify(capsys)
    assert AuditEvent.objects.get(pk=one.pk).hash == one.hash
    listed = selectors.audit_event_list(scope=Scope(everything=True))
    assert [e.pk for e in listed[:2]] == [batch[-1].pk + 1, batch[-1].pk]
    head = selectors.audit_signed_head()
    assert head is not None
    assert (
        selectors.audit_checkpoint_problem(
            last_id=head.last_id, last_hash=head.last_hash, signature=head.signature
        )
        == ""
    )


def _copy(pk: int, *, id_: str, at: str) -> None:
    """Insert a copy of row ``pk`` with SQL expressions for its id and time."""
    columns = [f.column for f in AuditEvent._meta.concrete_fields]
    values = ", ".join({"id": id_, "created_at": at}.get(c, c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO core_auditevent ({', '.join(columns)}) "  # noqa: S608 - test
            f"SELECT {values} FROM core_auditevent WHERE id = %s",
            [pk],
        )


@postgres_only
@pytest.mark.parametrize(
    ("same", "caught"),
    [
        # Walked in id order, one of the two rows with that id does not link.
        ("id", r"Chain broken at audit row id=\d+: the row before it is missing"),
        # The last row in id order now, linked to a row further back.
        ("hash", r"Chain broken at audit row id=\d+: the row before it is missing"),
    ],
)
def test_a_copied_row_the_keys_now_allow_still_breaks_the_chain(
    same: str, caught: str
) -> None:
    rows = _rows(datetime.datetime(2025, 6, 1, tzinfo=SHANGHAI), count=3)
    _partition("--years", "2025-2026")
    # The keys are (id, time) and (hash, time) now: the same hash and time under
    # another id is still refused ...
    with pytest.raises(IntegrityError), transaction.atomic():
        _copy(rows[0].pk, id_="id + 1000", at="created_at")
    # ... but a copy a year later passes them, with the same id or the same hash.
    _copy(
        rows[1].pk,
        id_="id" if same == "id" else "id + 1000",
        at="created_at + interval '1 year'",
    )
    with pytest.raises(CommandError, match=caught):
        call_command("audit", "verify")


@postgres_only
def test_the_default_partition_takes_a_far_year_and_a_second_run_gives_it_its_own(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _rows(datetime.datetime(2025, 6, 1, tzinfo=SHANGHAI))
    _partition("--years", "2025-2026")
    far = _rows(datetime.datetime(2099, 6, 1, tzinfo=SHANGHAI), count=1)[0]
    assert _where(far.pk) == "core_auditevent_default"
    with pytest.raises(CommandError, match="missing from the audit log: 2099"):
        _partition("--years", "2025-2026", "--check")

    assert "added to the audit log: 2099." in _partition("--years", "2025-2026")

    assert _where(far.pk) == "core_auditevent_y2099"
    assert "OK: 3 audit rows, chain intact" in _verify(capsys)


@postgres_only
def test_a_second_run_only_adds_the_missing_years(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = _rows(datetime.datetime(2025, 6, 1, tzinfo=SHANGHAI))
    _partition("--years", "2025-2026")
    assert "nothing to do" in _partition("--years", "2025-2026", "--check")
    assert "no partition is missing" in _partition("--years", "2025-2026")

    assert "added to the audit log: 2027, 2028." in _partition("--years", "2025-2028")

    assert _partitions() == [
        "core_auditevent_default",
        *(f"core_auditevent_y{year}" for year in (2025, 2026, 2027, 2028)),
    ]
    assert {_where(r.pk) for r in rows} == {"core_auditevent_y2025"}
    assert "OK: 2 audit rows, chain intact" in _verify(capsys)


@postgres_only
def test_check_fails_on_a_table_not_partitioned_and_changes_nothing() -> None:
    _rows(datetime.datetime(2025, 6, 1, tzinfo=SHANGHAI))
    with pytest.raises(CommandError, match="not partitioned") as raised:
        _partition("--years", "2026", "--check")
    assert raised.value.returncode == 1
    assert "2025, 2026" in str(raised.value)  # the year that has rows too
    assert not auditpartition.state().partitioned


@postgres_only
def test_the_scheduled_task_makes_the_years_ahead(settings: Any) -> None:
    this_year = timezone.localdate().year
    last_year = this_year - 1
    _rows(datetime.datetime(last_year, 6, 1, tzinfo=SHANGHAI), count=1)
    settings.AUDIT_PARTITION_YEARS_AHEAD = 2
    assert audit_partitions_ahead.call() == []  # not partitioned: nothing
    assert not auditpartition.state().partitioned
    _partition("--years", str(last_year))
    settings.AUDIT_PARTITION_YEARS_AHEAD = 0
    assert audit_partitions_ahead.call() == []  # off
    assert auditpartition.state().years == [last_year]

    settings.AUDIT_PARTITION_YEARS_AHEAD = 2
    assert audit_partitions_ahead.call() == [this_year, this_year + 1, this_year + 2]

    assert auditpartition.state().years == [last_year, *range(this_year, this_year + 3)]
    assert audit_partitions_ahead.call() == []  # idempotent
    nye = datetime.datetime(this_year + 2, 12, 31, 23, 59, tzinfo=SHANGHAI)
    assert _where(_rows(nye, count=1)[0].pk) == f"core_auditevent_y{this_year + 2}"


@pytest.mark.parametrize("years_ahead", [0, 2])
def test_the_scheduler_enqueues_the_partition_task_only_when_switched_on(
    years_ahead: int, settings: Any
) -> None:
    from tongban.ops.management.commands import scheduler

    settings.AUDIT_PARTITION_YEARS_AHEAD = years_ahead
    tasks = {
        name: mock.Mock()
        for name in dir(scheduler)
        if hasattr(getattr(scheduler, name), "enqueue")
    }
    with mock.patch.multiple(scheduler, **tasks):
        call_command("scheduler", "--once")
    assert tasks["audit_partitions_ahead"].enqueue.call_count == (
        1 if years_ahead else 0
    )
    assert tasks["audit_seal_pending"].enqueue.call_count == 1


@pytest.mark.parametrize(
    ("years", "message"),
    [
        ("2030-2025", "the first year comes after the last one"),
        ("twenty", "a year or a range of years such as 2025-2030"),
        ("2025-", "a year or a range of years such as 2025-2030"),
        ("2025-20250", "years go from 1900 to 9998"),
        ("1900-2100", "at most 100 years at once"),
    ],
)
def test_bad_years_are_refused_with_a_clear_message(years: str, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        _partition("--years", years)


def test_bad_years_on_the_command_line_give_a_message_not_a_traceback() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "tongban", "audit", "partition", "--years", "2030-2025"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DATABASE_URL": "sqlite://:memory:"},
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "2030-2025" in run.stderr


@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="what the command says on SQLite"
)
def test_on_sqlite_the_command_says_it_does_nothing_and_why() -> None:
    assert (
        "Nothing done: the audit log is partitioned on PostgreSQL only" in _partition()
    )
    out = io.StringIO()
    with translation.override("zh-hans"):
        call_command("audit", "partition", "--check", stdout=out)
    assert "PostgreSQL" in out.getvalue()
    assert "Nothing done" not in out.getvalue()  # translated

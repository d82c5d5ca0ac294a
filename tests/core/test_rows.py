"""``row_insert_new``: one row inserted unless its unique key is taken, without the
savepoint that catching the violation needs, and the same answer when another session
inserts the key first and commits while this one waits."""

import datetime
import threading
from typing import Any

import psycopg
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tongban.cases.models import DailySerial
from tongban.core.rows import row_insert_new, unique_constraint

DAY = datetime.date(2026, 12, 3)
UNIQUE = unique_constraint(DailySerial, "daily_serial_unique")


@pytest.mark.django_db
def test_a_new_key_is_inserted_and_a_taken_one_is_not() -> None:
    first = DailySerial(key="rows:1", day=DAY, last=1)
    assert row_insert_new(first, UNIQUE)
    assert first.pk is not None
    again = DailySerial(key="rows:1", day=DAY, last=7)
    assert not row_insert_new(again, UNIQUE)
    assert again.pk is None
    assert list(
        DailySerial.objects.filter(key="rows:1").values_list("last", flat=True)
    ) == [1]
    other_day = DailySerial(key="rows:1", day=DAY + datetime.timedelta(days=1), last=2)
    assert row_insert_new(other_day, UNIQUE)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statement")
def test_on_postgresql_the_taken_key_costs_one_statement_and_no_savepoint() -> None:
    row_insert_new(DailySerial(key="rows:2", day=DAY, last=1), UNIQUE)
    with CaptureQueriesContext(connection) as seen:
        assert not row_insert_new(DailySerial(key="rows:2", day=DAY, last=1), UNIQUE)
    (sql,) = [q["sql"] for q in seen.captured_queries]  # no savepoint pair around it
    assert 'ON CONFLICT ("key", "day") DO NOTHING' in sql
    # Nothing raised: the test's transaction is usable, the row as it was.
    assert DailySerial.objects.get(key="rows:2").last == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two sessions")
def test_a_key_another_session_commits_while_this_one_waits_is_not_inserted() -> None:
    other = psycopg.connect(**connection.get_connection_params())
    other.execute(
        "INSERT INTO cases_dailyserial (key, day, last) VALUES (%s, %s, 1)",
        ["rows:3", DAY],
    )  # open: its transaction holds the key
    answer: dict[str, Any] = {}

    def insert() -> None:
        try:
            with transaction.atomic():
                answer["inserted"] = row_insert_new(
                    DailySerial(key="rows:3", day=DAY, last=9), UNIQUE
                )
        finally:
            connection.close()

    worker = threading.Thread(target=insert)
    worker.start()
    worker.join(0.5)
    assert worker.is_alive()  # it waits for the other session's key
    other.commit()
    other.close()
    worker.join(30)
    assert answer == {"inserted": False}
    assert list(
        DailySerial.objects.filter(key="rows:3").values_list("last", flat=True)
    ) == [1]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="psycopg's conversion")
def test_a_statement_wider_than_fifty_parameters_is_converted_once() -> None:
    # A submission's materials and audit rows are such statements: psycopg split their
    # text again on every call until ``psycopg_keep_wide_statements`` (issue 12).
    from psycopg import _queries

    wide = 66  # the materials of a submission with three files: 3 rows of 22 values
    sql = "SELECT " + ", ".join(["%s::int"] * wide)
    with connection.cursor() as cursor:
        cursor.execute(sql, list(range(wide)))
        before = _queries._query2pg_client.cache_info().hits
        cursor.execute(sql, list(range(wide)))
        assert cursor.fetchone() == tuple(range(wide))
    assert _queries._query2pg_client.cache_info().hits == before + 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's values")
def test_values_taken_as_they_are_are_what_django_would_send() -> None:
    # ``db_values`` skips ``get_db_prep_save`` where Django gives the value back as it
    # is; for every such field of every model, its answer must be Django's own.
    from zoneinfo import ZoneInfo

    from django.apps import apps

    from tongban.core.rows import _AS_IS, db_values

    samples: dict[Any, list[Any]] = {
        None: [None],
        str: [None, "", "文本 ཀཁག"],
        datetime.datetime: [
            None,
            datetime.datetime(2026, 12, 4, 8, 0, tzinfo=datetime.UTC),
            datetime.datetime(2026, 12, 4, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
        ],
    }
    checked = 0
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if type(field) not in _AS_IS:
                continue
            for value in samples[_AS_IS[type(field)]]:
                (ours,) = db_values([field], [value], connection)
                django = field.get_db_prep_save(value, connection)
                assert type(ours) is type(django), (model, field.name, value)
                assert ours == django, (model, field.name, value)
                checked += 1
    assert checked > 1_000  # every model's fields, not an empty loop

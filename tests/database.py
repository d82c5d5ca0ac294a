"""The test databases between transactional tests.

A transactional test (``django_db(transaction=True)``, the live-server and thread tests)
commits for real, so Django empties every table after it (``flush``) and then sends
``post_migrate``. Two things here:

- the rows of the data migrations (the Tibet divisions, the national calendars of 2025 and
  2026) are written back on that ``post_migrate`` by the migrations' own functions, so the
  next transactional test, and a later run that reuses the database (``--reuse-db``), find
  the database as migrated instead of without divisions;
- on PostgreSQL the flush deletes the rows of the tables that have any instead of
  truncating all of them: a ``TRUNCATE`` of every table (more than a hundred) makes new files for
  each table and index, which costs far more than deleting the few rows a test wrote. The
  result is the same: every table empty, sequences not reset (Django's ``TRUNCATE`` does
  not restart them either). The foreign keys Django makes on PostgreSQL are ``DEFERRABLE
  INITIALLY DEFERRED`` and the flush runs in one transaction, so the order of the deletes
  does not matter. A flush that asks for sequences reset or cascading keeps Django's way.
"""

import importlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import AppConfig, apps
from django.db import connection
from django.db.models.signals import post_migrate

# (app, data migration, a model it fills, a filter its rows match)
MIGRATION_DATA = (
    ("regions", "0002_seed_tibet_divisions", "Division", {"code": "540000"}),
    ("calendars", "0002_seed_national_2025_2026", "CalendarYear", {"division": None}),
)


def _restore_migration_data(sender: AppConfig, using: str, **kwargs: object) -> None:
    """After a flush: the data migrations' rows again. After a migrate they are there
    already and nothing is written."""
    for app_label, migration, model, present in MIGRATION_DATA:
        if sender.label != app_label:
            continue
        rows = apps.get_model(app_label, model).objects.using(using)
        if not rows.filter(**present).exists():
            module = importlib.import_module(
                f"tongban.{app_label}.migrations.{migration}"
            )
            module.seed(apps, None)


post_migrate.connect(_restore_migration_data, dispatch_uid="tests.migration_data")


def _sql_flush_by_delete(original: Any) -> Any:
    def sql_flush(
        self: Any,
        style: Any,
        tables: list[str],
        *,
        reset_sequences: bool = False,
        allow_cascade: bool = False,
    ) -> list[str]:
        if reset_sequences or allow_cascade or not tables:
            return list(
                original(
                    self,
                    style,
                    tables,
                    reset_sequences=reset_sequences,
                    allow_cascade=allow_cascade,
                )
            )
        # The table names come from Django's introspection of the test database, quoted.
        quote = self.quote_name
        probe = " UNION ALL ".join(
            f"SELECT %s::text WHERE EXISTS (SELECT 1 FROM {quote(table)})"  # noqa: S608
            for table in tables
        )
        with self.connection.cursor() as cursor:
            cursor.execute(probe, list(tables))
            written = [row[0] for row in cursor.fetchall()]
        return [f"DELETE FROM {quote(table)};" for table in written]  # noqa: S608

    return sql_flush


@pytest.fixture(scope="session", autouse=True)
def flush_by_delete() -> Iterator[None]:
    """Flushes on PostgreSQL delete the rows of the non-empty tables (module docstring)."""
    if connection.vendor != "postgresql":
        yield
        return
    operations = type(connection.ops)
    original = operations.sql_flush
    operations.sql_flush = _sql_flush_by_delete(original)  # type: ignore[method-assign]
    try:
        yield
    finally:
        operations.sql_flush = original  # type: ignore[method-assign]

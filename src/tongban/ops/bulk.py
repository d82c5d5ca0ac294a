"""Bulk writes for generated data: ``COPY … FROM STDIN`` on PostgreSQL (psycopg 3's
``cursor.copy``), ``executemany`` of one INSERT elsewhere.

A ``Table`` describes a model's columns once; rows are plain lists in that column order,
started from ``Table.template()`` (every column's default; ``auto_now``/``auto_now_add``
columns take the time the table was described) and filled by index, with explicit primary
keys so child rows can name their parent without a round trip. Building lists instead of
model instances is what makes a million cases take a minute rather than an hour.
``reset_sequences`` then moves the id sequences past the explicit ids. Used only by the
seed (``ops.seed``): the application's writes go through the services.
"""

import json
from collections.abc import Callable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone


def next_id(model: type[models.Model]) -> int:
    last = model._default_manager.aggregate(last=models.Max("pk"))["last"]
    return int(last or 0) + 1


def _json(value: Any) -> Any:
    """JSON text for a JSON column; a ``str`` is taken as JSON text already (so a
    constant can be encoded once, not once per row)."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """How one column's Python value becomes what the driver takes (``None``: as is).
    psycopg adapts dates, UUIDs and booleans itself; SQLite needs Django's adapters, as
    ``bulk_create`` would apply them, without its per-value overhead."""
    if isinstance(field, models.JSONField):
        return _json
    if connection.vendor == "postgresql":
        return None
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(field, models.UUIDField):
        return lambda v: None if v is None else v.hex
    return None


class Table:
    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.index = {f.attname: i for i, f in enumerate(self.fields)}
        now = timezone.now()
        self._template = [
            now
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            else f.get_default()
            for f in self.fields
        ]
        self._converters = [
            (i, c) for i, f in enumerate(self.fields) if (c := _converter(f))
        ]

    def template(self) -> list[Any]:
        return self._template.copy()

    def row(self, **values: Any) -> list[Any]:
        """A row from keyword values (convenient where speed matters less)."""
        row = self.template()
        for name, value in values.items():
            row[self.index[name]] = value
        return row

    def write(self, rows: Sequence[list[Any]]) -> None:
        """Insert ``rows`` in one statement (COPY on PostgreSQL)."""
        if not rows:
            return
        for row in rows:
            for i, convert in self._converters:
                row[i] = convert(row[i])
        ops = connection.ops
        table = ops.quote_name(self.model._meta.db_table)
        names = ", ".join(ops.quote_name(f.column) for f in self.fields)
        connection.ensure_connection()
        if connection.vendor == "postgresql":
            raw = connection.connection
            assert raw is not None  # noqa: S101 - ensure_connection() opened it
            with (
                raw.cursor() as cursor,
                cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(self.fields))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608 - names from the model
                rows,
            )


def reset_sequences(models_: Sequence[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

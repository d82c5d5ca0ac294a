"""Plain row inserts with their SQL built once (PostgreSQL), for hot paths.

A submission inserts its stored files, its case and the case's materials; the ORM
compiles each of those ``INSERT``s again on every call (``bulk_create`` and ``save``),
which cost more CPU than PostgreSQL spends running them. ``rows_insert`` writes the
same rows with the same values in one statement per model, ``INSERT … VALUES (…), (…)
RETURNING id``, its text built once per model and row count from the model's fields.

It stands in for ``bulk_create`` (no signals, no ``save``) everywhere, and for
``save()`` of a new row only where that is all ``save()`` does: the model does not
override ``save`` and nobody listens to its save signals (``rows_insert`` falls back to
``save()`` otherwise). A row holding an expression (a database default, ``F()``) and
other databases (SQLite) take the ORM's path.
"""

import functools
from collections.abc import Sequence
from typing import Any

from django.db import connection, models
from django.db.models import signals

# More rows than this take ``bulk_create`` (batched within PostgreSQL's parameter limit,
# and no statement text kept for every row count).
MAX_ROWS = 32


def rows_insert(objs: Sequence[models.Model], *, as_save: bool = False) -> None:
    """Insert ``objs`` (new rows of one model, their primary keys unset) and set their
    ids. ``as_save``: the caller would otherwise call ``save()`` on each (a model whose
    ``save`` or save signals do more takes that path)."""
    if not objs:
        return
    model = type(objs[0])
    for obj in objs:  # as ``save`` and ``bulk_create`` do: related rows saved first
        obj._prepare_related_fields_for_save(operation_name="rows_insert")  # type: ignore[attr-defined]
    fields = _fields(model)
    values = [[f.pre_save(obj, True) for f in fields] for obj in objs]
    plain = (
        connection.vendor == "postgresql"
        and len(objs) <= MAX_ROWS
        and not any(hasattr(v, "resolve_expression") for row in values for v in row)
    )
    if not plain or (as_save and not _plain_save(model)):
        if as_save:
            for obj in objs:
                obj.save(force_insert=True)
        else:
            model._default_manager.bulk_create(objs)
        return
    params = [
        f.get_db_prep_save(v, connection)
        for row in values
        for f, v in zip(fields, row, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.execute(_statement(model, len(objs)), params)
        ids = [row[0] for row in cursor.fetchall()]
    for obj, pk in zip(objs, ids, strict=True):  # RETURNING keeps the VALUES order
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias


def _fields(model: type[models.Model]) -> list[Any]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _plain_save(model: type[models.Model]) -> bool:
    """Whether ``save()`` of a new ``model`` row only inserts it."""
    return model.save is models.Model.save and not any(
        s.has_listeners(model) for s in (signals.pre_save, signals.post_save)
    )


@functools.cache
def _statement(model: type[models.Model], count: int) -> str:
    quote = connection.ops.quote_name
    meta = model._meta
    fields = _fields(model)
    names = ", ".join(quote(f.column) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    return (
        f"INSERT INTO {quote(meta.db_table)} ({names}) "  # noqa: S608 - names from _meta
        f"VALUES {', '.join([row] * count)} RETURNING {quote(meta.pk.column)}"
    )

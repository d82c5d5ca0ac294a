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

``row_insert_new`` inserts one row unless a row with the same values of a unique
constraint's fields is there already (``ON CONFLICT … DO NOTHING``): the idempotent
insert of a retried request without the savepoint that catching the unique violation
needs (two round trips, and the error raised and recovered from); ``row_id`` asks for
the id by that key, the look-up a retry is recognised by, its text built once.
"""

import functools
from collections.abc import Sequence
from typing import Any

from django.db import (
    DEFAULT_DB_ALIAS,
    IntegrityError,
    connection,
    connections,
    models,
    transaction,
)
from django.db.models import signals

# More rows than this take ``bulk_create`` (batched within PostgreSQL's parameter limit,
# and no statement text kept for every row count).
MAX_ROWS = 32


def rows_insert(objs: Sequence[models.Model], *, as_save: bool = False) -> None:
    """Insert ``objs`` (new rows of one model, their primary keys unset) and set their
    ids. ``as_save``: the caller would otherwise call ``save()`` on each (a model whose
    ``save`` or save signals do more takes that path)."""
    if objs:
        _insert(objs, as_save=as_save)


def row_insert_new(obj: models.Model, unique: models.UniqueConstraint) -> bool:
    """Insert ``obj`` as ``save()`` would and set its id, unless a row with its values
    of ``unique``'s fields exists (committed, or committed by a transaction this one
    waited for): then nothing is written and the answer is ``False``. Other databases,
    and a model whose ``save`` does more, insert in a savepoint and take any unique
    violation for that one."""
    if _insert([obj], as_save=True, unique=unique):
        return obj.pk is not None
    try:
        with transaction.atomic():
            obj.save(force_insert=True)
    except IntegrityError:
        return False
    return True


def unique_constraint(model: type[models.Model], name: str) -> models.UniqueConstraint:
    """``model``'s unique constraint called ``name`` (for ``row_insert_new``, ``row_id``)."""
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.name == name:
            return constraint
    raise LookupError(f"{model.__name__} has no unique constraint {name!r}")


def row_id(
    unique: models.UniqueConstraint, model: type[models.Model], **values: Any
) -> Any:
    """The id of ``model``'s row with these values of ``unique``'s fields, or ``None``:
    one read of the constraint's index, the statement built once (any database)."""
    fields = tuple(unique.fields)
    db = connections[DEFAULT_DB_ALIAS]  # once, not through the proxy for every value
    params = [
        _column(model, name).get_db_prep_value(values[name], db) for name in fields
    ]
    with db.cursor() as cursor:
        cursor.execute(_lookup(model, fields), params)
        found = cursor.fetchone()
    return None if found is None else found[0]


def _insert(
    objs: Sequence[models.Model],
    *,
    as_save: bool,
    unique: models.UniqueConstraint | None = None,
) -> bool:
    """The plain insert where it applies (``True``), else the ORM's path; with
    ``unique``, the ORM's path is the caller's (``False``, nothing written)."""
    model = type(objs[0])
    for obj in objs:  # as ``save`` and ``bulk_create`` do: related rows saved first
        obj._prepare_related_fields_for_save(operation_name="rows_insert")  # type: ignore[attr-defined]
    fields = _fields(model)
    values = [[f.pre_save(obj, True) for f in fields] for obj in objs]
    db = connections[DEFAULT_DB_ALIAS]  # once, not through the proxy for every value
    plain = (
        db.vendor == "postgresql"
        and len(objs) <= MAX_ROWS
        and not any(hasattr(v, "resolve_expression") for row in values for v in row)
    )
    if not plain or (as_save and not _plain_save(model)):
        if unique is not None:
            return False
        if as_save:
            for obj in objs:
                obj.save(force_insert=True)
        else:
            model._default_manager.bulk_create(objs)
        return False
    params = [
        f.get_db_prep_save(v, db)
        for row in values
        for f, v in zip(fields, row, strict=True)
    ]
    conflict = () if unique is None else tuple(unique.fields)
    with db.cursor() as cursor:
        cursor.execute(_statement(model, len(objs), conflict), params)
        ids = [row[0] for row in cursor.fetchall()]
    if not ids:  # ``unique`` found a row: nothing written
        return True
    for obj, pk in zip(objs, ids, strict=True):  # RETURNING keeps the VALUES order
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = db.alias
    return True


def _fields(model: type[models.Model]) -> list[Any]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _column(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """The concrete field ``name`` of a unique constraint's fields."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or field.column is None:
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field


def _plain_save(model: type[models.Model]) -> bool:
    """Whether ``save()`` of a new ``model`` row only inserts it."""
    return model.save is models.Model.save and not any(
        s.has_listeners(model) for s in (signals.pre_save, signals.post_save)
    )


@functools.cache
def _statement(
    model: type[models.Model], count: int, conflict: tuple[str, ...] = ()
) -> str:
    quote = connection.ops.quote_name
    meta = model._meta
    fields = _fields(model)
    names = ", ".join(quote(f.column) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    unless = (
        " ON CONFLICT ("
        + ", ".join(quote(_column(model, name).column) for name in conflict)
        + ") DO NOTHING"
        if conflict
        else ""
    )
    return (
        f"INSERT INTO {quote(meta.db_table)} ({names}) "  # noqa: S608 - names from _meta
        f"VALUES {', '.join([row] * count)}{unless} RETURNING {quote(meta.pk.column)}"
    )


@functools.cache
def _lookup(model: type[models.Model], fields: tuple[str, ...]) -> str:
    quote = connection.ops.quote_name
    meta = model._meta
    where = " AND ".join(
        f"{quote(_column(model, name).column)} = %s" for name in fields
    )
    return (
        f"SELECT {quote(meta.pk.column)} FROM {quote(meta.db_table)} "  # noqa: S608
        f"WHERE {where} LIMIT 1"
    )

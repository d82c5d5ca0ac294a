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

import datetime
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
# psycopg turns a statement's text into its template once and keeps it (an LRU of 128
# texts of up to 4,096 characters), but only for statements of at most 50 parameters; a
# wider one is split again on every call, and a submission's materials (3 rows of 22
# values) and audit rows (4 rows of 17) are wider. Kept up to this many parameters.
WIDE_PARAMS = 256


def psycopg_keep_wide_statements() -> None:
    """Let psycopg keep the template of a statement of up to ``WIDE_PARAMS`` parameters
    (its length limit stays), from ``CoreConfig.ready``. psycopg has no setting for it:
    this raises the module's constant, and ``tests/core/test_rows.py`` fails if a
    release stops reading it."""
    try:
        from psycopg import _queries
    except ImportError:  # no psycopg: SQLite only
        return
    _queries.MAX_CACHED_STATEMENT_PARAMS = max(
        _queries.MAX_CACHED_STATEMENT_PARAMS, WIDE_PARAMS
    )


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
    params = [p for row in values for p in db_values(fields, row, db)]
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


def db_values(fields: Sequence[Any], values: Sequence[Any], db: Any) -> list[Any]:
    """``values`` of ``fields`` as ``get_db_prep_save`` makes them for PostgreSQL, where
    Django's own answer is the value itself taken as it is (``_AS_IS``): each such call
    cost more CPU than the value's part of the insert. Checked against Django's answer
    for every such field of every model in ``tests/core/test_rows.py``."""
    out = []
    for f, v in zip(fields, values, strict=True):
        kind = _AS_IS.get(type(f), _PREPARED)
        if kind is not _PREPARED and (
            v is None
            or (kind is str and type(v) is str)
            or (
                kind is datetime.datetime
                and type(v) is datetime.datetime
                and v.tzinfo is not None
            )
        ):
            out.append(v)
        else:
            out.append(f.get_db_prep_save(v, db))
    return out


# The field types (exactly these, not subclasses) whose ``get_db_prep_save`` on PostgreSQL
# gives back ``None`` as ``None``, and a value of the type named as that value: a text's
# ``str``, an aware ``datetime`` (Django wraps integers, so those take its path).
_AS_IS: dict[type, type | None] = {
    models.CharField: str,
    models.TextField: str,
    models.DateTimeField: datetime.datetime,
    models.DateField: None,
    models.BooleanField: None,
    models.IntegerField: None,
    models.PositiveIntegerField: None,
    models.PositiveSmallIntegerField: None,
    models.BigIntegerField: None,
    models.UUIDField: None,
    models.JSONField: None,
    models.ForeignKey: None,
}
_PREPARED = object()  # a field type not above: every value takes Django's path


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

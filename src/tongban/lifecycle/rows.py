"""A transition's two row writes in one statement (PostgreSQL), for hot lifecycles.

The kernel's writer saves the object and inserts its history row. For a lifecycle that
declares ``plain_rows`` (a queue ticket: "call next" with twenty windows calling at once)
it does both in one round trip, ``WITH updated AS (UPDATE … RETURNING 1) INSERT … SELECT
… FROM updated``, with SQL built once from the models' fields instead of compiled by the
ORM on every call. Every column of the object is written, as ``save()`` writes them, so a
value changed in place (a JSON list) is never missed.

It stands in for ``save()`` only where that is all ``save()`` would do: the models do not
override ``save`` and nobody listens to their save signals (``problems`` says so, and the
lifecycle consistency tests assert none); an object holding an expression (``F("n") + 1``)
goes through ``save()``. Other databases (SQLite) keep the ORM's two statements.
"""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, models
from django.db.models import signals


class RowWriter:
    """Writes one lifecycle's object row and history row together."""

    def __init__(self, model: type[models.Model], history: type[models.Model]) -> None:
        self.model = model
        self.history = history
        self._sql: str | None = None

    def problems(self, where: str) -> list[str]:
        """Why ``save()`` would do more than this writer does, if it would."""
        found = []
        for model in (self.model, self.history):
            if model.save is not models.Model.save:
                found.append(f"{where}: {model.__name__} overrides save()")
            if any(
                s.has_listeners(model) for s in (signals.pre_save, signals.post_save)
            ):
                found.append(f"{where}: {model.__name__} has save signal receivers")
        return found

    def writes(self, obj: models.Model) -> bool:
        """Whether this writer takes ``obj`` (PostgreSQL, plain column values)."""
        return connection.vendor == "postgresql" and not any(
            hasattr(getattr(obj, f.attname), "resolve_expression")
            for f in _columns(self.model)
        )

    def write(self, obj: models.Model, history: models.Model) -> None:
        """Update ``obj``'s row and insert ``history`` (its id set), in one statement."""
        params: list[Any] = [
            f.get_db_prep_save(f.pre_save(obj, False), connection)
            for f in _columns(self.model)
        ]
        params.append(obj.pk)
        params.extend(
            f.get_db_prep_save(f.pre_save(history, True), connection)
            for f in _columns(self.history)
        )
        with connection.cursor() as cursor:
            cursor.execute(self._statement(), params)
            row = cursor.fetchone()
        if row is None:  # the object's row is gone: the kernel had it locked
            raise ObjectDoesNotExist(f"{self.model.__name__} {obj.pk}")
        history.pk = row[0]
        for written in (obj, history):
            written._state.adding = False
            written._state.db = connection.alias

    def _statement(self) -> str:
        if self._sql is None:
            quote = connection.ops.quote_name
            table = self.model._meta
            sets = ", ".join(f"{quote(f.column)} = %s" for f in _columns(self.model))
            columns = _columns(self.history)
            names = ", ".join(quote(f.column) for f in columns)
            values = ", ".join(["%s"] * len(columns))
            pk = quote(table.pk.column)
            self._sql = (
                f"WITH updated AS (UPDATE {quote(table.db_table)} SET {sets} "  # noqa: S608 - names from _meta
                f"WHERE {pk} = %s RETURNING 1) "
                f"INSERT INTO {quote(self.history._meta.db_table)} ({names}) "
                f"SELECT {values} FROM updated "
                f"RETURNING {quote(self.history._meta.pk.column)}"
            )
        return self._sql


def _columns(model: type[models.Model]) -> list[Any]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]

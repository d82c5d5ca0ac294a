"""The one read behind public verification: a certificate's signed states with the
certificate, its type, issuer, holder and successor, by identifier, in one statement.

Verification is the hot path (every scanned 2-D code). The same read through the ORM's
``select_related`` spent ~20 ms per call building SQL for five joined models on a loaded
machine while PostgreSQL answered in 0.2 ms (docs/BENCHMARKS.md, issue 13), so the
statement is built once per process from the models' own ``_meta`` (a renamed or added
column follows the model) and each row is turned into model instances with the same
database converters the ORM applies. The instances are ordinary model objects: pages,
the API and the PDF read them as they read ORM results.

Known limit: this is the only place outside the ORM that reads these tables; a new
relation the verifier needs must be added to ``_PARTS`` here.
"""

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connections, models

from .models import Certificate, CertificateState, CertificateType


@dataclass(frozen=True)
class _Part:
    """One joined table: its model, alias and the columns read from it."""

    model: type[models.Model]
    alias: str
    fields: tuple[models.Field[Any, Any], ...]


def _related(name: str) -> type[models.Model]:
    model = Certificate._meta.get_field(name).related_model
    assert isinstance(model, type)  # noqa: S101 - a concrete FK of Certificate
    return model


def _all(model: type[models.Model]) -> tuple[models.Field[Any, Any], ...]:
    return tuple(model._meta.concrete_fields)


@cache
def _parts() -> tuple[_Part, ...]:
    successor = Certificate._meta
    return (
        _Part(CertificateState, "s", _all(CertificateState)),
        _Part(Certificate, "c", _all(Certificate)),
        _Part(CertificateType, "t", _all(CertificateType)),
        _Part(_related("organisation"), "o", _all(_related("organisation"))),
        _Part(_related("holder"), "h", _all(_related("holder"))),
        _Part(
            Certificate,
            "r",
            (successor.get_field("id"), successor.get_field("identifier")),
        ),
    )


@cache
def _statement(alias: str) -> str:
    quote = connections[alias].ops.quote_name
    columns = ", ".join(
        f"{part.alias}.{quote(field.column)}"
        for part in _parts()
        for field in part.fields
    )

    def table(model: type[models.Model]) -> str:
        return quote(model._meta.db_table)

    return (
        f"SELECT {columns} FROM {table(CertificateState)} s "  # noqa: S608 - names from _meta
        f"JOIN {table(Certificate)} c ON c.id = s.certificate_id "
        f"JOIN {table(CertificateType)} t ON t.id = c.certificate_type_id "
        f"JOIN {table(_related('organisation'))} o ON o.id = c.organisation_id "
        f"JOIN {table(_related('holder'))} h ON h.id = c.holder_id "
        f"LEFT JOIN {table(Certificate)} r ON r.id = c.replaced_by_id "
        "WHERE c.identifier = %s ORDER BY s.sequence"
    )


Steps = tuple[tuple[Any, tuple[Any, ...]], ...]  # per column: (expression, converters)


@cache
def _steps(alias: str) -> tuple[Steps, ...]:
    """The ORM's own converters of every column (dates on SQLite, JSON, …)."""
    connection = connections[alias]
    out = []
    for part in _parts():
        columns = []
        for field in part.fields:
            column = field.get_col(part.alias)
            converters = (
                *connection.ops.get_db_converters(column),
                *field.get_db_converters(connection),  # type: ignore[attr-defined]  # on every concrete field, not in the stubs
            )
            columns.append((column, converters))
        out.append(tuple(columns))
    return tuple(out)


def _instance(alias: str, part: _Part, values: Any, steps: Steps) -> Any:
    if values[0] is None:  # the LEFT JOIN found no successor
        return None
    connection = connections[alias]
    converted = []
    for value, (column, converters) in zip(values, steps, strict=True):
        for converter in converters:
            value = converter(value, column, connection)
        converted.append(value)
    return part.model.from_db(alias, [f.attname for f in part.fields], converted)


def _link(instance: models.Model, name: str, related: Any) -> None:
    field = type(instance)._meta.get_field(name)
    field.set_cached_value(instance, related)  # type: ignore[union-attr]  # an FK


def states_with_certificate(identifier: str) -> list[CertificateState]:
    """The states of ``identifier`` oldest first, each with its certificate (type,
    organisation, holder and successor loaded); empty when it has none."""
    alias = CertificateState.objects.db
    with connections[alias].cursor() as cursor:
        cursor.execute(_statement(alias), [identifier])
        rows = cursor.fetchall()
    parts, steps = _parts(), _steps(alias)
    states: list[CertificateState] = []
    certificate = None
    for row in rows:
        offset, loaded = 0, []
        for index, part in enumerate(parts):
            width = len(part.fields)
            if index == 0 or certificate is None:
                values = row[offset : offset + width]
                loaded.append(_instance(alias, part, values, steps[index]))
            offset += width
        if certificate is None:
            certificate = loaded[1]
            for name, related in zip(
                ("certificate_type", "organisation", "holder", "replaced_by"),
                loaded[2:],
                strict=True,
            ):
                _link(certificate, name, related)
        _link(loaded[0], "certificate", certificate)
        states.append(loaded[0])
    return states

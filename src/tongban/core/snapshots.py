"""Field values of a row as JSON and the changes between two such snapshots: what an
audit row records as old → new, and what a version diff shows. Read by services and
selectors alike; it reads values only and writes nothing."""

import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Field values of ``instance`` in JSON form, for an audit ``old``/``new`` pair."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        value = getattr(instance, getattr(field, "attname", name))
        values[name] = value
    return jsonable(values)


def changes_between(
    old: Mapping[str, Any], new: Mapping[str, Any]
) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields whose value changed (missing = ``None``)."""
    return {
        key: [old.get(key), new.get(key)]
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    }


def jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))

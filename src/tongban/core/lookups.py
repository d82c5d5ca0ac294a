"""Query lookups shared by the apps.

``AnyOf(F("field"), values)`` is ``field IN values`` for the long lists of a bulk read
(the sweep's 2,000 ids or UUIDs a chunk): on PostgreSQL one array parameter,
``field = ANY(%s)``, so the driver quotes one value and parses one placeholder instead
of thousands; elsewhere Django's ``IN`` list. The values must already be of the field's
Python type (ints, UUIDs): they are passed as they are.
"""

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models.lookups import In


class AnyOf(In):
    def get_prep_lookup(self) -> Any:
        return list(self.rhs)

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        if not self.rhs:
            raise EmptyResultSet
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*params, self.rhs)

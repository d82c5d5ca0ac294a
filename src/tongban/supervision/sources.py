"""The registry of supervised sources: what the sweep, the rollups and the disclosure
figures read, one adapter per kind of object with a lifecycle — cases
(``case_source``), service-desk tickets (``ticket_source``) and bad-review
rectifications (``rectification_source``), registered in ``apps.ready``.

A source says which objects the full sweep looks at (``open_subjects``), which changed
after a position of its change feed (``changes_after``), and describes each one as a
``Subject``: who is responsible and the ``Facts`` the rules read. A new kind is one more
adapter with the same three methods over its app's selectors; nothing else in the sweep
changes (the warnings table keys subjects by kind and UUID).
"""

import datetime
import uuid as uuid_
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from tongban.supervision.domain.rules import Facts


@dataclass(frozen=True)
class Subject:
    kind: str
    uuid: uuid_.UUID
    number: str
    organisation_id: int | None  # None: the service desk of the division (tickets)
    division_id: int
    staff_id: int | None
    item_type: str
    facts: Facts


class Source(Protocol):
    kind: str

    def open_subjects(self, *, today: datetime.date) -> Iterator[Subject]: ...

    def changes_after(self, *, position: int, limit: int) -> tuple[list[Any], int]: ...

    def subjects(
        self, *, uuids: Iterable[Any], today: datetime.date
    ) -> Iterator[Subject]: ...


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    _SOURCES[source.kind] = source


def sources() -> list[Source]:
    return list(_SOURCES.values())


def source(kind: str) -> Source | None:
    return _SOURCES.get(kind)

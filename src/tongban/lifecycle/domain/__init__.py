"""The transition table of a lifecycle (pure: no Django, no ORM).

An edge says which states it leaves, the event that fires it, the state it reaches, which
roles may fire it, the effect on the time-limit clock and the clause it implements. A table
indexes its edges by ``(state, event)`` and refuses, when it is built, two edges for the same
pair — the mistake a hand-written state machine makes silently.

Clock effects: ``start`` (the limit begins to run; the start day is not counted), ``pause`` /
``resume`` (time that does not count: special procedures, waiting for the requester),
``extend`` (an approved extension adds days in the limit's unit), ``stop`` (the limit no
longer runs: decided, replied, closed).
"""

from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar


class Clock(StrEnum):
    NONE = "none"
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    EXTEND = "extend"
    STOP = "stop"


S = TypeVar("S", bound=Hashable)  # a state (a StrEnum of the lifecycle)
E = TypeVar("E", bound=Hashable)  # an event
R = TypeVar("R", bound=Hashable)  # a role


@dataclass(frozen=True)
class Edge(Generic[S, E, R]):
    sources: tuple[S, ...]
    event: E
    target: S
    actors: frozenset[R]
    clock: Clock = Clock.NONE
    clause: str = ""
    guards: tuple[str, ...] = field(default=())  # names, for documentation and checks


class TableError(ValueError):
    """A transition table that cannot be right (a duplicate edge, an edge from nowhere)."""


class Table(Generic[S, E, R]):
    """The edges of one lifecycle, indexed by ``(state, event)``."""

    def __init__(self, edges: Iterable[Edge[S, E, R]]) -> None:
        self.edges: tuple[Edge[S, E, R], ...] = tuple(edges)
        self._index: dict[tuple[S, E], Edge[S, E, R]] = {}
        for edge in self.edges:
            if not edge.sources:
                raise TableError(f"{edge.event}: an edge needs at least one source")
            if not edge.actors:
                raise TableError(f"{edge.event}: an edge needs at least one role")
            for source in edge.sources:
                key = (source, edge.event)
                if key in self._index:
                    raise TableError(f"two edges for {edge.event} from {source}")
                self._index[key] = edge

    def __iter__(self) -> Iterator[Edge[S, E, R]]:
        return iter(self.edges)

    @property
    def events(self) -> frozenset[E]:
        return frozenset(edge.event for edge in self.edges)

    @property
    def states(self) -> frozenset[S]:
        return frozenset(s for edge in self.edges for s in (*edge.sources, edge.target))

    def resolve(self, state: S, event: E) -> Edge[S, E, R] | None:
        """The edge for ``event`` in ``state``, or ``None`` when it is not allowed there."""
        return self._index.get((state, event))

    def allowed(self, state: S, roles: Iterable[R]) -> list[E]:
        """Events the given roles may fire in ``state`` (before guards), in table order."""
        held = set(roles)
        seen: list[E] = []
        for edge in self.edges:
            if state in edge.sources and edge.actors & held and edge.event not in seen:
                seen.append(edge.event)
        return seen

    def unreachable(self, initial: Iterable[S]) -> frozenset[S]:
        """States no path of edges reaches from ``initial`` (a table smell)."""
        reached = set(initial)
        frontier = list(reached)
        while frontier:
            state = frontier.pop()
            for edge in self.edges:
                if state in edge.sources and edge.target not in reached:
                    reached.add(edge.target)
                    frontier.append(edge.target)
        return self.states - reached

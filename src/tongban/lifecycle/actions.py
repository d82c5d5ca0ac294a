"""An action, declared once: its edge, guards, effect, message, labels and request shape.

Forms, buttons, API endpoints and history text are derived from the declarations; the
consistency check (``Lifecycle.problems``) fails when a piece is missing. A lifecycle that
needs more per action (a case's statutory notice, its workbench form) subclasses ``Action``
with keyword-only fields of its own.
"""

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from tongban.lifecycle.domain import Clock, Edge

S = TypeVar("S", bound=Hashable)
E = TypeVar("E", bound=Hashable)
R = TypeVar("R", bound=Hashable)

Errors = list[tuple[str, str, Any]]  # (request field, stable code, message)
Guard = Callable[[Any, Mapping[str, Any], Any], Errors]
Effect = Callable[[Any, Mapping[str, Any], Any], dict[str, Any]]


def no_effect(obj: Any, data: Mapping[str, Any], actor: Any) -> dict[str, Any]:
    return {}


@dataclass(frozen=True, kw_only=True)
class Action(Generic[S, E, R]):
    event: E
    sources: tuple[S, ...]
    target: S
    actors: frozenset[R]
    label: Any  # the verb on a button or a form title, lazily translated ("Accept")
    history: Any  # what the history says happened, lazily translated ("Accepted")
    clause: str = ""  # the rule it implements (law, standard, DOMAIN section)
    clock: Clock = Clock.NONE
    guards: tuple[Guard, ...] = ()
    effect: Effect = no_effect
    request: type | None = None  # the request serializer; None only for system actions
    message: str | None = None  # the notification template sent to the requester
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        """The action's URL segment and operation name (``request-supplement``)."""
        return str(self.event).replace("_", "-")

    @property
    def edge(self) -> Edge[S, E, R]:
        return Edge(
            sources=self.sources,
            event=self.event,
            target=self.target,
            actors=self.actors,
            clock=self.clock,
            clause=self.clause,
            guards=tuple(getattr(g, "__name__", repr(g)) for g in self.guards),
        )


def action(
    *,
    event: Any,
    sources: Iterable[Any],
    target: Any,
    actors: Iterable[Any],
    **rest: Any,
) -> Action[Any, Any, Any]:
    """An ``Action`` from iterables (``sources=[S.A, S.B]``), for readable tables."""
    return Action(
        event=event,
        sources=tuple(sources),
        target=target,
        actors=frozenset(actors),
        guards=tuple(rest.pop("guards", ())),
        **rest,
    )

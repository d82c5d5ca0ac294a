"""The ticket lifecycle as one transition table (DOMAIN.md §9.3 closed loop):
受理 received → 派单 routed → 办理 in progress → 回复 replied → 回访 callback → 办结 closed,
with 退单 (the unit returns the ticket, the dispatcher routes it again), reopen after an
unsatisfied callback, 督办 by a supervisor, extension requests and the sweep's ladder.

Each edge names who may take it, what it does to the clock and why it exists. The one
writer (``services.workflow.ticket_transition``) resolves edges here and nowhere else.
"""

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    RECEIVED = "received"  # 受理: filed, waiting for the dispatcher
    ROUTED = "routed"  # 派单: sent to the responsible organisation
    IN_PROGRESS = "in_progress"  # 办理: a handler of that organisation has it
    RETURNED = "returned"  # 退单: the unit sent it back with reasons
    REPLIED = "replied"  # 回复: answered, the callback is due
    CLOSED = "closed"  # 办结: callback recorded (or closed with reasons)


class Event(StrEnum):
    ROUTE = "route"
    RETURN = "return"
    ASSIGN = "assign"
    REPLY = "reply"
    REOPEN = "reopen"
    CALLBACK = "callback"
    REQUEST_EXTENSION = "request_extension"
    APPROVE_EXTENSION = "approve_extension"
    REFUSE_EXTENSION = "refuse_extension"
    SUPERVISE = "supervise"
    REMIND = "remind"
    URGE = "urge"
    ESCALATE = "escalate"


class Actor(StrEnum):
    DISPATCHER = "dispatcher"  # 12345 agent / 调度员 of the region
    UNIT = "unit"  # staff of the organisation the ticket is routed to
    SUPERVISOR = "supervisor"
    SYSTEM = "system"  # the daily sweep


class Clock(StrEnum):
    NONE = "none"
    RESTART = "restart"  # a fresh limit of the ticket's type from today
    EXTEND = "extend"  # the approved extra working days are added
    STOP = "stop"


OPEN = frozenset({State.RECEIVED, State.ROUTED, State.IN_PROGRESS, State.RETURNED})
# The unit has the ticket: only then are the limit's ladder steps and extensions meaningful.
AT_UNIT = frozenset({State.ROUTED, State.IN_PROGRESS})


@dataclass(frozen=True)
class Edge:
    sources: frozenset[State]
    target: State | None  # None: the state does not change
    actors: frozenset[Actor]
    clock: Clock
    needs_reason: bool
    why: str


def _e(
    sources: frozenset[State] | set[State],
    target: State | None,
    actors: set[Actor],
    *,
    clock: Clock = Clock.NONE,
    reason: bool = False,
    why: str,
) -> Edge:
    return Edge(frozenset(sources), target, frozenset(actors), clock, reason, why)


TABLE: dict[Event, Edge] = {
    Event.ROUTE: _e(
        {State.RECEIVED, State.RETURNED, State.ROUTED},
        State.ROUTED,
        {Actor.DISPATCHER, Actor.SYSTEM},
        why="派单: the routing rules or the dispatcher (who may override a rule's choice) "
        "send the ticket to the responsible unit",
    ),
    Event.RETURN: _e(
        AT_UNIT,
        State.RETURNED,
        {Actor.UNIT},
        reason=True,
        why="退单: not ours; the unit says why and the dispatcher routes again",
    ),
    Event.ASSIGN: _e(
        AT_UNIT,
        State.IN_PROGRESS,
        {Actor.UNIT},
        why="办理: the organisation names its handler (never the staff member complained about)",
    ),
    Event.REPLY: _e(
        {State.IN_PROGRESS, State.RECEIVED},
        State.REPLIED,
        {Actor.UNIT, Actor.DISPATCHER},
        reason=True,
        why="回复: the answer to the requester; a dispatcher answers a consultation at once",
    ),
    Event.REOPEN: _e(
        {State.REPLIED},
        State.IN_PROGRESS,
        {Actor.DISPATCHER},
        clock=Clock.RESTART,
        reason=True,
        why="unsatisfied for a reason the unit can fix: handled again with a fresh limit",
    ),
    Event.CALLBACK: _e(
        {State.REPLIED},
        State.CLOSED,
        {Actor.DISPATCHER},
        clock=Clock.STOP,
        why="回访 the day after the reply records satisfaction; 办结",
    ),
    Event.REQUEST_EXTENSION: _e(
        AT_UNIT,
        None,
        {Actor.UNIT},
        reason=True,
        why="延期: only by a request with reasons before the limit expires",
    ),
    Event.APPROVE_EXTENSION: _e(
        AT_UNIT,
        None,
        {Actor.DISPATCHER},
        clock=Clock.EXTEND,
        why="the dispatcher approves the requested extra working days",
    ),
    Event.REFUSE_EXTENSION: _e(
        AT_UNIT,
        None,
        {Actor.DISPATCHER},
        reason=True,
        why="the dispatcher refuses an extension; the limit stands",
    ),
    Event.SUPERVISE: _e(
        OPEN,
        None,
        {Actor.SUPERVISOR, Actor.SYSTEM},
        reason=True,
        why="督办: supervision takes up an overdue or sensitive ticket",
    ),
    Event.REMIND: _e(AT_UNIT, None, {Actor.SYSTEM}, why="reminder before the limit"),
    Event.URGE: _e(AT_UNIT, None, {Actor.SYSTEM}, why="催办 the day after the limit"),
    Event.ESCALATE: _e(
        AT_UNIT, None, {Actor.SYSTEM}, why="escalation 5 working days after the limit"
    ),
}


class NotAllowed(Exception):
    """The event cannot happen in this state or by this actor; ``code`` says which."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def resolve(state: State, event: Event, actors: set[Actor]) -> Edge:
    """The edge of ``event`` from ``state`` for an actor holding ``actors``."""
    edge = TABLE[event]
    if state not in edge.sources:
        raise NotAllowed("wrong_state")
    if not edge.actors & actors:
        raise NotAllowed("wrong_actor")
    return edge

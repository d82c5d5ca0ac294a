"""The ticket lifecycle's vocabulary (DOMAIN.md §9.3 closed loop): 受理 received → 派单 to
the unit (in progress there) → 回复 replied → 回访 callback → 办结 closed, with 退单
(returned to the dispatcher) and reopen. The edges themselves, with their guards, effects
and request shapes, are declared once in ``servicedesk.lifecycle`` on the shared kernel.

派单 and 办理 are one state: from the moment a ticket is routed the unit has it and its
limit is the unit's to keep; naming the handler is an action within it, not a state.
"""

from enum import StrEnum


class State(StrEnum):
    RECEIVED = "received"  # 受理: filed, waiting for the dispatcher
    IN_PROGRESS = "in_progress"  # 派单/办理: at the responsible unit
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
    SATISFIED = "satisfied"  # 回访 answered online by the requester
    UNSATISFIED = "unsatisfied"


class Role(StrEnum):
    DISPATCHER = "dispatcher"  # 12345 agent / 调度员 of the region
    UNIT = "unit"  # staff of the organisation the ticket is routed to
    SUPERVISOR = "supervisor"
    SYSTEM = "system"  # the daily sweep, the routing rules
    REQUESTER = "requester"  # the account holder who filed it (answers the callback)


OPEN = frozenset({State.RECEIVED, State.IN_PROGRESS, State.RETURNED})

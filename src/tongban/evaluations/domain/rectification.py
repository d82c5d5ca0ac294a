"""The bad-review rectification ticket (差评整改, DOMAIN.md §11.3; 国办发〔2019〕51号 谁办理、
谁负责): each edge with who may take it, its clock effect and the rule it implements.

    reported ──verify──▶ rectifying ──contact──▶ contacted ──rectify──▶ rectified
        │                   │  ▲                    │                      │
        │                appeal│reject_appeal    appeal                 callback
        │                   ▼  │                    ▼                      ▼
        │                appealed ──uphold_appeal──▶ dismissed        called_back
        └──dismiss (not a bad review of this service) ─▶ dismissed        │
                                                               follow_up / close
                                                                           ▼
                                                                         closed

Clocks (working days of the ticket's region): ``verify`` starts the contact limit
(核实联系, default 1) and the rectification limit (整改, default 15); ``contact`` stops the
first, ``rectify`` the second. An appeal does not stop them: a rejected appeal leaves the
unit with the days it had.
"""

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    REPORTED = "reported"  # 待核实
    RECTIFYING = "rectifying"  # 整改中, the unit has not yet contacted the evaluator
    CONTACTED = "contacted"  # 已联系
    RECTIFIED = "rectified"  # 已整改, waiting for the callback
    CALLED_BACK = "called_back"  # 已回访, waiting for the evaluator's follow-up rating
    APPEALED = "appealed"  # 申诉中
    DISMISSED = "dismissed"  # appeal upheld, or not a review of a service
    CLOSED = "closed"


class Actor(StrEnum):
    SUPERVISOR = "supervisor"  # 监督人员: verifies, classifies, decides appeals
    UNIT = "unit"  # the responsible unit's staff
    EVALUATOR = "evaluator"  # the applicant who gave the review
    SYSTEM = "system"


class Clock(StrEnum):
    NONE = ""
    START = "start"  # contact and rectification limits start
    STOP_CONTACT = "stop_contact"
    STOP_RECTIFY = "stop_rectify"


@dataclass(frozen=True)
class Edge:
    source: frozenset[State]
    target: State
    actors: frozenset[Actor]
    clock: Clock
    needs_reason: bool
    clause: str


def _e(
    source: set[State],
    target: State,
    actors: set[Actor],
    clause: str,
    clock: Clock = Clock.NONE,
    needs_reason: bool = True,
) -> Edge:
    return Edge(
        frozenset(source), target, frozenset(actors), clock, needs_reason, clause
    )


S, A = State, Actor
EDGES: dict[str, Edge] = {
    # 51号: verify the review, classify it (差评分类) and assign it to the unit that handled.
    "verify": _e(
        {S.REPORTED}, S.RECTIFYING, {A.SUPERVISOR}, "51号 核实、分类、交办", Clock.START
    ),
    # A review that is not about a service at all (spam, wrong place): closed with reasons.
    "dismiss": _e({S.REPORTED}, S.DISMISSED, {A.SUPERVISOR}, "51号 申诉复核"),
    # §11.3 "123": contact the evaluator within 1 working day.
    "contact": _e(
        {S.RECTIFYING}, S.CONTACTED, {A.UNIT}, "核实联系 1 WD", Clock.STOP_CONTACT
    ),
    # 立行立改 / 限期整改 within 15 working days, with the measures taken.
    "rectify": _e(
        {S.CONTACTED}, S.RECTIFIED, {A.UNIT}, "限期整改 15 WD", Clock.STOP_RECTIFY
    ),
    # 回访 with its outcome; 实名差评回访率 counts these.
    "callback": _e(
        {S.RECTIFIED}, S.CALLED_BACK, {A.UNIT, A.SUPERVISOR}, "实名差评回访"
    ),
    # The evaluator rates again after the callback: the loop is closed.
    "follow_up": _e(
        {S.CALLED_BACK},
        S.CLOSED,
        {A.EVALUATOR},
        "评价→反馈→整改→监督",
        needs_reason=False,
    ),
    # An anonymous evaluator cannot rate again: the supervisor closes after the callback.
    "close": _e({S.CALLED_BACK}, S.CLOSED, {A.SUPERVISOR}, "整改办结"),
    # 申诉: a malicious or mistaken review, with reasons; decided by a supervisor.
    "appeal": _e(
        {S.RECTIFYING, S.CONTACTED}, S.APPEALED, {A.UNIT}, "申诉复核 误评、恶意差评"
    ),
    "uphold_appeal": _e(
        {S.APPEALED}, S.DISMISSED, {A.SUPERVISOR}, "申诉成立: excluded from statistics"
    ),
    "reject_appeal": _e(
        {S.APPEALED}, S.RECTIFYING, {A.SUPERVISOR}, "申诉不成立: back to rectification"
    ),
}

OPEN = frozenset({S.REPORTED, S.RECTIFYING, S.CONTACTED, S.RECTIFIED, S.APPEALED})


def resolve(state: State, event: str, actor: Actor) -> Edge | None:
    """The edge ``event`` takes from ``state`` for ``actor``, or ``None``."""
    edge = EDGES.get(event)
    if edge is None or state not in edge.source or actor not in edge.actors:
        return None
    return edge


def events_from(state: State, actor: Actor) -> list[str]:
    return [
        name
        for name, edge in EDGES.items()
        if state in edge.source and actor in edge.actors
    ]

"""The case lifecycle as one transition table.

Each edge says which states it leaves, the event, the state it reaches, who may fire it, the
guards the service must check, the effect on the time-limit clock, and the clause it
implements. ``case_transition`` (services) is the only writer of a case's state; it resolves
the edge here, checks roles and guards, and applies the clock effect.

Clock effects: ``start`` (acceptance starts the statutory and promised limits), ``pause`` /
``resume`` (special procedures, 行政许可法 45, do not count), ``extend`` (one extension with
approval, 行政许可法 42), ``stop`` (decision). Before acceptance no limit runs; the
supplement period has its own deadline (行政许可法 32: notify everything at once).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class State(StrEnum):
    DRAFT = "draft"  # 暂存
    SUBMITTED = "submitted"  # 已申报, waiting for pre-review at the window
    SUPPLEMENT_REQUESTED = "supplement_requested"  # 补正中 (one-time notice issued)
    ACCEPTED = "accepted"  # 受理, under review (steps 承办 → 审核 → 批准)
    SUSPENDED = "suspended"  # 特别程序 / 挂起, clock paused
    DECIDED = "decided"  # 准予 / 不予 决定 made
    CLOSED = "closed"  # 办结 (with a result code)
    DELIVERED = "delivered"  # 送达 / 领取
    REFUSED = "refused"  # 不予受理
    WITHDRAWN = "withdrawn"  # 撤回 by the applicant
    ARCHIVED = "archived"  # 归档


class Actor(StrEnum):
    APPLICANT = "applicant"
    COUNTER_CLERK = "counter_clerk"
    CASE_OFFICER = "case_officer"
    SYSTEM = "system"


class Clock(StrEnum):
    NONE = "none"
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    EXTEND = "extend"
    STOP = "stop"


S = State
APPLICANT, CLERK, OFFICER, SYSTEM = (
    Actor.APPLICANT,
    Actor.COUNTER_CLERK,
    Actor.CASE_OFFICER,
    Actor.SYSTEM,
)
PENDING = (S.SUBMITTED, S.SUPPLEMENT_REQUESTED)
HANDLING = (S.ACCEPTED, S.SUSPENDED)


@dataclass(frozen=True)
class Edge:
    sources: tuple[State, ...]
    event: str
    target: State
    actors: frozenset[Actor]
    clock: Clock = Clock.NONE
    guards: tuple[str, ...] = field(default=())
    clause: str = ""


def _edge(
    sources: Iterable[State],
    event: str,
    target: State,
    actors: Iterable[Actor],
    clock: Clock = Clock.NONE,
    guards: Iterable[str] = (),
    clause: str = "",
) -> Edge:
    return Edge(
        tuple(sources), event, target, frozenset(actors), clock, tuple(guards), clause
    )


TABLE: tuple[Edge, ...] = (
    # An application made online, or by a clerk for the applicant at the counter (帮办).
    _edge(
        [S.DRAFT],
        "submit",
        S.SUBMITTED,
        [APPLICANT, CLERK],
        guards=["form_valid", "materials_attached", "assurance_level"],
        clause="DB54/T 0264 8.1; GB/T 39046 表5 办事申请",
    ),
    # 一次性告知: every missing material or field and why, in one notice; rounds are counted.
    _edge(
        PENDING,
        "request_supplement",
        S.SUPPLEMENT_REQUESTED,
        [CLERK],
        guards=["supplement_items_named"],
        clause="行政许可法 32(4); DOMAIN §8.0 补正",
    ),
    _edge(
        [S.SUPPLEMENT_REQUESTED],
        "supplement",
        S.SUBMITTED,
        [APPLICANT, CLERK],
        guards=["supplement_items_provided"],
        clause="行政许可法 32(4)",
    ),
    # The applicant did not supplement in time: closed with result code 5 (补正超时驳回).
    _edge(
        [S.SUPPLEMENT_REQUESTED],
        "supplement_expire",
        S.CLOSED,
        [SYSTEM],
        guards=["supplement_deadline_passed"],
        clause="DOMAIN §8.0 办结结果代码 5",
    ),
    # 受理: the clock of the statutory and promised limits starts (day of acceptance not counted).
    _edge(
        [S.SUBMITTED],
        "accept",
        S.ACCEPTED,
        [CLERK],
        clock=Clock.START,
        guards=["materials_complete"],
        clause="行政许可法 32(5); GB/T 39046 表6 事项受理",
    ),
    # 容缺受理: key materials complete, secondary ones missing, pledge signed, deadline set.
    _edge(
        [S.SUBMITTED],
        "accept_tolerated",
        S.ACCEPTED,
        [CLERK],
        clock=Clock.START,
        guards=[
            "item_allows_tolerance",
            "only_tolerable_missing",
            "pledge_signed",
            "tolerance_within_promise",
        ],
        clause="DOMAIN §6 容缺受理",
    ),
    # 逾期视为受理: neither accepted, refused nor sent a supplement notice within 5 working
    # days, the application counts as accepted from the day it was received.
    _edge(
        [S.SUBMITTED],
        "deem_accept",
        S.ACCEPTED,
        [SYSTEM],
        clock=Clock.START,
        guards=["acceptance_period_passed"],
        clause="行政许可法 32: 逾期不告知的，自收到申请材料之日起即为受理",
    ),
    # 告知承诺: approval on the applicant's written pledge, verified afterwards.
    _edge(
        [S.SUBMITTED],
        "accept_pledged",
        S.ACCEPTED,
        [CLERK],
        clock=Clock.START,
        guards=["item_allows_pledge", "pledge_signed"],
        clause="国办发〔2020〕42号 告知承诺",
    ),
    # 即办件: accepted and decided on the spot.
    _edge(
        [S.SUBMITTED],
        "decide_on_spot",
        S.DECIDED,
        [CLERK],
        clock=Clock.STOP,
        guards=["item_is_on_the_spot", "materials_complete", "decision_given"],
        clause="GB/T 39046 A.6 即办件",
    ),
    # 不予受理: written reasons and the remedies (行政复议, 行政诉讼).
    _edge(
        PENDING,
        "refuse",
        S.REFUSED,
        [CLERK],
        guards=["reasons_given"],
        clause="行政许可法 32(2), 38(2)",
    ),
    # Review steps (承办 → 审核 → 批准) advance or return within the accepted state.
    _edge(
        [S.ACCEPTED],
        "approve_step",
        S.ACCEPTED,
        [OFFICER],
        guards=["step_role", "step_pending"],
        clause="GB/T 39046 表7 事项办理",
    ),
    _edge(
        [S.ACCEPTED],
        "return_step",
        S.ACCEPTED,
        [OFFICER],
        guards=["step_role", "reasons_given"],
        clause="GB/T 39046 表7 业务动作 退回",
    ),
    # Missing 容缺 materials completed in time.
    _edge(
        [S.ACCEPTED, S.SUSPENDED],
        "complete_tolerated",
        S.ACCEPTED,
        [APPLICANT, CLERK],
        guards=["tolerated_items_provided"],
        clause="DOMAIN §6 容缺受理 补齐",
    ),
    _edge(
        [S.ACCEPTED, S.SUSPENDED],
        "tolerance_expire",
        S.CLOSED,
        [SYSTEM],
        clock=Clock.STOP,
        guards=["tolerance_deadline_passed"],
        clause="DOMAIN §6: failure to 补齐 ⇒ case terminated",
    ),
    # 特别程序 (听证, 检验检测, 专家评审, 现场核查 …): clock paused, expected duration told.
    _edge(
        [S.ACCEPTED],
        "suspend",
        S.SUSPENDED,
        [OFFICER],
        clock=Clock.PAUSE,
        guards=["procedure_named", "expected_duration_given"],
        clause="行政许可法 45; GB/T 39046 A.7",
    ),
    _edge(
        [S.SUSPENDED],
        "resume",
        S.ACCEPTED,
        [OFFICER],
        clock=Clock.RESUME,
        clause="行政许可法 45",
    ),
    # One extension, approved, with reasons, within the statutory maximum.
    _edge(
        [S.ACCEPTED],
        "extend",
        S.ACCEPTED,
        [OFFICER],
        clock=Clock.EXTEND,
        guards=[
            "not_extended_before",
            "extension_within_maximum",
            "reasons_given",
            "approver_given",
        ],
        clause="行政许可法 42",
    ),
    _edge(
        [S.ACCEPTED],
        "decide",
        S.DECIDED,
        [OFFICER],
        clock=Clock.STOP,
        guards=["review_steps_done", "decision_given", "no_tolerated_items_missing"],
        clause="行政许可法 38; GB/T 39046 表8",
    ),
    # 办结: result recorded (certificate or document), result code per DOMAIN §8.0.
    _edge(
        [S.DECIDED],
        "close",
        S.CLOSED,
        [OFFICER, CLERK],
        guards=["result_recorded", "fees_paid"],
        clause="DOMAIN §8.0 办结; GB/T 39046 表8 事项办结 (是否收费)",
    ),
    _edge(
        [S.CLOSED],
        "deliver",
        S.DELIVERED,
        [CLERK, OFFICER],
        guards=["delivery_recorded"],
        clause="行政许可法 44 (deliver within 10 days); DOMAIN §8.0 送达",
    ),
    # 撤回: the applicant withdraws before the decision.
    _edge(
        [*PENDING, *HANDLING],
        "withdraw",
        S.WITHDRAWN,
        [APPLICANT],
        clock=Clock.STOP,
        clause="DOMAIN §8.0 撤回",
    ),
    _edge(
        [S.DELIVERED, S.REFUSED, S.WITHDRAWN, S.CLOSED],
        "archive",
        S.ARCHIVED,
        [SYSTEM, OFFICER],
        clause="国务院令716 art.12 electronic archiving",
    ),
)

_INDEX: dict[tuple[State, str], Edge] = {
    (source, edge.event): edge for edge in TABLE for source in edge.sources
}
EVENTS = frozenset(edge.event for edge in TABLE)


def resolve(state: State, event: str) -> Edge | None:
    """The edge for ``event`` in ``state``, or ``None`` when the event is not allowed there."""
    return _INDEX.get((state, event))


def allowed_events(state: State, actors: Iterable[Actor]) -> list[str]:
    """Events the given actors may fire in ``state`` (before guards), in table order."""
    held = set(actors)
    return [
        edge.event for edge in TABLE if state in edge.sources and edge.actors & held
    ]


TERMINAL = frozenset({S.ARCHIVED})
OPEN_STATES = frozenset({S.SUBMITTED, S.SUPPLEMENT_REQUESTED, S.ACCEPTED, S.SUSPENDED})

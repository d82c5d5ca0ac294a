"""The words of the case lifecycle: its states, its events, the roles that fire them and the
ways a case is accepted (pure: no Django).

Each event is declared once, with its edge (sources, target, roles, clock effect, clause),
guards, effect, notice, message, labels and request shape, in ``cases/events.py``; the
transition table is built from those declarations. ``case_transition`` (services) is the
only writer of a case's state.

Clock effects (``tongban.lifecycle.domain.Clock``): ``start`` (acceptance starts the
statutory and promised limits), ``pause`` / ``resume`` (special procedures, 行政许可法 45, do
not count), ``extend`` (one extension with approval, 行政许可法 42), ``stop`` (decision).
Before acceptance no limit runs; the supplement period has its own deadline (行政许可法 32:
notify everything at once).
"""

from enum import StrEnum

from tongban.lifecycle.domain import Clock


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


class Event(StrEnum):
    """What can happen to a case; each one is declared in ``cases/events.py``."""

    SUBMIT = "submit"  # 申报
    REQUEST_SUPPLEMENT = "request_supplement"  # 一次性告知 补正
    SUPPLEMENT = "supplement"  # 补正材料
    SUPPLEMENT_EXPIRE = "supplement_expire"  # 补正超时
    ACCEPT = "accept"  # 受理
    ACCEPT_TOLERATED = "accept_tolerated"  # 容缺受理
    DEEM_ACCEPT = "deem_accept"  # 逾期视为受理
    ACCEPT_PLEDGED = "accept_pledged"  # 告知承诺
    DECIDE_ON_SPOT = "decide_on_spot"  # 即办
    REFUSE = "refuse"  # 不予受理
    APPROVE_STEP = "approve_step"  # 审查环节通过
    RETURN_STEP = "return_step"  # 退回
    COMPLETE_TOLERATED = "complete_tolerated"  # 容缺补齐
    TOLERANCE_EXPIRE = "tolerance_expire"  # 容缺超时
    SUSPEND = "suspend"  # 特别程序
    RESUME = "resume"  # 恢复
    EXTEND = "extend"  # 延期
    DECIDE = "decide"  # 决定
    CLOSE = "close"  # 办结
    DELIVER = "deliver"  # 送达
    WITHDRAW = "withdraw"  # 撤回
    ARCHIVE = "archive"  # 归档


class AcceptanceMode(StrEnum):
    """How a case was accepted (``Case.acceptance_mode``)."""

    NORMAL = "normal"  # 受理
    TOLERATED = "tolerated"  # 容缺受理
    PLEDGED = "pledged"  # 告知承诺
    ON_THE_SPOT = "on_the_spot"  # 即办
    DEEMED = "deemed"  # 逾期视为受理


class Actor(StrEnum):
    APPLICANT = "applicant"
    COUNTER_CLERK = "counter_clerk"
    # A counter clerk of the hall that took a case in for another region (代收): may
    # submit it and hand its result over, nothing else (``services.crossregion``).
    RECEIVING_CLERK = "receiving_clerk"
    CASE_OFFICER = "case_officer"
    SYSTEM = "system"


S = State
PENDING = (S.SUBMITTED, S.SUPPLEMENT_REQUESTED)
HANDLING = (S.ACCEPTED, S.SUSPENDED)


TERMINAL = frozenset({S.ARCHIVED})
OPEN_STATES = frozenset({S.SUBMITTED, S.SUPPLEMENT_REQUESTED, S.ACCEPTED, S.SUSPENDED})

__all__ = [
    "HANDLING",
    "OPEN_STATES",
    "PENDING",
    "TERMINAL",
    "AcceptanceMode",
    "Actor",
    "Clock",
    "Event",
    "State",
]

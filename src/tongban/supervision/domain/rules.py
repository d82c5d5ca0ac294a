"""The electronic-supervision rules (电子监察, DOMAIN §11.5) as pure functions of what a
supervised object looks like today.

A supervised object (a case, a service-desk ticket or a rectification, see
``supervision.sources``) is described by ``Facts``: the working days left
to its limits, counted on its region's calendar by the caller, and the few fields the
rules read. ``evaluate`` returns the rules that hold now. The sweep stores one warning per
object and rule and clears it when the rule stops holding, so evaluating twice changes
nothing.

Each rule has a stable number (监察规则编号, GB/T 39046 表11) and a warning type (监察预警类型
代码, n1): 1 prompt (提示, no card), 2 yellow card, 3 red card. The code values of the type
are our own [INF]: the table names the field, the digest has no code list for it.
"""

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    PROMPT = "1"  # 预警提示: act now, no card
    YELLOW = "2"  # 黄牌
    RED = "3"  # 红牌


class Rule(StrEnum):
    PROMISE_NEAR = "JC01"  # 承诺时限将到 (≤ N working days left, default 1)
    PROMISE_PASSED = "JC02"  # 超承诺时限
    STATUTORY_PASSED = "JC03"  # 超法定时限 (flagged apart, DOMAIN §11.5)
    STEP_OVER_LIMIT = "JC04"  # 环节超时, though the case is not yet overdue
    DEEMED_ACCEPTANCE_NEAR = "JC05"  # 行政许可法 32: unanswered, deemed accepted soon
    NO_REASONS = "JC06"  # 不予受理 / 不予许可 without reasons (行政许可法 38)
    SUPPLEMENT_ROUNDS = "JC07"  # more than N supplement rounds (一次性告知 broken)
    UNUSUALLY_FAST = "JC08"  # far faster than the item's history
    UNUSUALLY_SLOW = "JC09"  # far slower than the item's history
    NOT_ROUTED = "JC10"  # 未按时派单: a ticket still at the service desk past its limit


SEVERITY: dict[Rule, Severity] = {
    Rule.PROMISE_NEAR: Severity.PROMPT,
    Rule.PROMISE_PASSED: Severity.RED,
    Rule.STATUTORY_PASSED: Severity.RED,
    Rule.STEP_OVER_LIMIT: Severity.YELLOW,
    Rule.DEEMED_ACCEPTANCE_NEAR: Severity.PROMPT,
    Rule.NO_REASONS: Severity.RED,
    Rule.SUPPLEMENT_ROUNDS: Severity.YELLOW,
    Rule.UNUSUALLY_FAST: Severity.PROMPT,
    Rule.UNUSUALLY_SLOW: Severity.PROMPT,
    Rule.NOT_ROUTED: Severity.YELLOW,
}


@dataclass(frozen=True)
class Thresholds:
    """The configurable numbers of the rules (settings ``SUPERVISION_*``)."""

    near_working_days: int = 1
    max_supplement_rounds: int = 1
    min_reason_chars: int = 4
    history_min_cases: int = 10
    fast_ratio: float = 0.2
    slow_ratio: float = 3.0
    route_working_days: int = 1


@dataclass(frozen=True)
class Facts:
    """One supervised object as the rules see it. ``None`` means "does not apply" (no
    promised limit, not waiting for acceptance, no step running, not closed)."""

    running: bool = False  # its limit clock runs (accepted or suspended)
    promised_left: int | None = None  # working days to the promised due date
    statutory_passed: bool = False
    acceptance_left: int | None = None  # working days to the deemed-acceptance day
    step_days: int | None = None  # working days the current review step has taken
    step_limit: int | None = None
    refused_or_denied: bool = False
    reasons: str = ""
    supplement_rounds: int = 0
    handling_days: int | None = None  # working days accepted → closed (closed only)
    history_mean: float | None = None  # mean handling days of the item's closed cases
    history_count: int = 0
    unrouted_days: int | None = None  # working days a ticket has waited to be routed


def _history(facts: Facts, limits: Thresholds) -> Rule | None:
    if (
        facts.handling_days is None
        or facts.history_mean is None
        or facts.history_count < limits.history_min_cases
    ):
        return None
    if facts.handling_days < facts.history_mean * limits.fast_ratio:
        return Rule.UNUSUALLY_FAST
    if facts.handling_days > facts.history_mean * limits.slow_ratio:
        return Rule.UNUSUALLY_SLOW
    return None


def evaluate(facts: Facts, limits: Thresholds = Thresholds()) -> set[Rule]:
    """The rules that hold for ``facts`` now."""
    hits: set[Rule] = set()
    left = facts.promised_left
    if facts.running and left is not None:
        if left < 0:
            hits.add(Rule.PROMISE_PASSED)
        elif left <= limits.near_working_days:
            hits.add(Rule.PROMISE_NEAR)
    if facts.running and facts.statutory_passed:
        hits.add(Rule.STATUTORY_PASSED)
    if (
        facts.running
        and Rule.PROMISE_PASSED not in hits
        and facts.step_days is not None
        and facts.step_limit is not None
        and facts.step_days > facts.step_limit
    ):
        hits.add(Rule.STEP_OVER_LIMIT)
    accept = facts.acceptance_left
    if accept is not None and 0 <= accept <= limits.near_working_days:
        hits.add(Rule.DEEMED_ACCEPTANCE_NEAR)
    if facts.refused_or_denied and len(facts.reasons.strip()) < limits.min_reason_chars:
        hits.add(Rule.NO_REASONS)
    if facts.supplement_rounds > limits.max_supplement_rounds:
        hits.add(Rule.SUPPLEMENT_ROUNDS)
    unrouted = facts.unrouted_days
    if unrouted is not None and unrouted > limits.route_working_days:
        hits.add(Rule.NOT_ROUTED)
    history = _history(facts, limits)
    if history is not None:
        hits.add(history)
    return hits


# The rules that make a subject's light red or yellow (DOMAIN §11.5 [INF] lights).
RED_RULES = frozenset({Rule.PROMISE_PASSED, Rule.STATUTORY_PASSED})
YELLOW_RULES = frozenset(
    {
        Rule.PROMISE_NEAR,
        Rule.STEP_OVER_LIMIT,
        Rule.DEEMED_ACCEPTANCE_NEAR,
        Rule.NOT_ROUTED,
    }
)


def light(hits: set[Rule]) -> str:
    """The light the hits imply: red past the promise, yellow near it or a step over its
    limit, else green."""
    if hits & RED_RULES:
        return "red"
    if hits & YELLOW_RULES:
        return "yellow"
    return "green"

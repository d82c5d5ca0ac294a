"""The bad-review rectification ticket (差评整改, DOMAIN.md §11.3; 国办发〔2019〕51号 谁办理、
谁负责): its states, the roles that act on it and its events. The actions themselves (edge,
roles, clock, guards, effect, request) are declared once in ``evaluations.lifecycle`` on
the shared kernel.

    reported ──verify──▶ rectifying ──contact──▶ contacted ──rectify──▶ rectified
        │                   │  ▲                    │                      │
        │                appeal│reject_appeal    appeal                 callback
        │                   ▼  │                    ▼                      ▼
        │                appealed ──uphold_appeal──▶ dismissed        called_back
        └──dismiss ─▶ dismissed                                follow_up │ close
                                                                         ▼
                                                                       closed

Clocks (working days of the ticket's region): ``verify`` starts the rectification limit
(整改, default 15) and sets the contact date (核实联系, default 1); ``rectify`` stops the
limit. An appeal does not stop it: a rejected appeal leaves the unit the days it had.
"""

import datetime as dt
from enum import StrEnum


class State(StrEnum):
    REPORTED = "reported"  # 待核实
    RECTIFYING = "rectifying"  # 整改中, the evaluator not yet contacted
    CONTACTED = "contacted"  # 已联系
    RECTIFIED = "rectified"  # 已整改, waiting for the callback
    CALLED_BACK = "called_back"  # 已回访, waiting for the evaluator's follow-up rating
    APPEALED = "appealed"  # 申诉中
    DISMISSED = "dismissed"  # appeal upheld, or not a review of a service
    CLOSED = "closed"


class Role(StrEnum):
    SUPERVISOR = "supervisor"  # 监督人员: verifies, classifies, decides appeals
    UNIT = "unit"  # the responsible unit's staff
    EVALUATOR = "evaluator"  # the person who gave the review
    SYSTEM = "system"


class Event(StrEnum):
    VERIFY = "verify"
    DISMISS = "dismiss"
    CONTACT = "contact"
    RECTIFY = "rectify"
    CALLBACK = "callback"
    FOLLOW_UP = "follow_up"
    CLOSE = "close"
    APPEAL = "appeal"
    UPHOLD_APPEAL = "uphold_appeal"
    REJECT_APPEAL = "reject_appeal"


OPEN = frozenset(
    {State.REPORTED, State.RECTIFYING, State.CONTACTED, State.RECTIFIED, State.APPEALED}
)
CALLBACK_OUTCOMES = ("satisfied", "unsatisfied", "unreachable")

RECTIFIED_STATES = frozenset({State.RECTIFIED, State.CALLED_BACK, State.CLOSED})
CALLED_BACK_STATES = frozenset({State.CALLED_BACK, State.CLOSED})
TICKET_COUNTERS = ("bad", "rectified", "on_time", "real_name", "called_back")


def ticket_counts(
    *,
    state: str,
    rectified_on: dt.date | None,
    due_on: dt.date | None,
    real_name: bool,
    excluded: bool,
) -> dict[str, int]:
    """What one ticket adds to each counter of the statistics (0 or 1): a bad review
    counts unless its ticket is dismissed or the review excluded (an upheld appeal);
    差评整改率 counts it once rectified, the on-time rate once rectified by its due date,
    实名差评回访率 a real-name review once called back."""
    counted = state != State.DISMISSED and not excluded
    rectified = counted and state in RECTIFIED_STATES
    on_time = bool(rectified and rectified_on and due_on and rectified_on <= due_on)
    return {
        "bad": int(counted),
        "rectified": int(rectified),
        "on_time": int(on_time),
        "real_name": int(counted and real_name),
        "called_back": int(counted and real_name and state in CALLED_BACK_STATES),
    }

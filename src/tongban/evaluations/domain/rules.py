"""When an evaluation may be given (GB/T 39734 cl.7 评价次数规则, 评价时效规则; DOMAIN.md
§11.2 defaults, all settings):

- a case is evaluated at acceptance once it is accepted, at completion once it is closed;
- the completion evaluation is open for ``window_days`` natural days after 办结;
- at most ``per_stage`` evaluations per case and stage;
- with ``replaces`` on, a later evaluation of the same case and stage supersedes the earlier
  one in the statistics (Guangdong allows re-evaluation after 办结); the earlier row stays.

``refusal`` returns a stable code (the API's problem code) or ``None``.
"""

import datetime as dt
from dataclasses import dataclass

from tongban.evaluations.domain.codes import Stage


@dataclass(frozen=True)
class Rules:
    window_days: int = 30
    per_stage: int = 1
    replaces: bool = False
    basic_counts_good: bool = True


@dataclass(frozen=True)
class CaseFacts:
    accepted_at: dt.datetime | None
    closed_at: dt.datetime | None
    earlier: int  # evaluations already given for this case and stage


def refusal(
    rules: Rules, stage: Stage, facts: CaseFacts, now: dt.datetime
) -> str | None:
    if stage == Stage.ACCEPTANCE:
        if facts.accepted_at is None:
            return "stage_not_reached"
        opened = facts.accepted_at
    elif stage == Stage.COMPLETION:
        if facts.closed_at is None:
            return "stage_not_reached"
        opened = facts.closed_at
    else:
        return "stage_not_online"
    if now > opened + dt.timedelta(days=rules.window_days):
        return "window_closed"
    if facts.earlier >= rules.per_stage:
        return "too_many_evaluations"
    return None

"""What the case pages show about a case: translated names of events and actions, the
timeline, the deadlines, and which actions a user is offered.

The actions offered are the transition table's ``allowed_events`` for the roles the user
holds on this case (``actor_roles``), minus the edges whose guards would refuse them
whatever the user types: guards that depend only on the frozen catalogue version, the review
progress or who the actor is. Those guards are the service's own functions, called here
so the pages never restate a rule. Guards that judge the input (reasons, items, decision)
stay with the service, which reports them on the form.

The form values a page shows come from ``form_values.for_viewer``: identity numbers masked
unless the user may unmask in the case's scope. The history shows, beside the transitions,
each paper original a counter clerk recorded as seen, with the clerk and the time.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tongban.cases import selectors
from tongban.cases.domain.workflow import Actor, State, allowed_events, resolve
from tongban.cases.models import STATE_LABELS, Case
from tongban.cases.notices import NoticeKind
from tongban.cases.notices.render import TITLES
from tongban.cases.services import form_values
from tongban.cases.services.deadlines import remaining_working_days
from tongban.cases.services.guards import GUARDS
from tongban.cases.services.transition import actor_roles

EVENT_LABELS: dict[str, Promise] = {
    "submit": _("Application submitted"),
    "request_supplement": _("Supplement requested (one-time notice)"),
    "supplement": _("Missing materials supplied"),
    "supplement_expire": _("Closed: the supplement did not arrive in time"),
    "accept": _("Accepted"),
    "accept_tolerated": _("Accepted with materials to follow"),
    "accept_pledged": _("Accepted on the written pledge"),
    "decide_on_spot": _("Decided on the spot"),
    "refuse": _("Not accepted"),
    "approve_step": _("Review step approved"),
    "return_step": _("Returned to the previous review step"),
    "complete_tolerated": _("Materials to follow received"),
    "tolerance_expire": _("Closed: the materials to follow did not arrive in time"),
    "suspend": _("Special procedure started (time limit paused)"),
    "resume": _("Work resumed"),
    "extend": _("Time limit extended"),
    "decide": _("Decision made"),
    "close": _("Completed"),
    "deliver": _("Result delivered"),
    "withdraw": _("Withdrawn by the applicant"),
    "archive": _("Archived"),
}

ACTION_LABELS: dict[str, Promise] = {
    "accept": _("Accept"),
    "accept_tolerated": _("Accept with materials to follow"),
    "accept_pledged": _("Accept on the written pledge"),
    "decide_on_spot": _("Decide on the spot"),
    "request_supplement": _("Request supplement"),
    "supplement": _("Supplement for the applicant"),
    "refuse": _("Refuse"),
    "approve_step": _("Approve review step"),
    "return_step": _("Return to the previous step"),
    "complete_tolerated": _("Record the materials to follow"),
    "suspend": _("Start a special procedure"),
    "resume": _("Resume"),
    "extend": _("Extend the time limit"),
    "decide": _("Decide"),
    "close": _("Record the result and complete"),
    "deliver": _("Record delivery"),
    "archive": _("Archive"),
}

LIGHT_LABELS: dict[str, Promise] = {
    "green": _("on time"),
    "yellow": _("due soon"),
    "red": _("overdue"),
}

# Guards that do not depend on what the user enters (see the module docstring).
INPUT_FREE_GUARDS = frozenset(
    {
        "item_allows_tolerance",
        "item_allows_pledge",
        "item_is_on_the_spot",
        "step_role",
        "step_pending",
        "review_steps_done",
        "not_extended_before",
    }
)


def state_label(state: str) -> Promise:
    return STATE_LABELS[State(state)]


def timeline(case: Case, *, with_reasons: bool = True) -> list[dict[str, Any]]:
    """The history; ``with_reasons=False`` (the public progress page) leaves out the
    reasons, the event data and the originals seen."""
    rows: list[dict[str, Any]] = []
    for event in selectors.case_events(case=case):
        rows.append(
            {
                "label": EVENT_LABELS.get(event.event, event.event),
                "at": event.created_at,
                "state": state_label(event.to_state),
                "reason": event.reason if with_reasons else "",
                # Review steps: which step (承办, 审核, 批准) and the officer's opinion.
                "step": event.data.get("step", "") if event.data else "",
                "opinion": event.data.get("opinion", "") if with_reasons else "",
                "data": event.data if with_reasons else {},
                "actor": event.actor,
            }
        )
    if with_reasons:
        rows.extend(_originals_seen(case))
        rows.sort(key=lambda row: row["at"])  # stable: events keep order
    return rows


def _originals_seen(case: Case) -> list[dict[str, Any]]:
    return [
        {
            "label": _("Paper original seen: {material}").format(material=m.name),
            "at": m.original_seen_at,
            "state": "",
            "reason": "",
            "data": {},
            "actor": m.original_seen_by,
        }
        for m in selectors.case_materials(case=case)
        if m.original_seen and m.original_seen_at is not None
    ]


def form_rows(case: Case, user: Any) -> list[tuple[str, Any]]:
    """The application form as (label, value) rows, as ``user`` may see it."""
    labels = {f.key: f.label for f in case.version.form_fields.all()}
    shown = form_values.for_viewer(case, user)
    return [(labels.get(key, key), value) for key, value in shown.items()]


@dataclass(frozen=True)
class Deadlines:
    promised_due: datetime.date | None
    statutory_due: datetime.date | None
    remaining: int | None
    provisional: bool
    light: str | None
    supplement_due: datetime.date | None
    tolerance_due: datetime.date | None

    @property
    def light_label(self) -> Promise | None:
        return LIGHT_LABELS.get(self.light) if self.light else None

    @property
    def overdue_days(self) -> int:
        return -self.remaining if self.remaining is not None else 0


def deadlines(case: Case) -> Deadlines:
    running = case.state in (State.ACCEPTED, State.SUSPENDED)
    return Deadlines(
        promised_due=case.promised_due,
        statutory_due=case.statutory_due,
        remaining=remaining_working_days(case) if running else None,
        provisional=case.deadline_provisional,
        light=selectors.case_light(case),
        supplement_due=case.supplement_due,
        tolerance_due=case.tolerance_due,
    )


def _passes_input_free_guards(case: Case, event: str, user: Any) -> bool:
    edge = resolve(State(case.state), event)
    if edge is None:
        return False
    data = {"_event": event}
    return not any(
        GUARDS[name](case, data, user)
        for name in edge.guards
        if name in INPUT_FREE_GUARDS
    )


def staff_actions(case: Case, user: Any) -> list[str]:
    """The actions to offer a staff member on this case, in transition-table order."""
    roles = actor_roles(case, user) & {Actor.COUNTER_CLERK, Actor.CASE_OFFICER}
    return [
        event
        for event in allowed_events(State(case.state), roles)
        if event in ACTION_LABELS and _passes_input_free_guards(case, event, user)
    ]


def applicant_may(case: Case, user: Any, event: str) -> bool:
    roles = actor_roles(case, user) & {Actor.APPLICANT}
    return event in allowed_events(State(case.state), roles)


def notices(case: Case) -> list[dict[str, Any]]:
    """The statutory notices of a case with their translated titles."""
    return [
        {"notice": notice, "title": TITLES[NoticeKind(notice.kind)]}
        for notice in selectors.case_notices(case=case)
    ]

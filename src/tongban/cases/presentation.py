"""What the case pages show about a case: translated names of events and actions, the
timeline, the deadlines, and which actions a user is offered.

The actions offered are the transition table's ``allowed_events`` for the roles the user
holds on this case (``actor_roles``), minus the edges whose guards would refuse them
whatever the user types: guards that depend only on the frozen catalogue version, the review
progress or who the actor is. Those guards are the service's own functions, called here
so the pages never restate a rule. Guards that judge the input (reasons, items, decision)
stay with the service, which reports them on the form. The actions those guards close are
listed apart with the guards' own messages (``staff_blocked_actions``), so a button never
disappears without a word. The uploads of one checklist material are numbered, so a
re-upload after a supplement notice is told apart from the first (``material_rows``).

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
from tongban.cases.domain.workflow import HANDLING, PENDING, Actor, State
from tongban.cases.events import (
    ACTIONS,
    CASE_ACTIONS,
    INPUT_FREE_GUARDS,
    TABLE,
    action_of,
)
from tongban.cases.models import STATE_LABELS, Case
from tongban.cases.notices import NoticeKind
from tongban.cases.notices.render import TITLES
from tongban.cases.selectors import remaining_working_days, statutory_overdue
from tongban.cases.services import form_values
from tongban.cases.services.guards import step_label, supplied_material_ids
from tongban.cases.services.transition import actor_roles
from tongban.cases.services.verification import SOURCE_CHECKED

# Derived from the event declarations (``cases/events.py``): what the history says
# happened, and the verb on each action's button. ``verify_material`` is a workbench action
# that is not an event (it records a check, the state stays).
VERIFY_MATERIAL = "verify_material"
EVENT_LABELS: dict[str, Promise] = {str(a.event): a.history for a in CASE_ACTIONS}
ACTION_LABELS: dict[str, Promise] = {
    **{str(a.event): a.label for a in CASE_ACTIONS if a.form is not None},
    VERIFY_MATERIAL: _("Record a material checked at its source"),
}

LIGHT_LABELS: dict[str, Promise] = {
    "green": _("on time"),
    "yellow": _("due soon"),
    "red": _("overdue"),
}


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
                "step": step_label(event.data.get("step", "")) if event.data else "",
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
    fields = {f.key: f for f in case.version.form_fields.all()}
    shown = form_values.for_viewer(case, user)
    return [
        (
            fields[key].label if key in fields else key,
            form_values.choice_label(fields[key], value) if key in fields else value,
        )
        for key, value in shown.items()
    ]


@dataclass(frozen=True)
class Deadlines:
    promised_due: datetime.date | None
    statutory_due: datetime.date | None
    remaining: int | None
    provisional: bool
    light: str | None
    supplement_due: datetime.date | None
    tolerance_due: datetime.date | None
    acceptance_due: datetime.date | None = None
    statutory_overdue: bool = False
    moved_from: datetime.date | None = None
    moved_on: datetime.date | None = None

    @property
    def light_label(self) -> Promise | None:
        return LIGHT_LABELS.get(self.light) if self.light else None

    @property
    def overdue_days(self) -> int:
        return -self.remaining if self.remaining is not None else 0


def deadlines(case: Case) -> Deadlines:
    running = case.state in HANDLING
    return Deadlines(
        promised_due=case.promised_due,
        statutory_due=case.statutory_due,
        remaining=remaining_working_days(case) if running else None,
        provisional=case.deadline_provisional,
        light=selectors.case_light(case),
        supplement_due=case.supplement_due,
        tolerance_due=case.tolerance_due,
        acceptance_due=(
            case.acceptance_due
            if case.state == State.SUBMITTED and not case.supplement_rounds
            else None
        ),
        statutory_overdue=statutory_overdue(case),
        moved_from=case.deadline_moved_from,
        moved_on=case.deadline_moved_on,
    )


def _input_free_refusals(case: Case, event: str, user: Any) -> list[Any]:
    """The messages of the guards that refuse ``event`` whatever the user enters."""
    declared = action_of(event)
    if declared is None or TABLE.resolve(State(case.state), declared.event) is None:
        return [_("This action is not possible in this state.")]
    data = {"_event": event}
    return [
        message
        for guard in declared.guards
        if guard in INPUT_FREE_GUARDS
        for _field, _code, message in guard(case, data, user)
    ]


def _staff_events(case: Case, user: Any) -> list[str]:
    roles = actor_roles(case, user) & {Actor.COUNTER_CLERK, Actor.CASE_OFFICER}
    events = [
        str(event)
        for event in TABLE.allowed(State(case.state), roles)
        if ACTIONS[event].form is not None
    ]
    if Actor.COUNTER_CLERK in roles and verifiable_materials(case):
        events.append(VERIFY_MATERIAL)
    return events


def staff_actions(case: Case, user: Any) -> list[str]:
    """The actions to offer a staff member on this case, in transition-table order."""
    return [
        event
        for event in _staff_events(case, user)
        if event == VERIFY_MATERIAL or not _input_free_refusals(case, event, user)
    ]


def staff_blocked_actions(case: Case, user: Any) -> list[tuple[str, list[Any]]]:
    """The actions the user's roles allow in this state that a guard closes whatever is
    entered, each with the guards' own reasons (e.g. the four-eyes rule), so the page
    says why a button is missing instead of hiding it without a word."""
    blocked = []
    for event in _staff_events(case, user):
        if event == VERIFY_MATERIAL:
            continue
        reasons = _input_free_refusals(case, event, user)
        if reasons:
            blocked.append((event, reasons))
    return blocked


def verifiable_materials(case: Case) -> list[Any]:
    """Checklist materials obtained by data sharing or from an e-certificate that are
    not yet present on a case still waiting for acceptance."""
    if case.state not in PENDING:
        return []
    present = supplied_material_ids(case)
    return [
        m
        for m in case.version.materials.all()
        if m.source in SOURCE_CHECKED and m.pk not in present
    ]


@dataclass(frozen=True)
class MaterialRow:
    """One upload of a checklist material: its version (1 = the first upload, 2 = the
    first re-upload after a supplement notice …) and whether a later one replaced it."""

    material: Any
    version: int
    superseded: bool

    @property
    def resubmitted(self) -> bool:
        return self.version > 1


def material_rows(case: Case) -> list[MaterialRow]:
    return upload_versions(list(selectors.case_materials(case=case)))


def upload_versions(materials: list[Any]) -> list[MaterialRow]:
    counts: dict[Any, int] = {}
    for m in materials:
        if m.file_id:
            counts[m.material_id or m.name] = counts.get(m.material_id or m.name, 0) + 1
    seen: dict[Any, int] = {}
    rows = []
    for m in materials:
        key = m.material_id or m.name
        if not m.file_id:
            rows.append(MaterialRow(m, 0, False))
            continue
        seen[key] = seen.get(key, 0) + 1
        rows.append(MaterialRow(m, seen[key], seen[key] < counts[key]))
    return rows


def applicant_may(case: Case, user: Any, event: str) -> bool:
    roles = actor_roles(case, user) & {Actor.APPLICANT}
    return event in TABLE.allowed(State(case.state), roles)


def notices(case: Case) -> list[dict[str, Any]]:
    """The statutory notices of a case with their translated titles."""
    return [
        {"notice": notice, "title": TITLES[NoticeKind(notice.kind)]}
        for notice in selectors.case_notices(case=case)
    ]

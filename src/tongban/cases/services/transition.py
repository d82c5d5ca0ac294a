"""``case_transition``: the one writer of a case's state, the lifecycle kernel's writer
configured for cases.

``tongban.lifecycle.writer.Lifecycle`` locks the case row, resolves the edge of the declared
event (``cases/events.py``), works out in which role the actor acts (applicant of this case,
counter clerk or case officer in scope, or the system), checks the event's guards, applies
its effect and then the clock (``deadlines.apply_due_dates``), sets the state, appends the
history row, writes the audit row, and issues the statutory notice and the applicant's
notification — all in one transaction, so two clerks acting on one case at once get exactly
one success and one 409.
"""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.cases.domain.workflow import Actor, Clock, State
from tongban.cases.events import CASE_ACTIONS, CaseAction
from tongban.cases.models import STATE_LABELS, Case, CaseEvent
from tongban.cases.services import crossregion
from tongban.cases.services.deadlines import apply_due_dates, case_clock_columns
from tongban.cases.services.outputs import issue_outputs
from tongban.core.actors import Actor as Someone
from tongban.core.permissions import SYSTEM, Perm, scope_for
from tongban.lifecycle.writer import Lifecycle

ROLE_PERMISSIONS = {
    Actor.COUNTER_CLERK: Perm.CASE_INTAKE,
    Actor.CASE_OFFICER: Perm.CASE_HANDLE,
}
# Set when the case is created and changed by no transition: the foreign keys are
# held by the database's constraints and were just read with the lock, the uuid by its
# unique index. Cleaning them again on every transition cost a query each (seven on a
# submit); the fields a transition does change are still cleaned.
_FIXED = [
    "uuid",
    "implementation",
    "version",
    "division",
    "organisation",
    "applicant",
    "submitted_by",
]
# Clock effects that move the due dates (a stop leaves them as they were).
_RECOMPUTED = frozenset({Clock.START, Clock.PAUSE, Clock.RESUME, Clock.EXTEND})


def case_scope(case: Case) -> dict[str, str]:
    return {
        "division_prefix": case.division.prefix,
        "organisation_path": case.organisation.path,
    }


def actor_roles(case: Case, actor: Someone) -> set[Actor]:
    """The workflow roles ``actor`` holds on this particular case."""
    if actor is SYSTEM:
        return {Actor.SYSTEM}
    roles = set()
    applicant_user = case.applicant.user_id
    if applicant_user is not None and getattr(actor, "pk", None) == applicant_user:
        roles.add(Actor.APPLICANT)
    for role, permission in ROLE_PERMISSIONS.items():
        if scope_for(actor, permission).covers(**case_scope(case)):
            roles.add(role)
    intake = crossregion.proxy_of(case)
    if intake is not None and crossregion.receiving_covers(intake, actor):
        roles.add(Actor.RECEIVING_CLERK)
    return roles


def _clock(case: Case, action: Any, data: Mapping[str, Any]) -> dict[str, list[Any]]:
    if action.clock == Clock.START:
        case.accepted_at = case.accepted_at or timezone.now()
    if action.clock in _RECOMPUTED:
        return apply_due_dates(case)
    return {}


def _outputs(case: Case, action: Any, facts: dict[str, Any]) -> None:
    issue_outputs(case=case, action=action, facts=facts)


def case_lifecycle(
    *, actions: Sequence[CaseAction] = CASE_ACTIONS, name: str = "case"
) -> Lifecycle[Case, State, Any, Actor]:
    """The kernel's writer configured for cases over ``actions`` (a test adds one)."""
    return Lifecycle(
        name=name,
        model=Case,
        states=State,
        actions=actions,
        history=CaseEvent,
        history_subject="case",
        roles=actor_roles,
        # Prefer the most specific role when someone holds several (a clerk applying for
        # themselves acts as the applicant only where the edge is the applicant's).
        preference=[
            Actor.SYSTEM,
            Actor.CASE_OFFICER,
            Actor.COUNTER_CLERK,
            Actor.RECEIVING_CLERK,
            Actor.APPLICANT,
        ],
        initial=[State.DRAFT],
        system_roles=[Actor.SYSTEM],
        state_label=lambda state: STATE_LABELS[state],
        scope=case_scope,
        clock=_clock,
        outputs=_outputs,
        before_save=case_clock_columns,  # the queue's denormalised column
        # "proxy": the 代收 record (or its absence) read with the lock, for the roles;
        # the version's item and basic item for the notification's text (two queries fewer).
        lock_related=[
            "division",
            "organisation",
            "applicant",
            "version__implementation__basic_item",
            "proxy__receiving_division",
            "proxy__receiving_organisation",
        ],
        clean_exclude=["number", "query_code_encrypted", "client_key", *_FIXED],
        # A case and its history are plain rows (no ``save`` of their own, no save
        # signals; the lifecycle consistency test holds it): on PostgreSQL the case's
        # update and the history's insert are one statement built once.
        plain_rows=True,
        denied=_("Your role does not allow this action on this case."),
        not_possible=_("This action is not possible while the case is {state}."),
    )


CASES = case_lifecycle()


def case_transition(
    *,
    case: Case,
    event: str,
    actor: Someone,
    data: Mapping[str, Any] | None = None,
) -> Case:
    """Fire ``event`` (an ``Event``, or its value) on ``case`` as ``actor``."""
    return CASES.transition(obj=case, event=event, actor=actor, data=data)


def case_transition_new(
    *, case: Case, event: str, actor: Someone, insert: Callable[[Case], bool]
) -> Case | None:
    """Fire ``event`` on a new case and insert its row in the state the edge reaches
    (``Lifecycle.transition_new``; a submission): ``insert`` writes the row and its
    materials, ``False`` when the idempotency race was lost (then ``None``). ``case``
    holds its division, organisation, applicant and version (with the item and basic
    item) as the objects it was built from, and its 代收 record if one was built."""
    proxy: Any = Case._meta.get_field("proxy")  # the reverse one-to-one relation
    if not proxy.is_cached(case):  # none was built (``proxy_build`` caches its record)
        proxy.set_cached_value(case, None)
    return CASES.transition_new(obj=case, event=event, actor=actor, insert=insert)

"""``case_transition``: the one writer of a case's state.

It locks the case row, resolves the edge in the transition table, works out in which role
the actor acts (applicant of this case, counter clerk or case officer in scope, or the
system), checks the edge's guards, applies the event's effect and the clock effect,
appends the history row, writes the audit row, issues the statutory notice, and queues the
applicant's notification — all in one transaction, so two clerks acting on one case at once
get exactly one success and one 409.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.cases.domain.workflow import Actor, Clock, Edge, State, resolve
from tongban.cases.models import STATE_LABELS, Case, CaseEvent
from tongban.cases.services.deadlines import apply_due_dates, case_clock_columns
from tongban.cases.services.effects import EFFECTS
from tongban.cases.services.guards import GUARDS
from tongban.cases.services.outputs import issue_outputs
from tongban.core.api.problems import Problem
from tongban.core.permissions import SYSTEM, Perm, scope_for
from tongban.core.services import audit_record

ROLE_PERMISSIONS = {
    Actor.COUNTER_CLERK: Perm.CASE_INTAKE,
    Actor.CASE_OFFICER: Perm.CASE_HANDLE,
}


def case_scope(case: Case) -> dict[str, str]:
    return {
        "division_prefix": case.division.prefix,
        "organisation_path": case.organisation.path,
    }


def actor_roles(case: Case, actor: Any) -> set[Actor]:
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
    return roles


def _role_for(case: Case, actor: Any, edge: Edge) -> Actor:
    matching = actor_roles(case, actor) & edge.actors
    if not matching:
        raise PermissionDenied(_("Your role does not allow this action on this case."))
    # Prefer the most specific role when someone holds several (a clerk applying for
    # themselves acts as the applicant only where the edge is the applicant's).
    for role in (
        Actor.SYSTEM,
        Actor.CASE_OFFICER,
        Actor.COUNTER_CLERK,
        Actor.APPLICANT,
    ):
        if role in matching:
            return role
    raise PermissionDenied  # unreachable: matching is not empty


def _check_guards(case: Case, edge: Edge, data: Mapping[str, Any], actor: Any) -> None:
    errors: dict[str, list[ValidationError]] = {}
    for name in edge.guards:
        for field, code, message in GUARDS[name](case, data, actor):
            errors.setdefault(field, []).append(ValidationError(message, code=code))
    if errors:
        raise ValidationError(errors)


def _apply_clock(case: Case, edge: Edge) -> dict[str, list[Any]]:
    if edge.clock == Clock.START:
        case.accepted_at = case.accepted_at or timezone.now()
    if edge.clock in (Clock.START, Clock.PAUSE, Clock.RESUME, Clock.EXTEND):
        return apply_due_dates(case)
    return {}


@transaction.atomic
def case_transition(
    *, case: Case, event: str, actor: Any, data: Mapping[str, Any] | None = None
) -> Case:
    data = {**(data or {}), "_event": event}
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("division", "organisation", "applicant", "version")
        .get(pk=case.pk)
    )
    state = State(case.state)
    edge = resolve(state, event)
    if edge is None:
        raise Problem(
            status_code=409,
            code="transition_not_allowed",
            detail=_("This action is not possible while the case is {state}.").format(
                state=STATE_LABELS[state]
            ),
        )
    role = _role_for(case, actor, edge)
    _check_guards(case, edge, data, actor)
    facts = EFFECTS[event](case, data, actor)
    deadline_changes = _apply_clock(case, edge)
    case.state = edge.target.value  # the only place a case changes state
    case.full_clean(exclude=["number", "query_code_encrypted", "client_key"])
    case_clock_columns(case)  # the queue's denormalised column, before the save
    case.save()
    user = actor if getattr(actor, "pk", None) else None
    CaseEvent.objects.create(
        case=case,
        event=event,
        from_state=state.value,
        to_state=edge.target.value,
        actor=user,
        actor_role=role.value,
        reason=str(data.get("reasons", "")),
        data={k: v for k, v in facts.items()},
        created_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action=f"case.{event}",
        instance=case,
        changes={"state": [state.value, edge.target.value], **deadline_changes},
        **case_scope(case),
    )
    issue_outputs(case=case, event=event, facts=facts)
    return case

"""Submitting an evaluation (一事一评 online, 一次一评 on site) and opening invitations.

Every refusal is raised before anything is written, so a refused evaluation stores nothing.
The count per case and stage is checked with the case row locked, so two submits at once
cannot both pass it.
"""

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tongban.cases import selectors as case_selectors
from tongban.core.permissions import Perm, require
from tongban.core.services import audit_record
from tongban.evaluations.domain import rules as domain_rules
from tongban.evaluations.domain.codes import Channel, Level, Stage, options_for
from tongban.evaluations.domain.indicators import SetKind, check_scores, current_set
from tongban.evaluations.domain.rating import Rating
from tongban.evaluations.domain.text import text_problem
from tongban.evaluations.models import Evaluation, Invitation, Rectification
from tongban.evaluations.services.rectification import (
    rectification_open,
    rectification_transition,
)
from tongban.evaluations.services.refusals import refuse
from tongban.evaluations.services.rollups import (
    case_rollup_evaluated,
    rollup_add,
    rollup_uncount,
)


def rules() -> domain_rules.Rules:
    return domain_rules.Rules(
        window_days=settings.EVALUATION_WINDOW_DAYS,
        per_stage=settings.EVALUATION_PER_STAGE,
        replaces=settings.EVALUATION_LATER_REPLACES,
        basic_counts_good=settings.EVALUATION_BASIC_COUNTS_GOOD,
    )


def _check_rating(rating: Rating, kind: SetKind) -> Level:
    try:
        level = Level(rating.level)
    except ValueError as error:
        raise refuse("scores_invalid") from error
    if check_scores(current_set(kind), rating.scores):
        raise refuse("scores_invalid")
    allowed = options_for(level)
    if any(option not in allowed for option in rating.options):
        raise refuse("options_not_for_level")
    if level.is_bad and not rating.options:
        raise refuse("bad_review_needs_content")
    problem = text_problem(rating.text)
    if problem:
        raise refuse(problem)
    return level


def _refuse_staff(actor: Any) -> None:
    if getattr(actor, "is_authenticated", False) and getattr(
        actor, "is_staff_member", False
    ):
        raise refuse("staff_cannot_evaluate")


_LOADED = (
    "case",
    "evaluator",
    "implementation",
    "organisation",
    "division",
    "hall",
    "window",
    "staff",
    "follow_up_of",
)


def _create(
    *,
    level: Level,
    rating: Rating,
    kind: SetKind,
    open_ticket: bool = True,
    **fields: Any,
) -> Evaluation:
    evaluation = Evaluation(
        level=int(level),
        scores=rating.scores,
        options=list(rating.options),
        text=rating.text,
        indicator_kind=kind.value,
        indicator_version=current_set(kind).version,
        created_at=timezone.now(),
        **fields,
    )
    # The related objects were just loaded (and the database keeps every foreign key and
    # the level's range), the uuid is random: validating them again would cost a query
    # each, nine per submit; the fields themselves are still checked.
    evaluation.full_clean(
        exclude=_LOADED, validate_unique=False, validate_constraints=False
    )
    evaluation.save()
    rollup_add(evaluation=evaluation, delta=1)
    case_rollup_evaluated(evaluation=evaluation)
    if level.is_bad and open_ticket:
        rectification_open(evaluation=evaluation)
    return evaluation


@transaction.atomic
def evaluation_submit(
    *, actor: Any, case_uuid: Any, stage: str, channel: str, rating: Rating
) -> Evaluation:
    """The applicant evaluates their own case at acceptance or completion (online)."""
    _refuse_staff(actor)
    case = case_selectors.case_for_evaluation(user=actor, uuid=case_uuid)
    if case is None:
        raise refuse("case_not_found")
    try:
        stage_ = Stage(stage)
        channel_ = Channel(channel)
    except ValueError as error:
        raise refuse("stage_not_online") from error
    return case_evaluation_create(
        actor=actor,
        case=case,
        stage=stage_,
        channel=channel_,
        rating=rating,
        evaluator=actor,
    )


def case_evaluation_create(
    *,
    actor: Any,
    case: Any,
    stage: Stage,
    channel: Channel,
    rating: Rating,
    evaluator: Any,
) -> Evaluation:
    """一事一评 of a locked case at acceptance or completion by its applicant (online, or
    through the code on the receipt): the stage reached, the window after it and the
    number per stage are checked before anything is written."""
    level = _check_rating(rating, SetKind.ONLINE)
    earlier = Evaluation.objects.filter(case=case, stage=stage.value, follow_up_of=None)
    current = rules()
    facts = domain_rules.CaseFacts(case.accepted_at, case.closed_at, earlier.count())
    code = domain_rules.refusal(current, stage, facts, timezone.now())
    if code:
        raise refuse(code, days=current.window_days)
    if current.replaces:
        counted = earlier.filter(superseded=False, excluded=False)
        rollup_uncount(evaluations=counted)
        counted.update(superseded=True)
    evaluation = _create(
        level=level,
        rating=rating,
        kind=SetKind.ONLINE,
        case=case,
        stage=stage.value,
        channel=channel.value,
        evaluator=evaluator,
        real_name=evaluator is not None,
        implementation=case.implementation,
        organisation=case.organisation,
        division=case.division,
        platform="tongban",
        **_intake(case),
    )
    _audit(evaluation, actor)
    return evaluation


def _intake(case: Any) -> dict[str, Any]:
    """The hall, window and clerk that took a counter case in: a case's evaluation is
    also theirs (GB/T 39046 pushes 大厅编码, 窗口号, 工号 with it)."""
    clerk = case.submitted_by
    return {
        "hall_id": case.intake_hall_id,
        "window_id": case.intake_window_id,
        "staff": clerk if clerk.is_staff_member else None,
    }


def _audit(evaluation: Evaluation, actor: Any) -> None:
    # The audit row names the evaluation, its level and object, never the evaluator's text.
    audit_record(
        actor=actor,
        action="evaluation.submit",
        instance=evaluation,
        changes={
            "level": evaluation.level,
            "stage": evaluation.stage,
            "channel": evaluation.channel,
            "case": evaluation.case.number if evaluation.case else "",
        },
        division_prefix=evaluation.division.prefix,
        organisation_path=evaluation.organisation.path,
    )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_open(
    *, actor: Any, window: Any, case: Any = None, now: dt.datetime | None = None
) -> tuple[Invitation, str]:
    """The clerk's "invite evaluation" after serving someone: a one-use link for the
    window's QR code and tablet. The clerk never sees or fills in the evaluation."""
    hall = window.hall
    require(
        actor,
        Perm.EVALUATION_INVITE,
        organisation_path=hall.organisation.path,
        division_prefix=hall.division.prefix,
    )
    now = now or timezone.now()
    token = secrets.token_urlsafe(24)
    invitation = Invitation(
        token_hash=_token_hash(token),
        channel=Channel.QR_CODE.value,
        stage=Stage.ON_SITE.value,
        case=None,
        window=window,
        staff=actor,
        created_at=now,
        expires_at=now + dt.timedelta(minutes=settings.EVALUATION_VISIT_MINUTES),
    )
    invitation.full_clean()
    invitation.save()
    audit_record(
        actor=actor,
        action="evaluation.invite",
        instance=invitation,
        changes={"window": str(window)},
        division_prefix=hall.division.prefix,
        organisation_path=hall.organisation.path,
    )
    return invitation, token


def invitation_for(*, token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related(
            "window__hall__organisation", "window__hall__division", "case"
        )
        .filter(token_hash=_token_hash(token))
        .first()
    )


# What an invitation's evaluation is about, loaded with it in one query.
_INVITATION_RELATED = (
    "window__hall__division",
    "window__hall__organisation",
    "window__organisation",
    "staff",
    "case__division",
    "case__organisation",
    "case__implementation",
    "case__applicant__user",
    "case__submitted_by",
)


@transaction.atomic
def invitation_submit(
    *, actor: Any, token: str, channel: str, rating: Rating
) -> Evaluation:
    """The person served evaluates through an invitation (QR code, tablet, SMS link)."""
    _refuse_staff(actor)
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related(*_INVITATION_RELATED)
        .filter(token_hash=_token_hash(token))
        .first()
    )
    if invitation is None:
        raise refuse("invitation_unknown")
    if invitation.used_at is not None:
        raise refuse("invitation_used")
    now = timezone.now()
    if now > invitation.expires_at:
        raise refuse("invitation_expired")
    kind = SetKind.ON_SITE if invitation.window_id else SetKind.ONLINE
    level = _check_rating(rating, kind)
    evaluator = actor if getattr(actor, "is_authenticated", False) else None
    if invitation.case is not None:
        # An SMS link reaches the case's applicant: a real-name completion evaluation,
        # counted with the online ones of the same case and stage.
        evaluator = invitation.case.applicant.user
        earlier = Evaluation.objects.filter(
            case=invitation.case, stage=invitation.stage, follow_up_of=None
        ).count()
        if earlier >= rules().per_stage:
            raise refuse("too_many_evaluations")
    allowed = {invitation.channel, Channel.HALL_TABLET.value, Channel.QR_CODE.value}
    channel = channel if channel in allowed else invitation.channel
    invitation.used_at = now
    invitation.save(update_fields=["used_at"])
    evaluation = _create(
        level=level,
        rating=rating,
        kind=kind,
        channel=channel,
        evaluator=evaluator,
        real_name=evaluator is not None,
        **_objects(invitation),
    )
    _audit(evaluation, actor)
    return evaluation


def _objects(invitation: Invitation) -> dict[str, Any]:
    """What an invitation's evaluation is about: the window's hall, unit and clerk, or the
    SMS-invited case with its item, unit and clerk."""
    window, case = invitation.window, invitation.case
    if window is not None:
        hall = window.hall
        return {
            "stage": Stage.ON_SITE.value,
            "hall": hall,
            "window": window,
            "staff": invitation.staff,
            "organisation": window.organisation or hall.organisation,
            "division": hall.division,
        }
    assert case is not None  # an invitation is for a window or for a case  # noqa: S101
    return {
        "stage": invitation.stage,
        "case": case,
        "implementation": case.implementation,
        "organisation": case.organisation,
        "division": case.division,
        **_intake(case),
    }


_COPIED = (
    "case",
    "stage",
    "channel",
    "evaluator",
    "real_name",
    "implementation",
    "organisation",
    "division",
    "hall",
    "window",
    "staff",
    "platform",
)


@transaction.atomic
def evaluation_follow_up(*, actor: Any, ticket_uuid: Any, rating: Rating) -> Evaluation:
    """The evaluator rates again after the callback (回访): the new rating takes the place
    of the bad one in the statistics and closes the ticket."""
    _refuse_staff(actor)
    ticket = (
        Rectification.objects.select_related("evaluation")
        .filter(uuid=ticket_uuid, evaluation__evaluator_id=getattr(actor, "pk", None))
        .first()
        if getattr(actor, "pk", None)
        else None
    )
    if ticket is None:
        raise refuse("case_not_found")
    if ticket.state != "called_back":
        raise refuse("follow_up_not_open")
    original = ticket.evaluation
    kind = SetKind(original.indicator_kind)
    level = _check_rating(rating, kind)
    fields = {name: getattr(original, name) for name in _COPIED}
    follow = _create(
        level=level,
        rating=rating,
        kind=kind,
        open_ticket=False,
        follow_up_of=original,
        **fields,
    )
    was_counted = Evaluation.objects.filter(
        pk=original.pk, superseded=False, excluded=False
    )
    rollup_uncount(evaluations=was_counted)
    was_counted.update(superseded=True)
    _audit(follow, actor)
    rectification_transition(
        ticket=ticket,
        event="follow_up",
        actor=actor,
        data={"follow_up": follow.pk, "level": follow.level},
    )
    return follow

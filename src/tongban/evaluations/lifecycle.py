"""The rectification ticket on the shared lifecycle kernel: every action declared once —
edge, roles, clock effect, guards, effect, request body, label, history text, clause.
The API's action endpoints and the ticket page's buttons are derived from ``RECTIFICATION``.
"""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.calendars import selectors as calendar_selectors
from tongban.core.permissions import SYSTEM, Perm, scope_for
from tongban.evaluations.api import requests as r
from tongban.evaluations.domain.rectification import Event, Role, State
from tongban.evaluations.models import (
    STATE_LABELS,
    Evaluation,
    Rectification,
    RectificationEvent,
)
from tongban.evaluations.services.rollups import rollup_uncount
from tongban.lifecycle.actions import Errors, action
from tongban.lifecycle.clock import clock_apply
from tongban.lifecycle.domain import Clock
from tongban.lifecycle.writer import Lifecycle

S, E, R = State, Event, Role


def reasons_given(ticket: Rectification, data: Mapping[str, Any], actor: Any) -> Errors:
    """Every step a person takes on a ticket says why (the history is the 台账)."""
    if str(data.get("reasons", "")).strip():
        return []
    return [("reasons", "required", _("Give the reasons for this step."))]


def _verify(
    ticket: Rectification, data: Mapping[str, Any], actor: Any
) -> dict[str, Any]:
    # 核实联系 within RECTIFICATION_CONTACT_WORKING_DAYS, 整改 within
    # RECTIFICATION_WORKING_DAYS, both on the ticket's region calendar.
    ticket.content_class = str(data["content_class"])
    ticket.clock_limit = settings.RECTIFICATION_WORKING_DAYS
    ticket.clock_unit = "working"
    ticket.contact_due = calendar_selectors.calendar_deadline(
        division=ticket.division,
        start=timezone.localdate(),
        days=settings.RECTIFICATION_CONTACT_WORKING_DAYS,
        provisional_ok=True,
    ).due
    return {
        "content_class": ticket.content_class,
        "contact_due": ticket.contact_due.isoformat(),
    }


def _contact(
    ticket: Rectification, data: Mapping[str, Any], actor: Any
) -> dict[str, Any]:
    ticket.contacted_on = timezone.localdate()
    due = ticket.contact_due
    return {"on_time": bool(due and ticket.contacted_on <= due)}


def _rectify(
    ticket: Rectification, data: Mapping[str, Any], actor: Any
) -> dict[str, Any]:
    ticket.measures = str(data["reasons"])
    ticket.rectified_on = timezone.localdate()
    return {"on_time": bool(ticket.due_on and ticket.rectified_on <= ticket.due_on)}


def _callback(
    ticket: Rectification, data: Mapping[str, Any], actor: Any
) -> dict[str, Any]:
    ticket.callback_outcome = str(data["outcome"])
    return {"outcome": ticket.callback_outcome}


def _appeal(
    ticket: Rectification, data: Mapping[str, Any], actor: Any
) -> dict[str, Any]:
    ticket.appeal_reasons = str(data["reasons"])
    return {}


def _decide(
    ticket: Rectification, data: Mapping[str, Any], actor: Any
) -> dict[str, Any]:
    ticket.appeal_decision = str(data["reasons"])
    return {}


def _uphold(
    ticket: Rectification, data: Mapping[str, Any], actor: Any
) -> dict[str, Any]:
    # Only an upheld appeal takes the review out of the statistics (51号 申诉复核).
    counted = Evaluation.objects.filter(
        pk=ticket.evaluation_id, superseded=False, excluded=False
    )
    rollup_uncount(evaluations=counted)
    Evaluation.objects.filter(pk=ticket.evaluation_id).update(excluded=True)
    return _decide(ticket, data, actor)


def _follow_up(
    ticket: Rectification, data: Mapping[str, Any], actor: Any
) -> dict[str, Any]:
    ticket.follow_up_id = int(data["follow_up"])
    return {"level": int(data["level"])}


def _follow_up_given(
    ticket: Rectification, data: Mapping[str, Any], actor: Any
) -> Errors:
    if data.get("follow_up"):
        return []
    return [("level", "required", _("Rate the service again."))]


G = (reasons_given,)
ACTIONS = [
    action(
        event=E.VERIFY,
        sources=[S.REPORTED],
        target=S.RECTIFYING,
        actors=[R.SUPERVISOR],
        label=_("Verify and assign"),
        history=_("Verified, classified and assigned"),
        clause="51号 核实、分类、交办 (谁办理谁负责)",
        clock=Clock.START,
        guards=G,
        effect=_verify,
        request=r.VerifySerializer,
    ),
    action(
        event=E.DISMISS,
        sources=[S.REPORTED],
        target=S.DISMISSED,
        actors=[R.SUPERVISOR],
        label=_("Dismiss"),
        history=_("Dismissed: not a review of a service"),
        clause="51号 申诉复核",
        guards=G,
        request=r.ReasonsSerializer,
    ),
    action(
        event=E.CONTACT,
        sources=[S.RECTIFYING],
        target=S.CONTACTED,
        actors=[R.UNIT],
        label=_("Record contact"),
        history=_("Evaluator contacted"),
        clause="DOMAIN §11.3 核实联系 1 WD",
        guards=G,
        effect=_contact,
        request=r.ReasonsSerializer,
    ),
    action(
        event=E.RECTIFY,
        sources=[S.CONTACTED],
        target=S.RECTIFIED,
        actors=[R.UNIT],
        label=_("Record rectification"),
        history=_("Rectified"),
        clause="DOMAIN §11.3 限期整改 15 WD",
        clock=Clock.STOP,
        guards=G,
        effect=_rectify,
        request=r.ReasonsSerializer,
    ),
    action(
        event=E.CALLBACK,
        sources=[S.RECTIFIED],
        target=S.CALLED_BACK,
        actors=[R.UNIT, R.SUPERVISOR],
        label=_("Record callback"),
        history=_("Called back"),
        clause="51号 实名差评回访",
        guards=G,
        effect=_callback,
        request=r.CallbackSerializer,
    ),
    action(
        event=E.FOLLOW_UP,
        sources=[S.CALLED_BACK],
        target=S.CLOSED,
        actors=[R.EVALUATOR],
        label=_("Rate again"),
        history=_("Rated again by the evaluator"),
        clause="评价→整改→反馈",
        guards=(_follow_up_given,),
        effect=_follow_up,
        request=r.RatingSerializer,
    ),
    action(
        event=E.CLOSE,
        sources=[S.CALLED_BACK],
        target=S.CLOSED,
        actors=[R.SUPERVISOR],
        label=_("Close"),
        history=_("Closed after the callback"),
        clause="整改办结 (anonymous evaluators cannot rate again)",
        guards=G,
        request=r.ReasonsSerializer,
    ),
    action(
        event=E.APPEAL,
        sources=[S.RECTIFYING, S.CONTACTED],
        target=S.APPEALED,
        actors=[R.UNIT],
        label=_("Appeal"),
        history=_("Appealed"),
        clause="51号 申诉: 误评、恶意差评",
        guards=G,
        effect=_appeal,
        request=r.ReasonsSerializer,
    ),
    action(
        event=E.UPHOLD_APPEAL,
        sources=[S.APPEALED],
        target=S.DISMISSED,
        actors=[R.SUPERVISOR],
        label=_("Uphold the appeal"),
        history=_("Appeal upheld: excluded from the statistics"),
        clause="51号 申诉复核",
        guards=G,
        effect=_uphold,
        request=r.ReasonsSerializer,
    ),
    action(
        event=E.REJECT_APPEAL,
        sources=[S.APPEALED],
        target=S.RECTIFYING,
        actors=[R.SUPERVISOR],
        label=_("Reject the appeal"),
        history=_("Appeal rejected: rectification continues"),
        clause="51号 申诉复核",
        guards=G,
        effect=_decide,
        request=r.ReasonsSerializer,
    ),
]


def roles(ticket: Rectification, actor: Any) -> set[Role]:
    if actor is SYSTEM:
        return {R.SYSTEM}
    place = {
        "organisation_path": ticket.organisation.path,
        "division_prefix": ticket.division.prefix,
    }
    held = set()
    if scope_for(actor, Perm.EVALUATION_SUPERVISE).covers(**place):
        held.add(R.SUPERVISOR)
    if scope_for(actor, Perm.EVALUATION_RECTIFY).covers(**place):
        held.add(R.UNIT)
    evaluator = ticket.evaluation.evaluator_id
    if evaluator is not None and getattr(actor, "pk", None) == evaluator:
        held.add(R.EVALUATOR)
    return held


def _clock(
    ticket: Rectification, declared: Any, data: Mapping[str, Any]
) -> dict[str, list[Any]]:
    if declared.clock == Clock.NONE:
        return {}
    return clock_apply(ticket, declared.clock, division=ticket.division)


RECTIFICATION = Lifecycle(
    name="rectification",
    model=Rectification,
    states=State,
    actions=ACTIONS,
    history=RectificationEvent,
    history_subject="rectification",
    roles=roles,
    preference=[R.UNIT, R.SUPERVISOR, R.EVALUATOR, R.SYSTEM],
    initial=[S.REPORTED],
    system_roles=[R.SYSTEM],
    state_label=lambda state: STATE_LABELS[state],
    scope=lambda t: {
        "division_prefix": t.division.prefix,
        "organisation_path": t.organisation.path,
    },
    clock=_clock,
    lock_related=[
        "organisation",
        "division",
        "evaluation__division",  # the ticket rollup's combination
        "evaluation__implementation",
    ],
    clean_exclude=["evaluation", "follow_up"],
)

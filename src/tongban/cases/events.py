"""Every case event, declared once.

A declaration names the edge (the states it leaves, the state it reaches, the roles that may
fire it, the clock effect and the clause it implements), the guards ``case_transition``
checks, the effect it has on the case, the statutory notice it issues, the SMS template it
sends, its label on a button and in the history (msgids translated in the three catalogues),
its request shape, the workbench form that collects that shape, and whether it is a named
action endpoint (``POST /api/v1/internal/cases/{uuid}/<slug>``). The transition table, the
endpoints, the buttons, the forms and the history text are all derived from ``CASE_ACTIONS``;
``tests/cases/test_case_events.py`` walks every declaration and fails when a piece is
missing.

Guards that judge the input (reasons, items, a decision) report on the form; the guards in
``INPUT_FREE_GUARDS`` depend only on the case, so the workbench can say beforehand why an
action is closed.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongban.cases.api import requests as r
from tongban.cases.domain.workflow import HANDLING, PENDING, Actor, Clock, Event, State
from tongban.cases.forms import workbench as f
from tongban.cases.models import Case
from tongban.cases.notices import NoticeKind
from tongban.cases.services import crossregion
from tongban.cases.services import effects as e
from tongban.cases.services import guards as g
from tongban.lifecycle.actions import Action
from tongban.lifecycle.domain import Table

NoticeRule = NoticeKind | Callable[[Case], NoticeKind] | None


class _Undeclared:
    """The notice a declaration did not decide on (the consistency test refuses it)."""

    def __repr__(self) -> str:
        return "UNDECLARED"


UNDECLARED: Any = _Undeclared()


@dataclass(frozen=True, kw_only=True)
class CaseAction(Action[State, Event, Actor]):
    """A case event: the kernel's ``Action`` plus what cases add to it.

    ``message`` is required here (``""`` until declared; ``None``: no SMS); ``notice`` is
    the statutory notice kind, a function of the case, or ``None`` for no notice."""

    message: str | None = ""
    notice: NoticeRule = UNDECLARED
    form: type[forms.Form] | None = (
        None  # the workbench form; None: not on the workbench
    )
    endpoint: bool = False  # a named action endpoint under /api/v1/internal/cases/

    def notice_for(self, case: Case) -> NoticeKind | None:
        rule = self.notice
        if rule is UNDECLARED or rule is None:
            return None
        if isinstance(rule, NoticeKind):
            return rule
        return rule(case)


def decision_notice(case: Case) -> NoticeKind:
    """准予 or 不予行政许可决定书, as decided (行政许可法 38)."""
    return (
        NoticeKind.APPROVAL
        if case.decision == Case.Decision.APPROVE
        else NoticeKind.DENIAL
    )


S, E = State, Event
APPLICANT, CLERK, OFFICER, SYSTEM, RECEIVING = (
    Actor.APPLICANT,
    Actor.COUNTER_CLERK,
    Actor.CASE_OFFICER,
    Actor.SYSTEM,
    Actor.RECEIVING_CLERK,
)


def case_action(
    *,
    sources: Any,
    actors: Any,
    guards: Any = (),
    **rest: Any,
) -> CaseAction:
    """A ``CaseAction`` from iterables, for a readable table."""
    return CaseAction(
        sources=tuple(sources), actors=frozenset(actors), guards=tuple(guards), **rest
    )


CASE_ACTIONS: tuple[CaseAction, ...] = (
    # An application made online, or by a clerk for the applicant at the counter (帮办).
    # ``case_submit`` checks the form, the materials and the identity level before the
    # case exists, so the edge itself has no guard.
    case_action(
        event=E.SUBMIT,
        sources=[S.DRAFT],
        target=S.SUBMITTED,
        actors=[APPLICANT, CLERK, RECEIVING],  # RECEIVING: 异地代收 (crossregion)
        clause="DB54/T 0264 8.1; GB/T 39046 表5 办事申请",
        effect=e.submit,
        notice=None,
        message="case_submit",
        label=_("Submit application"),
        history=_("Application submitted"),
        request=r.CaseSubmitSerializer,
    ),
    # 一次性告知: every missing material or field and why, in one notice; rounds are counted.
    case_action(
        event=E.REQUEST_SUPPLEMENT,
        sources=PENDING,
        target=S.SUPPLEMENT_REQUESTED,
        actors=[CLERK],
        clause="行政许可法 32(4); DOMAIN §8.0 补正",
        guards=[g.supplement_items_named],
        effect=e.request_supplement,
        notice=NoticeKind.SUPPLEMENT,
        message="case_request_supplement",
        label=_("Request supplement"),
        history=_("Supplement requested (one-time notice)"),
        request=r.CaseSupplementRequestSerializer,
        form=f.SupplementRequestForm,
        endpoint=True,
    ),
    case_action(
        event=E.SUPPLEMENT,
        sources=[S.SUPPLEMENT_REQUESTED],
        target=S.SUBMITTED,
        actors=[APPLICANT, CLERK],
        clause="行政许可法 32(4)",
        guards=[g.supplement_items_provided],
        effect=e.supplement,
        notice=None,
        message="case_supplement",
        label=_("Supplement for the applicant"),
        history=_("Missing materials supplied"),
        request=r.CaseSupplementSerializer,
        form=f.MaterialsForm,
    ),
    # The applicant did not supplement in time: closed with result code 5 (补正超时驳回).
    case_action(
        event=E.SUPPLEMENT_EXPIRE,
        sources=[S.SUPPLEMENT_REQUESTED],
        target=S.CLOSED,
        actors=[SYSTEM],
        clause="DOMAIN §8.0 办结结果代码 5",
        guards=[g.supplement_deadline_passed],
        effect=e.supplement_expire,
        notice=None,
        message="case_supplement_expire",
        label=_("Close for a supplement not received in time"),
        history=_("Closed: the supplement did not arrive in time"),
    ),
    # 受理: the clock of the statutory and promised limits starts (day of acceptance not counted).
    case_action(
        event=E.ACCEPT,
        sources=[S.SUBMITTED],
        target=S.ACCEPTED,
        actors=[CLERK],
        clock=Clock.START,
        clause="行政许可法 32(5); GB/T 39046 表6 事项受理",
        guards=[g.materials_complete],
        effect=e.accept,
        notice=NoticeKind.ACCEPTANCE,
        message="case_accept",
        label=_("Accept"),
        history=_("Accepted"),
        request=r.CaseActionSerializer,
        form=f.ActionForm,
        endpoint=True,
    ),
    # 容缺受理: key materials complete, secondary ones missing, pledge signed, deadline set.
    case_action(
        event=E.ACCEPT_TOLERATED,
        sources=[S.SUBMITTED],
        target=S.ACCEPTED,
        actors=[CLERK],
        clock=Clock.START,
        clause="DOMAIN §6 容缺受理",
        guards=[
            g.item_allows_tolerance,
            g.only_tolerable_missing,
            g.pledge_signed,
            g.tolerance_within_promise,
        ],
        effect=e.accept_tolerated,
        notice=NoticeKind.ACCEPTANCE,
        message="case_accept_tolerated",
        label=_("Accept with materials to follow"),
        history=_("Accepted with materials to follow"),
        request=r.CaseToleratedAcceptSerializer,
        form=f.ToleratedAcceptForm,
        endpoint=True,
    ),
    # 逾期视为受理: neither accepted, refused nor sent a supplement notice within 5 working
    # days, the application counts as accepted from the day it was received.
    case_action(
        event=E.DEEM_ACCEPT,
        sources=[S.SUBMITTED],
        target=S.ACCEPTED,
        actors=[SYSTEM],
        clock=Clock.START,
        clause="行政许可法 32: 逾期不告知的，自收到申请材料之日起即为受理",
        guards=[g.acceptance_period_passed],
        effect=e.deem_accept,
        notice=NoticeKind.ACCEPTANCE,
        message="case_deem_accept",
        label=_("Deem the application accepted"),
        history=_("Deemed accepted: not answered within the statutory period"),
    ),
    # 告知承诺: approval on the applicant's written pledge, verified afterwards.
    case_action(
        event=E.ACCEPT_PLEDGED,
        sources=[S.SUBMITTED],
        target=S.ACCEPTED,
        actors=[CLERK],
        clock=Clock.START,
        clause="国办发〔2020〕42号 告知承诺",
        guards=[g.item_allows_pledge, g.pledge_signed],
        effect=e.accept_pledged,
        notice=NoticeKind.ACCEPTANCE,
        message="case_accept_pledged",
        label=_("Accept on the written pledge"),
        history=_("Accepted on the written pledge"),
        request=r.CasePledgeSerializer,
        form=f.PledgeForm,
        endpoint=True,
    ),
    # 即办件: accepted and decided on the spot.
    case_action(
        event=E.DECIDE_ON_SPOT,
        sources=[S.SUBMITTED],
        target=S.DECIDED,
        actors=[CLERK],
        clock=Clock.STOP,
        clause="GB/T 39046 A.6 即办件",
        guards=[g.item_is_on_the_spot, g.materials_complete, g.decision_given],
        effect=e.decide_on_spot,
        notice=decision_notice,
        message="case_decide_on_spot",
        label=_("Decide on the spot"),
        history=_("Decided on the spot"),
        request=r.CaseDecisionSerializer,
        form=f.DecisionForm,
        endpoint=True,
    ),
    # 不予受理: written reasons and the remedies (行政复议, 行政诉讼).
    case_action(
        event=E.REFUSE,
        sources=PENDING,
        target=S.REFUSED,
        actors=[CLERK],
        clause="行政许可法 32(2), 38(2)",
        guards=[g.reasons_given],
        effect=e.refuse,
        notice=NoticeKind.REFUSAL,
        message="case_refuse",
        label=_("Refuse"),
        history=_("Not accepted"),
        request=r.CaseReasonsSerializer,
        form=f.ReasonsForm,
        endpoint=True,
    ),
    # Review steps (承办 → 审核 → 批准) advance or return within the accepted state.
    case_action(
        event=E.APPROVE_STEP,
        sources=[S.ACCEPTED],
        target=S.ACCEPTED,
        actors=[OFFICER],
        clause="GB/T 39046 表7 事项办理",
        guards=[g.step_role, g.step_pending],
        effect=e.approve_step,
        notice=None,
        message="case_approve_step",
        label=_("Approve review step"),
        history=_("Review step approved"),
        request=r.CaseOpinionSerializer,
        form=f.OpinionForm,
        endpoint=True,
    ),
    case_action(
        event=E.RETURN_STEP,
        sources=[S.ACCEPTED],
        target=S.ACCEPTED,
        actors=[OFFICER],
        clause="GB/T 39046 表7 业务动作 退回",
        guards=[g.step_role, g.reasons_given],
        effect=e.return_step,
        notice=None,
        message="case_return_step",
        label=_("Return to the previous step"),
        history=_("Returned to the previous review step"),
        request=r.CaseReasonsSerializer,
        form=f.ReasonsForm,
        endpoint=True,
    ),
    # Missing 容缺 materials completed in time.
    case_action(
        event=E.COMPLETE_TOLERATED,
        sources=HANDLING,
        target=S.ACCEPTED,
        actors=[APPLICANT, CLERK],
        clause="DOMAIN §6 容缺受理 补齐",
        guards=[g.tolerated_items_provided],
        effect=e.complete_tolerated,
        notice=None,
        message="case_complete_tolerated",
        label=_("Record the materials to follow"),
        history=_("Materials to follow received"),
        request=r.CaseMaterialsToFollowSerializer,
        form=f.MaterialsForm,
    ),
    case_action(
        event=E.TOLERANCE_EXPIRE,
        sources=HANDLING,
        target=S.CLOSED,
        actors=[SYSTEM],
        clock=Clock.STOP,
        clause="DOMAIN §6: failure to 补齐 ⇒ case terminated",
        guards=[g.tolerance_deadline_passed],
        effect=e.tolerance_expire,
        notice=None,
        message="case_tolerance_expire",
        label=_("Close for materials to follow not received in time"),
        history=_("Closed: the materials to follow did not arrive in time"),
    ),
    # 特别程序 (听证, 检验检测, 专家评审, 现场核查 …): clock paused, expected duration told.
    case_action(
        event=E.SUSPEND,
        sources=[S.ACCEPTED],
        target=S.SUSPENDED,
        actors=[OFFICER],
        clock=Clock.PAUSE,
        clause="行政许可法 45; GB/T 39046 A.7",
        guards=[g.procedure_named, g.expected_duration_given],
        effect=e.suspend,
        notice=NoticeKind.SPECIAL_PROCEDURE,
        message="case_suspend",
        label=_("Start a special procedure"),
        history=_("Special procedure started (time limit paused)"),
        request=r.CaseSuspendSerializer,
        form=f.SuspendForm,
        endpoint=True,
    ),
    case_action(
        event=E.RESUME,
        sources=[S.SUSPENDED],
        target=S.ACCEPTED,
        actors=[OFFICER],
        clock=Clock.RESUME,
        clause="行政许可法 45",
        effect=e.resume,
        notice=None,
        message="case_resume",
        label=_("Resume"),
        history=_("Work resumed"),
        request=r.CaseActionSerializer,
        form=f.ActionForm,
        endpoint=True,
    ),
    # One extension, approved, with reasons, within the statutory maximum.
    case_action(
        event=E.EXTEND,
        sources=[S.ACCEPTED],
        target=S.ACCEPTED,
        actors=[OFFICER],
        clock=Clock.EXTEND,
        clause="行政许可法 42",
        guards=[
            g.not_extended_before,
            g.extension_within_maximum,
            g.reasons_given,
            g.approver_given,
        ],
        effect=e.extend,
        notice=NoticeKind.EXTENSION,
        message="case_extend",
        label=_("Extend the time limit"),
        history=_("Time limit extended"),
        request=r.CaseExtendSerializer,
        form=f.ExtendForm,
        endpoint=True,
    ),
    case_action(
        event=E.DECIDE,
        sources=[S.ACCEPTED],
        target=S.DECIDED,
        actors=[OFFICER],
        clock=Clock.STOP,
        clause="行政许可法 38; GB/T 39046 表8",
        guards=[g.review_steps_done, g.decision_given, g.no_tolerated_items_missing],
        effect=e.decide,
        notice=decision_notice,
        message="case_decide",
        label=_("Decide"),
        history=_("Decision made"),
        request=r.CaseDecisionSerializer,
        form=f.DecisionForm,
        endpoint=True,
    ),
    # 办结: result recorded (certificate or document), result code per DOMAIN §8.0.
    case_action(
        event=E.CLOSE,
        sources=[S.DECIDED],
        target=S.CLOSED,
        actors=[OFFICER, CLERK],
        clause="DOMAIN §8.0 办结; GB/T 39046 表8 事项办结 (是否收费)",
        guards=[g.result_recorded, g.fees_paid],
        effect=e.close,
        notice=NoticeKind.COMPLETION,
        message="case_close",
        label=_("Record the result and complete"),
        history=_("Completed"),
        request=r.CaseCloseSerializer,
        form=f.CloseForm,
        endpoint=True,
    ),
    case_action(
        event=E.DELIVER,
        sources=[S.CLOSED],
        target=S.DELIVERED,
        # A case taken in elsewhere is delivered where the applicant chose (代收代办).
        actors=[CLERK, OFFICER, RECEIVING],
        clause="行政许可法 44 (deliver within 10 days); DOMAIN §8.0 送达",
        guards=[g.delivery_recorded, crossregion.delivery_as_chosen],
        effect=e.deliver,
        notice=NoticeKind.SERVICE_RECEIPT,
        message="case_deliver",
        label=_("Record delivery"),
        history=_("Result delivered"),
        request=r.CaseDeliverSerializer,
        form=f.DeliverForm,
        endpoint=True,
    ),
    # 撤回: the applicant withdraws before the decision.
    case_action(
        event=E.WITHDRAW,
        sources=[*PENDING, *HANDLING],
        target=S.WITHDRAWN,
        actors=[APPLICANT],
        clock=Clock.STOP,
        clause="DOMAIN §8.0 撤回",
        effect=e.withdraw,
        notice=None,
        message="case_withdraw",
        label=_("Withdraw the application"),
        history=_("Withdrawn by the applicant"),
        request=r.CaseWithdrawSerializer,
    ),
    case_action(
        event=E.ARCHIVE,
        sources=[S.DELIVERED, S.REFUSED, S.WITHDRAWN, S.CLOSED],
        target=S.ARCHIVED,
        actors=[SYSTEM, OFFICER],
        clause="国务院令716 art.12 electronic archiving",
        notice=None,
        message=None,  # nothing to tell the applicant
        label=_("Archive"),
        history=_("Archived"),
        request=r.CaseActionSerializer,
        form=f.ActionForm,
        endpoint=True,
    ),
)

ACTIONS: dict[Event, CaseAction] = {a.event: a for a in CASE_ACTIONS}
TABLE: Table[State, Event, Actor] = Table(a.edge for a in CASE_ACTIONS)

# Guards that do not depend on what the user enters (see the module docstring).
INPUT_FREE_GUARDS = frozenset(
    {
        g.item_allows_tolerance,
        g.item_allows_pledge,
        g.item_is_on_the_spot,
        g.step_role,
        g.step_pending,
        g.review_steps_done,
        g.not_extended_before,
    }
)


def action_of(event: str) -> CaseAction | None:
    """The declaration of ``event`` (a plain string is fine), or ``None``."""
    return ACTIONS.get(event)  # type: ignore[call-overload]  # a str finds its StrEnum key


def history_label(event: str) -> Any:
    """What the history says happened (the event's code if it is not declared)."""
    declared = action_of(event)
    return declared.history if declared else event

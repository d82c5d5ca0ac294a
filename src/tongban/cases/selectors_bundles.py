"""Reads of bundle cases: the applicant's own, one for its applicant or for staff whose
scope covers one of its sub-cases, the derived view of one (status, deadline, each
sub-case and whether it waits for an earlier step), and for a list of cases the bundle
each belongs to and how each held sub-case stands."""

import datetime
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.utils import timezone

from tongban.calendars import selectors as calendar_selectors
from tongban.cases.domain.bundles import (
    BundleDeadline,
    BundleStatus,
    Held,
    PartFacts,
    bundle_deadline,
    bundle_status,
    held,
    steps_released,
)
from tongban.cases.domain.workflow import State
from tongban.cases.models import BundleCase, BundleCasePart, BundleNotice, Case
from tongban.core.permissions import Perm, not_found, scope_for

_RELATED = ("bundle", "applicant")
_PART_RELATED = (
    "case__implementation__basic_item",
    "case__organisation",
    "case__division",
)


def part_facts(part: BundleCasePart) -> PartFacts:
    case: Case = part.case
    return PartFacts(
        step=part.step,
        state=State(case.state),
        approved=case.decision == Case.Decision.APPROVE,
        promised_due=case.promised_due,
        promised_days=case.promised_limit,
        closed_on=timezone.localdate(case.closed_at) if case.closed_at else None,
    )


def bundle_case_list_for_applicant(*, user: Any) -> QuerySet[BundleCase]:
    return (
        BundleCase.objects.filter(applicant__user_id=user.pk)
        .select_related(*_RELATED)
        .order_by("-submitted_at", "-id")
    )


def bundle_case_get_for(*, user: Any, uuid: Any) -> BundleCase:
    """A bundle case visible to ``user``: their own as its applicant, or one with a
    sub-case in their staff scope."""
    if not getattr(user, "pk", None):
        raise not_found()
    scope = scope_for(user, Perm.CASE_VIEW)
    in_scope = BundleCasePart.objects.filter(
        scope.q(
            organisation_path="case__organisation__path",
            division_prefix="case__division__prefix",
        )
    ).values("bundle_case_id")
    found = (
        BundleCase.objects.filter(uuid=uuid)
        .filter(Q(applicant__user_id=user.pk) | Q(pk__in=in_scope))
        .select_related(*_RELATED)
        .first()
    )
    if found is None:
        raise not_found()
    return found


def bundle_case_get_own(*, user: Any, uuid: Any) -> BundleCase:
    """A bundle case of which ``user`` is the applicant, else 404 (staff read one
    through ``bundle_case_get_for``, where their reads are audited)."""
    if not getattr(user, "pk", None):
        raise not_found()
    found = (
        BundleCase.objects.filter(uuid=uuid, applicant__user_id=user.pk)
        .select_related(*_RELATED)
        .first()
    )
    if found is None:
        raise not_found()
    return found


@dataclass(frozen=True)
class PartView:
    part: BundleCasePart
    case: Case
    waiting: bool  # held until the earlier steps close


@dataclass(frozen=True)
class BundleCaseView:
    bundle_case: BundleCase
    status: BundleStatus
    deadline: BundleDeadline | None
    parts: list[PartView]


def bundle_case_view(
    *, bundle_case: BundleCase, today: datetime.date | None = None
) -> BundleCaseView:
    today = today or timezone.localdate()
    parts = list(
        bundle_case.parts.select_related(*_PART_RELATED).order_by("step", "order")
    )
    facts = [part_facts(p) for p in parts]
    released = steps_released(facts)
    division = parts[0].case.division if parts else None

    def later(start: datetime.date, days: int) -> datetime.date:
        return calendar_selectors.calendar_deadline(
            division=division, start=start, days=days, provisional_ok=True
        ).due

    return BundleCaseView(
        bundle_case=bundle_case,
        status=bundle_status(facts),
        deadline=bundle_deadline(facts, today=today, later=later) if parts else None,
        parts=[
            PartView(
                part=p,
                case=p.case,
                waiting=p.case.state == State.DRAFT
                and (released is None or p.step > released),
            )
            for p in parts
        ],
    )


@dataclass(frozen=True)
class SubCase:
    """A case's place in a bundle case, for the lists that show cases one by one."""

    bundle_case: UUID
    step: int
    held: Held | None  # set while it is kept in draft for the earlier steps


def sub_cases_of(*, cases: list[Case]) -> dict[int, SubCase]:
    """For the cases among ``cases`` that belong to a bundle: case id → its bundle case,
    its step and, for one kept in draft until the earlier steps close, how it stands
    (waiting for the step running now, or never to start). Two queries whatever the
    number of cases; cases outside a bundle are left out."""
    rows = list(
        BundleCasePart.objects.filter(case_id__in=[c.pk for c in cases]).values_list(
            "case_id", "bundle_case_id", "bundle_case__uuid", "step"
        )
    )
    drafts = {c.pk for c in cases if c.state == State.DRAFT}
    bundles = {bundle for case_id, bundle, _u, _s in rows if case_id in drafts}
    facts: dict[int, list[PartFacts]] = {}
    for part in BundleCasePart.objects.filter(
        bundle_case_id__in=bundles
    ).select_related("case"):
        facts.setdefault(part.bundle_case_id, []).append(part_facts(part))
    return {
        case_id: SubCase(
            bundle_case=bundle_uuid,
            step=step,
            held=held(facts[bundle], step=step) if case_id in drafts else None,
        )
        for case_id, bundle, bundle_uuid, step in rows
    }


def bundle_notice_list(*, bundle_case: BundleCase) -> QuerySet[BundleNotice]:
    """The combined notices of one bundle case (from ``bundle_case_get_for``), newest
    first."""
    return bundle_case.notices.order_by("-id")


def bundle_notice_get(*, bundle_case: BundleCase, uuid: Any) -> BundleNotice:
    notice = bundle_case.notices.filter(uuid=uuid).first()
    if notice is None:
        raise not_found()
    return notice


def bundle_notice_by_verify_code(*, code: str) -> BundleNotice | None:
    return (
        BundleNotice.objects.select_related("bundle_case__applicant")
        .filter(verify_code=code)
        .first()
    )

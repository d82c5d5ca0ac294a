"""The SMS link after a counter case is completed (一事一评 for cases handled at a window):
a sweep finds counter cases closed since the last window, opens one invitation per case and
sends the link through the outbox after commit."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tongban.cases import selectors as case_selectors
from tongban.core.permissions import SYSTEM
from tongban.core.services import audit_record
from tongban.evaluations.domain.codes import Channel, Stage
from tongban.evaluations.models import Evaluation, Invitation
from tongban.evaluations.services.submit import _token_hash
from tongban.notifications.services import notification_enqueue

if TYPE_CHECKING:
    from tongban.cases.models import Case

COUNTER = "1"  # GB/T 39046 A.5 办理形式 1 窗口办理


def evaluation_link(token: str) -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/evaluations/visit/{token}/"


def evaluation_invitations_send(*, now: dt.datetime | None = None) -> int:
    """Invite by SMS every counter case closed within the evaluation window that has no
    invitation and no completion evaluation yet; returns how many were sent."""
    now = now or timezone.now()
    days = settings.EVALUATION_WINDOW_DAYS
    cases = case_selectors.cases_closed_between(
        # the range is half-open: a case closed at this very moment is included
        start=now - dt.timedelta(days=days),
        end=now + dt.timedelta(microseconds=1),
        channel=COUNTER,
    )
    invited = set(
        Invitation.objects.filter(
            case__in=cases, channel=Channel.SMS.value
        ).values_list("case_id", flat=True)
    )
    evaluated = set(
        Evaluation.objects.filter(
            case__in=cases, stage=Stage.COMPLETION.value
        ).values_list("case_id", flat=True)
    )
    sent = 0
    for case in cases:
        if case.pk in invited or case.pk in evaluated or not case.applicant.phone:
            continue
        _invite(case, now, days)
        sent += 1
    return sent


@transaction.atomic
def _invite(case: Case, now: dt.datetime, days: int) -> None:
    token = secrets.token_urlsafe(24)
    invitation = Invitation(
        token_hash=_token_hash(token),
        channel=Channel.SMS.value,
        stage=Stage.COMPLETION.value,
        case=case,
        staff=case.submitted_by if case.submitted_by.is_staff_member else None,
        created_at=now,
        expires_at=(case.closed_at or now) + dt.timedelta(days=days),
    )
    invitation.full_clean()
    invitation.save()
    notification_enqueue(
        channel="sms",
        recipient=case.applicant.phone,
        template="evaluation_invite",
        language=case.language or settings.LANGUAGE_CODE,
        context={"number": case.number, "link": evaluation_link(token), "days": days},
    )
    audit_record(
        actor=SYSTEM,
        action="evaluation.invite_sms",
        instance=invitation,
        changes={"case": case.number},
        division_prefix=case.division.prefix,
        organisation_path=case.organisation.path,
    )

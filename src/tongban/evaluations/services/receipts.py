"""The evaluation code on a counter case's receipt (收件凭证): a QR code and link that
carry the case's uuid signed with the site's key, so the applicant can evaluate the case
at acceptance and at completion without an account — by the rules of the online
evaluation (the stage reached, the window after it, the number per stage), as the
case's applicant. The code names the case only to whoever holds the receipt; a forged or
altered code is refused."""

from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction

from tongban.cases import selectors as case_selectors
from tongban.evaluations.domain.codes import Channel, Stage
from tongban.evaluations.domain.rating import Rating
from tongban.evaluations.models import Evaluation
from tongban.evaluations.services.refusals import refuse
from tongban.evaluations.services.submit import _refuse_staff, case_evaluation_create

SALT = "tongban.evaluations.receipt"


def receipt_token(*, case_uuid: Any) -> str:
    return signing.dumps(str(case_uuid), salt=SALT, compress=False)


def receipt_link(token: str) -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/evaluations/receipt/{token}/"


def receipt_link_for_case(case: Any) -> str:
    """The signed evaluation link of ``case`` (the receipt's, and the acceptance and
    completion notices': ``cases.services.documents.evaluation_link_register``)."""
    return receipt_link(receipt_token(case_uuid=case.uuid))


def receipt_case(*, token: str, lock: bool = False) -> Any:
    """The case the code names, or ``None`` for a code that is not ours."""
    try:
        uuid = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return case_selectors.case_for_receipt_evaluation(uuid=uuid, lock=lock)


def receipt_stage(case: Any) -> Stage | None:
    """What the applicant evaluates now: the completion once closed, the acceptance once
    accepted, nothing before."""
    if case.closed_at is not None:
        return Stage.COMPLETION
    if case.accepted_at is not None:
        return Stage.ACCEPTANCE
    return None


@transaction.atomic
def receipt_submit(*, actor: Any, token: str, rating: Rating) -> Evaluation:
    """The holder of the receipt evaluates the case's current stage (channel 3, QR code),
    recorded as the applicant's own evaluation."""
    _refuse_staff(actor)
    case = receipt_case(token=token, lock=True)
    if case is None:
        raise refuse("invitation_unknown")
    stage = receipt_stage(case)
    if stage is None:
        raise refuse("stage_not_reached")
    return case_evaluation_create(
        actor=actor,
        case=case,
        stage=stage,
        channel=Channel.QR_CODE,
        rating=rating,
        evaluator=case.applicant.user,
    )

"""What each event does to a case besides changing its state (the state itself and the clock
are handled by ``case_transition``). Each effect returns the facts recorded on the event
row and printed on the statutory notice, if the event issues one."""

import datetime
import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils import timezone

from tongban.calendars import selectors as calendar_selectors
from tongban.calendars.domain.deadlines import Deadline
from tongban.cases.domain.workflow import AcceptanceMode
from tongban.cases.models import Case, CaseMaterial, CasePause, SupplementItem
from tongban.cases.services import form_values
from tongban.cases.services.deadlines import tolerance_max_days
from tongban.cases.services.guards import catalogue_procedure, missing_required
from tongban.certificates.services import certificate_issue
from tongban.core import actors
from tongban.payments.selectors import paid_amount


def _deadline_from_today(case: Case, days: int) -> Deadline:
    return calendar_selectors.calendar_deadline(
        division=case.division,
        start=timezone.localdate(),
        days=days,
        provisional_ok=True,
    )


def _working_days_later(case: Case, days: int) -> datetime.date:
    return _deadline_from_today(case, days).due


def submit(case: Case, data: Mapping[str, Any], actor: actors.Actor) -> dict[str, Any]:
    # 行政许可法 32: the office has this many working days to answer the application.
    case.acceptance_due = _working_days_later(
        case, int(settings.CASE_ACCEPTANCE_WORKING_DAYS)
    )
    return {}


def request_supplement(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> dict[str, Any]:
    case.acceptance_due = None  # answered in time: no deemed acceptance
    case.supplement_rounds += 1
    days = int(data.get("due_days") or settings.CASE_SUPPLEMENT_WORKING_DAYS)
    deadline = _deadline_from_today(case, days)
    case.supplement_due = deadline.due
    items = []
    for item in data["items"]:
        SupplementItem.objects.create(
            case=case,
            round=case.supplement_rounds,
            material_id=item.get("material"),
            field_key=item.get("field_key", ""),
            description=item["description"],
            reason=item["reason"],
        )
        items.append(f"{item['description']}：{item['reason']}")
    facts: dict[str, Any] = {
        "items": "\n".join(items),
        "due_date": str(case.supplement_due),
        "round": case.supplement_rounds,
    }
    if deadline.provisional:
        facts["provisional"] = "1"  # the notice says the date may still move
    return facts


def supplement(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> dict[str, Any]:
    case.supplement_due = None
    return {"round": case.supplement_rounds}


def supplement_expire(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> dict[str, Any]:
    case.result_code = Case.ResultCode.SUPPLEMENT_TIMEOUT
    case.closed_at = timezone.now()
    return {"due_date": str(case.supplement_due)}


def accept(case: Case, data: Mapping[str, Any], actor: actors.Actor) -> dict[str, Any]:
    case.acceptance_mode = AcceptanceMode.NORMAL
    case.supplement_due = None
    case.acceptance_due = None
    return {}


def deem_accept(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> dict[str, Any]:
    # Accepted from receipt: the limits count from the day the application arrived.
    case.acceptance_mode = AcceptanceMode.DEEMED
    case.accepted_at = case.submitted_at
    received = timezone.localdate(case.submitted_at)
    case.acceptance_due = None
    return {"received_on": str(received)}


def accept_tolerated(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> dict[str, Any]:
    case.acceptance_mode = AcceptanceMode.TOLERATED
    case.acceptance_due = None
    # The default period is cut so that it ends in time before the promised limit.
    days = int(
        data.get("due_days")
        or min(settings.CASE_TOLERANCE_WORKING_DAYS, tolerance_max_days(case))
    )
    case.tolerance_due = _working_days_later(case, days)
    missing = missing_required(case)
    for material in missing:
        CaseMaterial.objects.create(
            case=case, material=material, name=material.name, tolerated=True
        )
    return {
        "tolerated": "、".join(m.name for m in missing),
        "tolerance_due": str(case.tolerance_due),
    }


def accept_pledged(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> dict[str, Any]:
    case.acceptance_mode = AcceptanceMode.PLEDGED
    case.acceptance_due = None
    return {"pledge": "signed"}


def _decide(case: Case, data: Mapping[str, Any]) -> dict[str, Any]:
    case.decision = data["decision"]
    case.decision_reasons = str(data.get("reasons", "")).strip()
    case.decided_at = timezone.now()
    return {"decision": case.decision, "reasons": case.decision_reasons}


def decide_on_spot(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> dict[str, Any]:
    case.acceptance_mode = AcceptanceMode.ON_THE_SPOT
    case.acceptance_due = None
    case.accepted_at = timezone.now()
    return _decide(case, data)


def decide(case: Case, data: Mapping[str, Any], actor: actors.Actor) -> dict[str, Any]:
    return _decide(case, data)


def refuse(case: Case, data: Mapping[str, Any], actor: actors.Actor) -> dict[str, Any]:
    case.acceptance_due = None
    case.decision_reasons = str(data["reasons"]).strip()
    case.closed_at = timezone.now()
    return {"reasons": case.decision_reasons}


def approve_step(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> dict[str, Any]:
    steps = list(settings.CASE_REVIEW_STEPS)
    step = steps[case.review_step]
    case.review_step += 1
    return {"step": step, "opinion": str(data.get("opinion", ""))}


def return_step(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> dict[str, Any]:
    case.review_step = max(case.review_step - 1, 0)
    return {
        "step": list(settings.CASE_REVIEW_STEPS)[case.review_step],
        "reasons": str(data["reasons"]),
    }


def complete_tolerated(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> dict[str, Any]:
    case.tolerance_due = None
    return {}


def tolerance_expire(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> dict[str, Any]:
    case.result_code = Case.ResultCode.VOID
    case.closed_at = timezone.now()
    return {"tolerance_due": str(case.tolerance_due)}


def suspend(case: Case, data: Mapping[str, Any], actor: actors.Actor) -> dict[str, Any]:
    # The catalogue entry named decides the duration told and whether the clock stops.
    entry = catalogue_procedure(case, str(data["procedure"]))
    expected = data.get("expected_days") or (entry.time_limit if entry else None)
    pause = CasePause.objects.create(
        case=case,
        procedure=str(entry.name if entry else data["procedure"]).strip(),
        special_procedure=entry,
        counts_toward_limit=bool(entry and entry.counts_toward_limit),
        reason=str(data["reasons"]),
        expected_days=int(expected or 0),
        start_date=timezone.localdate(),
    )
    return {
        "procedure": pause.procedure,
        "reasons": pause.reason,
        "expected_duration": str(pause.expected_days),
        "counts_toward_limit": pause.counts_toward_limit,
    }


def resume(case: Case, data: Mapping[str, Any], actor: actors.Actor) -> dict[str, Any]:
    pause = case.pauses.filter(end_date__isnull=True).order_by("-id").first()
    if pause is not None:
        # Work resumes today, which counts again; the pause shows as ending yesterday
        # (or on its first day when resumed that same day, which then removes no day).
        today = timezone.localdate()
        pause.resumed_on = today
        pause.end_date = max(pause.start_date, today - datetime.timedelta(days=1))
        pause.save(update_fields=["end_date", "resumed_on"])
    return {}


def extend(case: Case, data: Mapping[str, Any], actor: actors.Actor) -> dict[str, Any]:
    case.extension_days = int(data["days"])
    return {
        "days": case.extension_days,
        "reasons": str(data["reasons"]),
        "approver": str(data["approver"]),
    }


def close(case: Case, data: Mapping[str, Any], actor: actors.Actor) -> dict[str, Any]:
    case.result_name = str(data.get("result_name") or case.result_name)
    case.result_code = (
        Case.ResultCode.CERTIFICATE
        if case.decision == Case.Decision.APPROVE and case.result_name
        else Case.ResultCode.CLOSED
    )
    case.closed_at = timezone.now()
    facts = {
        "result_name": case.result_name,
        "result_code": case.result_code,
        "fee_paid": str(paid_amount(reference=case.number)),  # 表8 是否收费
    }
    type_code = case.version.result_certificate_type
    if case.result_code == Case.ResultCode.CERTIFICATE and type_code:
        # The result is an e-certificate: issued now, in the close's transaction, from
        # the form's values (identity numbers stay sealed, never copied into it).
        certificate = certificate_issue(
            type_code=type_code,
            organisation=case.organisation,
            holder=case.applicant,
            data={
                key: value
                for key, value in case.form_data.items()
                if not form_values.is_sealed(value)
            },
            reference=case.number,
            actor=actor,
        )
        facts["certificate"] = certificate.identifier
    return facts


def deliver(case: Case, data: Mapping[str, Any], actor: actors.Actor) -> dict[str, Any]:
    case.delivery_method = str(data["method"])
    reference = str(data.get("reference", "")).strip()
    if case.delivery_method == "pickup" and not reference:
        reference = (
            f"{secrets.randbelow(10**6):06d}"  # pickup code told to the applicant
        )
    case.delivery_reference = reference
    return {"delivery_method": case.delivery_method, "reference": reference}


def withdraw(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> dict[str, Any]:
    case.closed_at = timezone.now()
    return {"reasons": str(data.get("reasons", ""))}

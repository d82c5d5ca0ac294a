"""What a transition sends out: the statutory notice it requires (numbered, verifiable) and
the applicant's notification in the applicant's language. Both are rows written in the
transition's transaction; the notification is delivered after commit by the outbox."""

import secrets
from typing import Any

from django.utils import timezone

from tongban.cases.models import Case, Notice
from tongban.cases.services.numbering import notice_number_next
from tongban.notifications.services import notification_enqueue

# Which notice an event issues (行政许可法 32, 36–38, 42, 45; DOMAIN §8.0).
NOTICES = {
    "accept": "acceptance",
    "accept_tolerated": "acceptance",
    "accept_pledged": "acceptance",
    "refuse": "refusal",
    "request_supplement": "supplement",
    "suspend": "special_procedure",
    "extend": "extension",
    "close": "completion",
    "deliver": "service_receipt",
}


def _notice_kind(case: Case, event: str) -> str | None:
    if event in ("decide", "decide_on_spot"):
        return "approval" if case.decision == Case.Decision.APPROVE else "denial"
    return NOTICES.get(event)


def notice_issue(*, case: Case, kind: str, facts: dict[str, Any]) -> Notice:
    today = timezone.localdate()
    return Notice.objects.create(
        case=case,
        kind=kind,
        number=notice_number_next(prefix=case.organisation.uscc[-6:], day=today),
        verify_code=secrets.token_urlsafe(12),
        language=case.language,
        issued_on=today,
        facts={k: str(v) for k, v in facts.items()},
    )


def issue_outputs(*, case: Case, event: str, facts: dict[str, Any]) -> None:
    kind = _notice_kind(case, event)
    if kind:
        notice_issue(case=case, kind=kind, facts=facts)
    phone = case.applicant.phone
    if phone and event != "archive":
        notification_enqueue(
            channel="sms",
            recipient=phone,
            template=f"case_{event}",
            language=case.applicant.preferred_language,
            context={
                "number": case.number,
                "item": case.version.implementation.basic_item.name,
                **{k: str(v) for k, v in facts.items()},
            },
        )

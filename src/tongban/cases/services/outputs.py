"""What a transition sends out: the statutory notice it requires (numbered, verifiable) and
the applicant's notification in the applicant's language. Both are rows written in the
transition's transaction; the notification is delivered after commit by the outbox."""

import secrets
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from tongban.cases.domain.workflow import AcceptanceMode
from tongban.cases.models import Case, Notice
from tongban.cases.notices import NoticeKind
from tongban.cases.notices.render import TITLES
from tongban.cases.services.numbering import notice_number_next
from tongban.notifications.services import notification_enqueue

# The documents a 送达回证 may serve, the decision first (行政许可法 38, 44).
SERVED_KINDS = ("approval", "denial", "completion")


def _served_notice(case: Case) -> Notice | None:
    """The document a 送达回证 serves: the case's latest decision, else its completion
    notice."""
    notices = {n.kind: n for n in case.notices.filter(kind__in=SERVED_KINDS)}
    return next((notices[k] for k in SERVED_KINDS if k in notices), None)


def _service_receipt_facts(case: Case, item: str) -> dict[str, Any]:
    served = _served_notice(case)
    if served is None:  # nothing numbered was issued: the result itself is served
        return {
            "document_name": case.result_name or item,
            "document_number": case.number,
        }
    with translation.override(case.language):
        name = str(TITLES[NoticeKind(served.kind)])
    if case.result_name:
        name = f"{name} · {case.result_name}"
    return {"document_name": name, "document_number": served.number}


def _notice_facts(case: Case, kind: str, facts: dict[str, Any]) -> dict[str, str]:
    """The facts a notice of ``kind`` prints (see ``notices.data.REQUIRED_FACTS``), taken
    from the event's facts and the case as the transition left it."""
    item = case.version.implementation.basic_item.name
    extra: dict[str, Any] = {}
    if kind == "acceptance":
        extra["due_date"] = (
            case.promised_due or case.statutory_due or timezone.localdate()
        )
        if case.acceptance_mode == AcceptanceMode.TOLERATED:
            extra["remarks"] = f"{facts.get('tolerated', '')} → {case.tolerance_due}"
        if case.deadline_provisional:
            extra["provisional"] = "1"  # the notice says the date may still move
    elif kind == "extension":
        extra["new_due_date"] = case.statutory_due
        if case.deadline_provisional:
            extra["provisional"] = "1"
    elif kind == "supplement":
        extra["items"] = "\n".join(
            f"{i.description}|{i.reason}"
            for i in case.supplement_items.filter(round=case.supplement_rounds)
        )
    elif kind == "special_procedure":
        extra["reason"] = facts.get("reasons", "")
        extra["starts_on"] = timezone.localdate()
    elif kind == "approval":
        with translation.override(case.language):
            extra["decision_text"] = _(
                "The application for {item} is approved."
            ).format(item=item)
    elif kind == "denial":
        extra["reasons"] = case.decision_reasons
    elif kind == "completion":
        extra["result_name"] = case.result_name or case.get_result_code_display()
    elif kind == "service_receipt":
        extra.update(_service_receipt_facts(case, item))
        extra["tracking_number"] = case.delivery_reference
    if facts.get("delivery_method"):
        with translation.override(case.language):
            extra["delivery_method"] = Case.delivery_method_label(
                str(facts["delivery_method"])
            )
    return {k: str(v) for k, v in {**facts, **extra}.items() if v not in (None, "")}


def notice_issue(*, case: Case, kind: str, facts: dict[str, Any]) -> Notice:
    today = timezone.localdate()
    return Notice.objects.create(
        case=case,
        kind=kind,
        number=notice_number_next(prefix=case.organisation.uscc[-6:], day=today),
        verify_code=secrets.token_urlsafe(12),
        language=case.language,
        issued_on=today,
        facts=_notice_facts(case, kind, facts),
    )


def issue_outputs(*, case: Case, action: Any, facts: dict[str, Any]) -> None:
    """The notice and the message ``action`` (a ``CaseAction``) declares: which notice
    (行政许可法 32, 36–38, 42, 45; DOMAIN §8.0) and which SMS template, if any."""
    kind = action.notice_for(case)
    if kind:
        notice_issue(case=case, kind=kind, facts=facts)
    phone = case.applicant.phone
    if phone and action.message:
        language = case.applicant.preferred_language
        context = {
            "number": case.number,
            "item": case.version.implementation.basic_item.name,
            **{k: str(v) for k, v in facts.items()},
        }
        if facts.get("delivery_method"):
            with translation.override(language):
                method = Case.delivery_method_label(str(facts["delivery_method"]))
            reference = str(facts.get("reference") or "")
            context["delivery"] = f"{method}, {reference}" if reference else method
        notification_enqueue(
            channel="sms",
            recipient=phone,
            template=action.message,
            language=language,
            context=context,
        )

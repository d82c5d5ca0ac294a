"""Where each exchange data set's records come from: the owning app's exchange
selectors, mapped to the fields of ``domain.datasets``.

A source yields ``(time, id, sync_type, record)`` in keyset order; ``time`` and ``id`` are
the position the next batch continues after. 同步类型 is ``I`` when the record goes out
for the first time and ``U`` when it updates one sent before: a history row is always new;
the end of a special procedure updates the record its start made; a ticket or a warning is
new when it was created after the position the batch started from (each changes in place,
and goes out again whenever it changes).

Times are China Standard Time in the standard's YYYYMMDDhhmmss; identity numbers are
decrypted here, once per applicant per batch, for the receiving platform (the batch
writes one audit row that says so).
"""

import datetime
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import translation

from tongban.cases import selectors_exchange as cases
from tongban.cases.events import history_label
from tongban.core import crypto
from tongban.evaluations import selectors_exchange as evaluations
from tongban.servicedesk import selectors_exchange as servicedesk
from tongban.supervision import selectors_exchange as supervision

Position = tuple[datetime.datetime, int] | None
Row = tuple[datetime.datetime, int, str, dict[str, Any]]
Source = Callable[..., Iterator[Row]]
CST = ZoneInfo("Asia/Shanghai")
PASSED = ("accept", "accept_tolerated", "accept_pledged", "deem_accept")
PASSED_TOO = ("decide_on_spot", "approve_step", "decide", "close", "deliver")
RETURNED = ("return_step", "request_supplement", "refuse")


def stamp(moment: datetime.datetime | None) -> str:
    return moment.astimezone(CST).strftime("%Y%m%d%H%M%S") if moment else ""


def _day(value: datetime.date | None) -> str:
    return value.strftime("%Y%m%d") if value else ""


@cache
def _step_names() -> dict[str, str]:
    """环节名称: what the case history says, in Chinese (the exchange language)."""
    with translation.override("zh-hans"):
        return {name: str(history_label(name)) for name in _ALL_EVENTS}


_ALL_EVENTS = (
    *PASSED,
    *PASSED_TOO,
    *RETURNED,
    "supplement",
    "supplement_expire",
    "complete_tolerated",
    "tolerance_expire",
    "suspend",
    "resume",
    "extend",
    "withdraw",
    "archive",
)


def _person(row: dict[str, Any]) -> str:
    return str(row["actor__full_name"] or row["actor__username"] or "系统")


def application(
    *, after: Position, until: Any, prefix: str, limit: int
) -> Iterator[Row]:
    # One batch is read whole (≤ limit rows), then its small tables once, by id.
    rows = list(
        cases.cases_submitted(
            after=after, until=until, division_prefix=prefix, limit=limit
        )
    )
    dims = cases.case_dimensions(
        implementation_ids={r["implementation_id"] for r in rows},
        version_ids={r["version_id"] for r in rows},
        division_ids={r["division_id"] for r in rows},
    )
    items, versions, divisions = (
        dims["implementation"],
        dims["version"],
        dims["division"],
    )
    numbers: dict[int, str] = {}  # applicant → decrypted number, within this batch
    for r in rows:
        applicant = r["applicant_id"]
        number = numbers.get(applicant)
        if number is None:
            number = numbers[applicant] = crypto.decrypt(
                r["applicant__id_number_encrypted"]
            )
        code, name = items[r["implementation_id"]]
        yield (
            r["submitted_at"],
            r["pk"],
            "I",
            {
                "case_number": r["number"],
                "implementation_code": code,
                "item_name": name,
                "case_type_code": versions.get(r["version_id"]) or "9",
                "applicant_name": r["applicant__name"],
                "applicant_id_type": r["applicant__id_type"],
                "applicant_id_number": number,
                "applicant_phone": r["applicant__phone"],
                "applicant_address": r["applicant__address"],
                "legal_representative": r["applicant__legal_representative"],
                "application_channel": r["channel"],
                "applied_at": stamp(r["submitted_at"]),
                "division_code": divisions[r["division_id"]],
            },
        )


def _history(kind: str, after: Position, until: Any, prefix: str, limit: int) -> Any:
    return cases.case_history_rows(
        kind=kind, after=after, until=until, division_prefix=prefix, limit=limit
    )


def acceptance(
    *, after: Position, until: Any, prefix: str, limit: int
) -> Iterator[Row]:
    for r in _history("acceptance", after, until, prefix, limit):
        yield (
            r["created_at"],
            r["pk"],
            "I",
            {
                "case_number": r["case__number"],
                "basic_code": r["case__implementation__basic_item__code"],
                "implementation_code": r["case__implementation__code"],
                "item_name": r["case__implementation__basic_item__name"],
                "accepting_unit": r["case__organisation__name"],
                "accepting_unit_uscc": r["case__organisation__uscc"],
                "accepted_by": _person(r),
                "accepted_at": stamp(r["created_at"]),
                "acceptance_document_number": r["notice_number"] or "",
                "promised_completion": _day(r["case__promised_due"]),
                "case_type_code": r["case__version__case_type"] or "9",
                "division_code": r["case__division__code"],
            },
        )


def _action_code(event: str) -> str:
    if event in PASSED or event in PASSED_TOO:
        return "1"
    return "2" if event in RETURNED else "9"


def process(*, after: Position, until: Any, prefix: str, limit: int) -> Iterator[Row]:
    names = _step_names()
    for r in _history("process", after, until, prefix, limit):
        at = stamp(r["created_at"])
        yield (
            r["created_at"],
            r["pk"],
            "I",
            {
                "case_number": r["case__number"],
                "step_key": f"{r['case__number']}:{r['pk']}",
                "action_code": _action_code(r["event"]),
                "step_name": names.get(r["event"], r["event"]),
                "handler": _person(r),
                "opinion": r["reason"],
                # A history row is one moment; the standard allows end = start then.
                "step_started_at": at,
                "step_ended_at": at,
                "handling_unit": r["case__organisation__name"],
                "handling_unit_uscc": r["case__organisation__uscc"],
                "step_state": "2",
            },
        )


def special_procedure(
    *, after: Position, until: Any, prefix: str, limit: int
) -> Iterator[Row]:
    for r in _history("special", after, until, prefix, limit):
        ending = r["event"] == "resume"
        if ending and r["started_pk"] is None:
            continue  # a resume with no special procedure before it: nothing to end
        # An end updates the start's record: kind, reasons and requester stay the start's.
        data = (r["started_data"] if ending else r["data"]) or {}
        requested_by = (r["started_by"] or "系统") if ending else _person(r)
        start_pk = r["started_pk"] if ending else r["pk"]
        start_at = r["started_at"] if ending else r["created_at"]
        extension = r["event"] == "extend"
        yield (
            r["created_at"],
            r["pk"],
            "U" if ending else "I",
            {
                "case_number": r["case__number"],
                "procedure_key": f"{r['case__number']}:{start_pk}",
                "kind_code": "1" if extension else "2",
                "kind_name": "延长审批"
                if extension
                else str(data.get("procedure", "")),
                "started_at": stamp(start_at),
                "reason": str(
                    data.get("reasons")
                    or (r["started_reason"] if ending else r["reason"])
                ),
                "requested_by": requested_by,
                "ended_at": stamp(r["created_at"]) if ending or extension else "",
                "result": r["reason"] if ending else "",
                "handling_unit": r["case__organisation__name"],
                "handler": _person(r),
            },
        )


def _charged(amount: Any) -> str:
    try:
        return "1" if Decimal(str(amount or "0")) > 0 else "0"
    except InvalidOperation:
        return "0"


def completion(
    *, after: Position, until: Any, prefix: str, limit: int
) -> Iterator[Row]:
    for r in _history("completion", after, until, prefix, limit):
        delivery = r["event"] == "deliver"
        if delivery and r["closed_at"] is None:
            continue  # delivered with no close before it (not a 办结 to update)
        data = (r["closed_data"] if delivery else r["data"]) or {}
        outcome = " ".join(
            part for part in (r["case__decision"], r["case__decision_reasons"]) if part
        )
        yield (
            r["created_at"],
            r["pk"],
            "U" if delivery else "I",
            {
                "case_number": r["case__number"],
                "handler": (r["closed_by"] or "系统") if delivery else _person(r),
                "closed_at": stamp(r["closed_at"] if delivery else r["created_at"]),
                "result_name": r["case__result_name"],
                "result_description": outcome or "办结",
                "issuing_unit": r["case__organisation__name"],
                "delivered_by_post": "1"
                if r["case__delivery_method"] == "post"
                else "0",
                "fee_charged": _charged(data.get("fee_paid")),
                "division_code": r["case__division__code"],
            },
        )


def evaluation(
    *, after: Position, until: Any, prefix: str, limit: int
) -> Iterator[Row]:
    for r in evaluations.evaluations_after(
        after=after, until=until, division_prefix=prefix, limit=limit
    ):
        yield (
            r["created_at"],
            r["pk"],
            "I",
            {
                "evaluation_key": str(r["uuid"]),
                "case_number": r["case__number"],
                "channel_code": r["channel"],
                "evaluator": r["evaluator__full_name"] if r["real_name"] else "",
                "evaluated_at": stamp(r["created_at"]),
                "evaluation_count": str(r["count_so_far"] or 1),
                "satisfaction_code": str(r["level"]),
                "comment": r["text"],
                "division_code": r["division__code"],
            },
        )


def _first(created: datetime.datetime, after: Position) -> str:
    return "I" if after is None or created > after[0] else "U"


def interaction(
    *, after: Position, until: Any, prefix: str, limit: int
) -> Iterator[Row]:
    for r in servicedesk.tickets_changed_after(
        after=after, until=until, division_prefix=prefix, limit=limit
    ):
        yield (
            r["changed_at"],
            r["pk"],
            _first(r["received_at"], after),
            {
                "ticket_number": r["number"],
                "ticket_type": r["ticket_type"],
                "title": r["title"],
                "requester": "" if r["anonymous_to_unit"] else r["requester_name"],
                "content": r["content"],
                "received_at": stamp(r["received_at"]),
                "handled_at": stamp(r["replied_at"]),
                "reply": r["reply"],
                "handling_unit": r["handling_organisation__name"] or "",
                "handling_unit_uscc": r["handling_organisation__uscc"] or "",
                "complained_unit": r["subject_organisation__name"] or "",
                "extension_reason": r["extension_reason"],
                "overdue_days": str(r["overdue_days"]),
                "division_code": r["division__code"],
            },
        )


def supervision_warning(
    *, after: Position, until: Any, prefix: str, limit: int
) -> Iterator[Row]:
    for r in supervision.warnings_changed_after(
        after=after, until=until, division_prefix=prefix, limit=limit
    ):
        yield (
            r["changed_at"],
            r["pk"],
            _first(r["raised_at"], after),
            {
                "supervision_number": r["number"],
                "case_number": r["subject_number"],
                "item_type_code": r["item_type"],
                "rule_number": r["rule"],
                "warning_type_code": r["severity"],
                "state_changed_at": stamp(r["state_changed_at"]),
                "result_description": r["description"],
                "responsible_unit": r["organisation__name"],
                "order_content": r["order_content"] or "",
                "supervised_unit": r["order_unit"] or "",
                "order_issued_at": stamp(r["order_issued_at"]),
                "division_code": r["division__code"],
            },
        )


SOURCES: dict[str, Source] = {
    "application": application,
    "acceptance": acceptance,
    "process": process,
    "special_procedure": special_procedure,
    "completion": completion,
    "evaluation": evaluation,
    "interaction": interaction,
    "supervision": supervision_warning,
}

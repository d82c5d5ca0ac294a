"""The payment step of an application: the item's fees with a fixed amount, paid online
through the unified public payment platform (``tongban.payments``) or recorded at the
service counter, and whether a case still owes them (the ``fees_paid`` guard keeps such a
case from closing; a fee waived at the counter is owed no more). ``case_payable`` tells
payments what a case owes and where its clerks sit (registered in ``CasesConfig``)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.urls import reverse

from tongban.cases import selectors
from tongban.cases.domain.workflow import State
from tongban.cases.models import Case
from tongban.payments import adapter, payables
from tongban.payments import selectors as payment_selectors
from tongban.payments.domain.money import total
from tongban.payments.services import payment_order_open

if TYPE_CHECKING:
    from tongban.payments.models import PaymentOrder


def fees_due(case: Case) -> list[tuple[str, Decimal]]:
    """The fee items of the case's frozen version that have an amount."""
    return [
        (str(fee.name), fee.amount)
        for fee in case.version.fees.filter(amount__gt=0).order_by("order", "id")
        if fee.amount is not None
    ]


def fee_outstanding(case: Case) -> Decimal:
    due = total([amount for _name, amount in fees_due(case)])
    settled = payment_selectors.settled_amount(reference=case.number)
    return max(due - settled, Decimal(0))


def fee_step(case: Case) -> dict[str, Any] | None:
    """What the applicant's case page shows of the fees; ``None`` when there are none."""
    lines = fees_due(case)
    if not lines:
        return None
    return {
        "lines": lines,
        "total": total([a for _n, a in lines]),
        "outstanding": fee_outstanding(case),
        "online": adapter.enabled(),
    }


def fee_order_open(
    *, case: Case, actor: Any, notify_url: str, return_url: str
) -> PaymentOrder:
    """The unpaid order for the case's fees (made once), registered at the platform."""
    return payment_order_open(
        actor=actor,
        reference=case.number,
        payer_name=case.applicant.name,
        payee=case.organisation.name,
        description=f"{case.number} {case.implementation.basic_item.name}",
        lines=fees_due(case),
        notify_url=notify_url,
        return_url=return_url,
    )


# Nothing is taken at the counter on a case that ended without a result to pay for.
_FINISHED = frozenset({State.DRAFT, State.REFUSED, State.WITHDRAWN, State.ARCHIVED})


def case_payable(reference: str) -> payables.Payable | None:
    """What the case numbered ``reference`` owes, for a counter payment: its fees with
    an amount, each waivable where the item allows it, and the places whose clerks may
    take it (the handling organisation, and the hall that took the case in)."""
    case = selectors.case_by_number(number=reference)
    if case is None:
        return None
    fees = case.version.fees.filter(amount__gt=0).order_by("order", "id")
    places = [
        payables.Place(
            organisation_path=case.organisation.path,
            division_prefix=case.division.prefix,
        )
    ]
    hall = case.intake_hall
    if hall is not None:
        places.append(
            payables.Place(
                organisation_path=hall.organisation.path,
                division_prefix=hall.division.prefix,
            )
        )
    return payables.Payable(
        reference=case.number,
        payer_name=case.applicant.name,
        payee=case.organisation.name,
        description=f"{case.number} {case.implementation.basic_item.name}",
        lines=tuple(
            payables.FeeLine(
                name=str(fee.name), amount=fee.amount, waivable=fee.waiver_allowed
            )
            for fee in fees
            if fee.amount is not None
        ),
        places=tuple(places),
        open=case.state not in _FINISHED,
        url=reverse("cases:workbench-case", kwargs={"uuid": case.uuid}),
    )

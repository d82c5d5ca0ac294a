"""The payment step of an application: the item's fees with a fixed amount, paid online
through the unified public payment platform (``tongban.payments``), and whether a case
still owes them (the ``fees_paid`` guard keeps such a case from closing)."""

from decimal import Decimal
from typing import Any

from tongban.cases.models import Case
from tongban.payments import adapter
from tongban.payments import selectors as payment_selectors
from tongban.payments.domain.money import total
from tongban.payments.models import PaymentOrder
from tongban.payments.services import payment_order_open


def fees_due(case: Case) -> list[tuple[str, Decimal]]:
    """The fee items of the case's frozen version that have an amount."""
    return [
        (str(fee.name), fee.amount)
        for fee in case.version.fees.filter(amount__gt=0).order_by("order", "id")
        if fee.amount is not None
    ]


def fee_outstanding(case: Case) -> Decimal:
    due = total([amount for _name, amount in fees_due(case)])
    return max(due - payment_selectors.paid_amount(reference=case.number), Decimal(0))


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

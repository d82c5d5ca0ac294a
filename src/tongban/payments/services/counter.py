"""Fees paid at the service counter (窗口缴费): a clerk of the handling organisation, or of
the hall that took the case in, records what was paid — cash, bank card (POS) or a QR
payment at the window — with the receipt's number (票据号); a supervisor alone takes a
record back, with a reason.

Rules: the amount is exactly what is owed (fees the item allows to waive are waived with
a reason, the rest is paid); a reference is recorded at the counter once (a database
constraint holds it against two clerks at once), never on top of an online payment, and
not once the matter is finished. A reversed record stays, marked reversed, and the fee is
owed again. Every record and reversal is audited in its transaction.

Known limit: an online order the applicant opened and left unpaid stays open; if the
platform later confirms it too, the fee is paid twice and shows as such in the records
(a refund is a person's decision, ``payment_refund``).
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongban.core.permissions import Perm, not_found, scope_for
from tongban.core.services import audit_record
from tongban.payments import payables
from tongban.payments.domain.money import parse_amount
from tongban.payments.models import PaymentOrder
from tongban.payments.selectors import SETTLED
from tongban.payments.services import new_order_number

Status = PaymentOrder.Status
COUNTER = "counter"


def may_act(actor: Any, payable: payables.Payable, permission: str) -> bool:
    """Whether ``actor`` holds ``permission`` over one of the payable's places."""
    scope = scope_for(actor, permission)
    return any(
        scope.covers(
            organisation_path=place.organisation_path,
            division_prefix=place.division_prefix,
        )
        for place in payable.places
    )


def _payable(reference: str, actor: Any, permission: str) -> payables.Payable:
    payable = payables.payable_get(reference=reference)
    if payable is None:
        raise not_found()
    if not may_act(actor, payable, permission):
        raise PermissionDenied(
            _("You may not do this for this organisation or region.")
        )
    return payable


def _invalid(field: str, code: str, message: str) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code=code)]})


def _receipt(value: str) -> str:
    receipt = value.strip()
    if not receipt:
        raise _invalid(
            "receipt_number", "required", _("Enter the number of the receipt given.")
        )
    if len(receipt) > 40 or not receipt.isprintable():
        raise _invalid(
            "receipt_number",
            "invalid",
            _("A receipt number has at most 40 printable characters."),
        )
    return receipt


def _standing(reference: str) -> None:
    """Refuse when the reference already has a standing payment (the caller holds the
    lock on its orders)."""
    standing = (
        PaymentOrder.objects.select_for_update()
        .filter(reference=reference, status__in=SETTLED)
        .values_list("paid_through", flat=True)
    )
    through = list(standing)
    if COUNTER in through:
        raise _invalid(
            "reference",
            "already_recorded",
            _("A counter payment is already recorded for this case."),
        )
    if through:
        raise _invalid(
            "reference",
            "paid_online",
            _("This case is already paid online; nothing is taken at the counter."),
        )


def _split(
    payable: payables.Payable, waive: bool, reason: str
) -> tuple[Decimal, Decimal]:
    """(to pay, waived) for the payable, with the waiver's rules checked."""
    if not waive:
        return payable.total, Decimal("0.00")
    if not payable.waivable:
        raise _invalid(
            "waive",
            "waiver_not_allowed",
            _("None of this item's fees may be waived."),
        )
    if not reason.strip():
        raise _invalid(
            "waiver_reason",
            "required",
            _("Give the reason for the waiver (the rule it rests on)."),
        )
    return payable.total - payable.waivable, payable.waivable


def payment_counter_record(
    *,
    actor: Any,
    reference: str,
    method: str,
    amount: Any,
    receipt_number: str,
    waive: bool = False,
    waiver_reason: str = "",
) -> PaymentOrder:
    """Record the fees of ``reference`` as paid at the counter by ``actor``."""
    payable = _payable(reference, actor, Perm.PAYMENT_COLLECT)
    if not payable.lines:
        raise _invalid("reference", "no_fee", _("This case has no fee to pay."))
    if not payable.open:
        raise _invalid(
            "reference",
            "finished",
            _("This case is finished; nothing is taken at the counter any more."),
        )
    if method not in PaymentOrder.CounterMethod.values:
        raise _invalid(
            "method", "invalid_choice", _("Choose cash, bank card or QR code payment.")
        )
    receipt = _receipt(receipt_number)
    to_pay, waived = _split(payable, waive, waiver_reason)
    given = parse_amount(str(amount).strip() if amount is not None else None)
    if given != to_pay:
        raise _invalid(
            "amount",
            "wrong_amount",
            _("The amount must be exactly what is owed: {amount} yuan.").format(
                amount=f"{to_pay:.2f}"
            ),
        )
    try:
        with transaction.atomic():
            _standing(payable.reference)
            order = _counter_order(
                payable, actor, method, receipt, to_pay, waived, waiver_reason
            )
    except IntegrityError as error:  # another clerk recorded it a moment before
        raise _invalid(
            "reference",
            "already_recorded",
            _("A counter payment is already recorded for this case."),
        ) from error
    return order


def _counter_order(
    payable: payables.Payable,
    actor: Any,
    method: str,
    receipt: str,
    to_pay: Decimal,
    waived: Decimal,
    waiver_reason: str,
) -> PaymentOrder:
    waiving = waived > 0
    order = PaymentOrder(
        number=new_order_number(),
        reference=payable.reference,
        payer_name=payable.payer_name[:200],
        payee=payable.payee[:200],
        description=payable.description[:300],
        lines=[
            {
                "name": line.name,
                "amount": f"{line.amount:.2f}",
                "waived": waiving and line.waivable,
            }
            for line in payable.lines
        ],
        amount=to_pay,
        waived_amount=waived,
        waiver_reason=waiver_reason.strip() if waiving else "",
        status=Status.PAID if to_pay > 0 else Status.WAIVED,
        paid_at=timezone.now(),
        paid_through=COUNTER,
        counter_method=method,
        receipt_number=receipt,
        collected_by=actor if getattr(actor, "pk", None) else None,
    )
    order.full_clean(
        validate_constraints=False
    )  # the database holds the one-record rule
    order.save()
    audit_record(
        actor=actor,
        action="payment.counter",
        instance=order,
        changes={
            "status": [None, order.status],
            "amount": [None, str(order.amount)],
            "waived_amount": [None, str(order.waived_amount)],
            "method": [None, method],
            "receipt_number": [None, receipt],
            "reference": [None, payable.reference],
        },
        **_audit_place(payable),
    )
    return order


def _audit_place(payable: payables.Payable) -> dict[str, str]:
    place = payable.places[0]
    return {
        "organisation_path": place.organisation_path,
        "division_prefix": place.division_prefix,
    }


def payment_counter_reverse(*, actor: Any, number: str, reason: str) -> PaymentOrder:
    """Take back the counter record ``number`` (a supervisor, with a reason); the fee is
    owed again and may be recorded anew."""
    order = PaymentOrder.objects.filter(number=number).first()
    if order is None:
        raise not_found()
    payable = _payable(order.reference, actor, Perm.PAYMENT_REVERSE)
    if not reason.strip():
        raise _invalid("reason", "required", _("Give the reason for the reversal."))
    with transaction.atomic():
        order = PaymentOrder.objects.select_for_update().get(pk=order.pk)
        if order.paid_through != COUNTER or order.status not in SETTLED:
            raise _invalid(
                "number",
                "not_reversible",
                _("Only a standing counter payment can be reversed."),
            )
        before = order.status
        order.status = Status.REVERSED
        order.reversed_by = actor if getattr(actor, "pk", None) else None
        order.reversed_at = timezone.now()
        order.reversal_reason = reason.strip()
        order.save()
        audit_record(
            actor=actor,
            action="payment.counter_reverse",
            instance=order,
            changes={
                "status": [before, order.status],
                "reason": [None, order.reversal_reason],
            },
            **_audit_place(payable),
        )
    return order

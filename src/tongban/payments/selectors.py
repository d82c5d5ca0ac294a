"""Payment reads: what a reference has paid."""

from decimal import Decimal

from django.db.models import Sum

from tongban.payments.models import PaymentOrder


def paid_amount(*, reference: str) -> Decimal:
    """What is paid and not refunded for ``reference``, in 元."""
    paid = PaymentOrder.objects.filter(
        reference=reference, status=PaymentOrder.Status.PAID
    ).aggregate(total=Sum("amount"))["total"]
    return Decimal(paid or 0).quantize(Decimal("0.01"))


def open_order(*, reference: str) -> PaymentOrder | None:
    return PaymentOrder.objects.filter(
        reference=reference, status=PaymentOrder.Status.CREATED
    ).first()

"""Payment reads: what a reference has paid, what it has settled (paid or waived), and
its payment records."""

from decimal import Decimal

from django.db.models import F, QuerySet, Sum

from tongban.payments.models import PaymentOrder

Status = PaymentOrder.Status
# Standing records: paid (online or at the counter) or waived at the counter.
SETTLED = (Status.PAID, Status.WAIVED)


def paid_amount(*, reference: str) -> Decimal:
    """What is paid and not refunded for ``reference``, in 元 (waivers not counted)."""
    paid = PaymentOrder.objects.filter(
        reference=reference, status=Status.PAID
    ).aggregate(total=Sum("amount"))["total"]
    return Decimal(paid or 0).quantize(Decimal("0.01"))


def settled_amount(*, reference: str) -> Decimal:
    """What ``reference`` owes no more: paid, or waived at the counter, in 元."""
    settled = PaymentOrder.objects.filter(
        reference=reference, status__in=SETTLED
    ).aggregate(total=Sum(F("amount") + F("waived_amount")))["total"]
    return Decimal(settled or 0).quantize(Decimal("0.01"))


def open_order(*, reference: str) -> PaymentOrder | None:
    return PaymentOrder.objects.filter(
        reference=reference, status=Status.CREATED
    ).first()


def payment_records(*, reference: str) -> QuerySet[PaymentOrder]:
    """Every order of ``reference`` that was paid, waived, refunded or reversed, newest
    first, with who took and who reversed a counter record."""
    return (
        PaymentOrder.objects.filter(reference=reference)
        .exclude(status=Status.CREATED)
        .select_related("collected_by", "reversed_by")
        .order_by("-paid_at", "-id")
    )


def payment_by_number(*, number: str) -> PaymentOrder | None:
    return PaymentOrder.objects.filter(number=number).first()

"""Payment writes: open an order (缴款单) for what a reference owes, take the platform's
signed notification, refund, and reconcile a day against the platform's statement
(fees paid at the service counter: ``services/counter.py``).

A notification is accepted only with a valid platform signature, a known order, exactly
the order's amount, a fresh timestamp and an id not seen before; every notification,
accepted or refused, is logged with its outcome.
"""

import json
import logging
import secrets
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tongban.core.services import audit_record
from tongban.payments import adapter
from tongban.payments.domain.money import parse_amount, total
from tongban.payments.domain.signing import notification_valid
from tongban.payments.models import PaymentNotification, PaymentOrder, Reconciliation

logger = logging.getLogger(__name__)
Outcome = PaymentNotification.Outcome


def new_order_number() -> str:
    return timezone.localdate().strftime("%Y%m%d") + f"{secrets.randbelow(10**10):010d}"


def payment_order_open(
    *,
    actor: Any,
    reference: str,
    payer_name: str,
    payee: str,
    description: str,
    lines: list[tuple[str, Decimal]],
    notify_url: str,
    return_url: str,
) -> PaymentOrder:
    """The unpaid order of ``reference`` (made, and registered at the platform, once)."""
    with transaction.atomic():
        order = (
            PaymentOrder.objects.select_for_update()
            .filter(reference=reference, status=PaymentOrder.Status.CREATED)
            .first()
        )
        if order is None:
            order = PaymentOrder(
                number=new_order_number(),
                reference=reference,
                payer_name=payer_name,
                payee=payee,
                description=description[:300],
                lines=[{"name": n, "amount": f"{a:.2f}"} for n, a in lines],
                amount=total([a for _n, a in lines]),
            )
            order.full_clean()
            order.save()
            audit_record(
                actor=actor,
                action="payment.order",
                instance=order,
                changes={
                    "amount": [None, str(order.amount)],
                    "reference": [None, reference],
                },
            )
    if not order.pay_url:
        order.pay_url = adapter.order_create(
            number=order.number,
            amount=order.amount,
            description=order.description,
            notify_url=notify_url,
            return_url=return_url,
        )
        order.save(update_fields=["pay_url"])
    return order


def _refuse(outcome: str, body: bytes, notify_id: str = "", order: Any = None) -> str:
    PaymentNotification.objects.create(  # NUL cannot be stored in PostgreSQL text
        notify_id=notify_id[:64].replace("\x00", "\ufffd"),
        order=order,
        outcome=outcome,
        body=body.decode("utf-8", "replace")[:5000].replace("\x00", "\ufffd"),
    )
    if outcome != Outcome.ACCEPTED:
        logger.warning("payment notification %s refused: %s", notify_id, outcome)
    return outcome


@transaction.atomic
def payment_notification_receive(*, body: bytes, signature: str) -> str:
    """Check and apply one notification; returns its outcome."""
    if not notification_valid(
        public_key_b64=settings.PAYMENT_PROVIDER_PUBLIC_KEY,
        body=body,
        signature_b64=signature,
    ):
        return _refuse(Outcome.BAD_SIGNATURE, body)
    try:
        payload = json.loads(body)
        notify_id, number = str(payload["notify_id"]), str(payload["order_number"])
        stamp = datetime.fromisoformat(str(payload["timestamp"]))
        kind = str(payload["type"])
    except (ValueError, KeyError, TypeError):
        return _refuse(Outcome.MALFORMED, body)
    if stamp.tzinfo is None or "\x00" in notify_id + number + kind:
        return _refuse(Outcome.MALFORMED, body, notify_id)
    if PaymentNotification.objects.filter(
        notify_id=notify_id, outcome=Outcome.ACCEPTED
    ).exists():
        return _refuse(Outcome.REPLAY, body, notify_id)
    if abs(timezone.now() - stamp) > timedelta(
        seconds=settings.PAYMENT_NOTIFY_MAX_AGE_SECONDS
    ):
        return _refuse(Outcome.STALE, body, notify_id)
    order = PaymentOrder.objects.select_for_update().filter(number=number).first()
    if order is None:
        return _refuse(Outcome.UNKNOWN_ORDER, body, notify_id)
    if parse_amount(payload.get("amount")) != order.amount or kind != "paid":
        return _refuse(Outcome.WRONG_AMOUNT, body, notify_id, order)
    if order.status == PaymentOrder.Status.CREATED:
        _mark_paid(order, str(payload.get("trade_no", "")), "notification")
    return _refuse(Outcome.ACCEPTED, body, notify_id, order)


def _mark_paid(order: PaymentOrder, trade_no: str, through: str) -> None:
    order.status = PaymentOrder.Status.PAID
    order.provider_trade_no = trade_no[:64]
    order.paid_at = timezone.now()
    order.paid_through = through
    order.save()
    audit_record(
        actor=None,
        action="payment.paid",
        instance=order,
        changes={"status": ["created", "paid"], "through": [None, through]},
    )


def payment_refund(*, actor: Any, order: PaymentOrder) -> PaymentOrder:
    """Refund a paid order in full at the platform, then record it."""
    if order.status != PaymentOrder.Status.PAID:
        raise ValueError("only a paid order can be refunded")
    adapter.refund(number=order.number, amount=order.amount)
    with transaction.atomic():
        order = PaymentOrder.objects.select_for_update().get(pk=order.pk)
        order.status = PaymentOrder.Status.REFUNDED
        order.refunded_amount = order.amount
        order.save()
        audit_record(
            actor=actor,
            action="payment.refund",
            instance=order,
            changes={"status": ["paid", "refunded"]},
        )
    return order


@transaction.atomic
def payment_reconcile(*, day: date) -> Reconciliation:
    """Compare ``day``'s statement with the orders here. An order the platform has as
    paid with the same amount but that is unpaid here (its notification lost) is marked
    paid; every other difference is recorded for a person to look at."""
    entries = {str(e["order_number"]): e for e in adapter.statement(day=day)}
    local = {
        o.number: o
        for o in PaymentOrder.objects.select_for_update().filter(
            number__in=list(entries)
        )
    }
    paid_here = (
        PaymentOrder.objects.filter(paid_at__date=day, status__in=["paid", "refunded"])
        .exclude(number__in=list(entries))
        .exclude(paid_through="counter")  # taken at the window, never at the platform
    )
    run = Reconciliation(day=day)
    for number, entry in sorted(entries.items()):
        order = local.get(number)
        amount = parse_amount(entry.get("amount"))
        if order is None or amount != order.amount:
            run.differences.append({"order": number, "problem": "amount_or_order"})
        elif order.status == PaymentOrder.Status.CREATED:
            _mark_paid(order, str(entry.get("trade_no", "")), "reconciliation")
            run.fixed.append(number)
        else:
            run.matched += 1
    for order in paid_here:
        run.differences.append({"order": order.number, "problem": "not_at_platform"})
    run.save()
    return run

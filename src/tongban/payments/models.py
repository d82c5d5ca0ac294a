"""Payment orders (缴款单), the notifications received for them, refunds and the daily
reconciliation runs.

An order is paid online (through the platform's notification or the reconciliation) or
recorded at the service counter by a clerk (cash, bank card, a QR payment at the window)
with the receipt's number (票据号); fees the item allows to waive may be waived there with
a reason. A counter record is reversed only by a supervisor, with a reason; it is never
deleted."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PaymentOrder(models.Model):
    class Status(models.TextChoices):
        CREATED = "created", _("awaiting payment")
        PAID = "paid", _("paid")
        REFUNDED = "refunded", _("refunded")
        WAIVED = "waived", _("waived")  # every fee owed was waived at the counter
        REVERSED = "reversed", _("reversed")  # a counter record taken back

    class CounterMethod(models.TextChoices):
        CASH = "cash", _("cash")
        CARD = "card", _("bank card (POS)")
        QR = "qr", _("QR code payment at the window")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("payment order number"), max_length=32, unique=True)
    reference = models.CharField(_("paid for"), max_length=64, db_index=True)
    payer_name = models.CharField(_("payer"), max_length=200)
    payee = models.CharField(_("collecting organisation"), max_length=200)
    description = models.CharField(_("description"), max_length=300)
    lines = models.JSONField(default=list)  # [{"name": fee item, "amount": "12.00"}]
    amount = models.DecimalField(_("amount (yuan)"), max_digits=16, decimal_places=2)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.CREATED
    )
    pay_url = models.URLField(max_length=500, blank=True)
    provider_trade_no = models.CharField(max_length=64, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    paid_through = models.CharField(
        max_length=20, blank=True
    )  # notification | reconciliation | counter
    refunded_amount = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # At the counter: how it was paid, the receipt given and who took it.
    counter_method = models.CharField(
        _("paid by"), max_length=10, choices=CounterMethod.choices, blank=True
    )
    receipt_number = models.CharField(
        _("receipt number (票据号)"), max_length=40, blank=True
    )
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    waived_amount = models.DecimalField(
        _("waived (yuan)"), max_digits=16, decimal_places=2, default=0
    )
    waiver_reason = models.TextField(_("reason for the waiver"), blank=True)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reversed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reversed_at = models.DateTimeField(_("reversed at"), null=True, blank=True)
    reversal_reason = models.TextField(_("reason for the reversal"), blank=True)

    class Meta:
        verbose_name = _("payment order")
        verbose_name_plural = _("payment orders")
        constraints = [
            # An order pays something or waives something (a fully waived fee: 0 paid).
            models.CheckConstraint(
                condition=models.Q(amount__gte=0, waived_amount__gte=0)
                & (models.Q(amount__gt=0) | models.Q(waived_amount__gt=0)),
                name="payment_amount_positive",
            ),
            # One standing counter record per reference: recorded once, or reversed first.
            models.UniqueConstraint(
                fields=["reference"],
                condition=models.Q(
                    paid_through="counter", status__in=["paid", "waived"]
                ),
                name="payment_one_counter_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.amount} ({self.status})"


class PaymentNotification(models.Model):
    """Every notification received, accepted or refused, with why."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", pgettext_lazy("payment notification", "accepted")
        BAD_SIGNATURE = "bad_signature", _("bad signature")
        WRONG_AMOUNT = "wrong_amount", _("wrong amount")
        REPLAY = "replay", _("replay")
        STALE = "stale", _("too old")
        UNKNOWN_ORDER = "unknown_order", _("unknown order")
        MALFORMED = "malformed", _("malformed")

    notify_id = models.CharField(max_length=64, blank=True, db_index=True)
    order = models.ForeignKey(
        PaymentOrder, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    body = models.TextField()
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.notify_id} {self.outcome}"


class Reconciliation(models.Model):
    """One day's statement from the provider compared with the orders here."""

    day = models.DateField()
    matched = models.PositiveIntegerField(default=0)
    fixed = models.JSONField(default=list)  # paid there, notification lost: marked paid
    differences = models.JSONField(default=list)  # left for a person to look at
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return (
            f"{self.day}: {self.matched} matched, {len(self.differences)} differences"
        )

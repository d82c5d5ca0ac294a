"""Payment API shapes: a case's fees and payment records, the counter payment request and
the reversal request. Amounts are strings with two decimals (元)."""

from rest_framework import serializers

from tongban.payments.models import PaymentOrder


class FeeLineSerializer(serializers.Serializer):
    name = serializers.CharField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    waivable = serializers.BooleanField()


class PaymentRecordSerializer(serializers.ModelSerializer):
    collected_by = serializers.SerializerMethodField()
    reversed_by = serializers.SerializerMethodField()

    class Meta:
        model = PaymentOrder
        fields = [
            "number",
            "reference",
            "status",
            "amount",
            "waived_amount",
            "waiver_reason",
            "paid_at",
            "paid_through",
            "counter_method",
            "receipt_number",
            "collected_by",
            "reversed_by",
            "reversed_at",
            "reversal_reason",
        ]

    def get_collected_by(self, order: PaymentOrder) -> str | None:
        user = order.collected_by
        return user.display_name if user else None

    def get_reversed_by(self, order: PaymentOrder) -> str | None:
        user = order.reversed_by
        return user.display_name if user else None


class CasePaymentsSerializer(serializers.Serializer):
    reference = serializers.CharField()
    fees = FeeLineSerializer(many=True)
    owed = serializers.DecimalField(max_digits=16, decimal_places=2)
    records = PaymentRecordSerializer(many=True)


class CounterPaymentRequestSerializer(serializers.Serializer):
    counter_method = serializers.ChoiceField(choices=PaymentOrder.CounterMethod.choices)
    amount = serializers.CharField(
        max_length=20, help_text="Exactly what is owed, in yuan with two decimals."
    )
    receipt_number = serializers.CharField(max_length=40, help_text="票据号")
    waive = serializers.BooleanField(
        default=False,
        help_text="Waive the fees the item allows to waive; the rest is paid.",
    )
    waiver_reason = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, default=""
    )


class ReverseRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)

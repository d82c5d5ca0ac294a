"""The counter's payment forms: record a payment (method, amount, receipt number, and the
waiver where the item allows one) and a supervisor's reversal. The service checks the
rules; its errors land on the fields they name."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tongban.payments.models import PaymentOrder


class _ServiceErrors(forms.Form):
    def add_service_errors(self, error: ValidationError) -> None:
        for field, errors in getattr(error, "error_dict", {None: [error]}).items():
            name = field if field in self.fields else None
            for item in errors:
                self.add_error(name, item)


class CounterPaymentForm(_ServiceErrors):
    method = forms.ChoiceField(
        label=_("Paid by"), choices=PaymentOrder.CounterMethod.choices
    )
    amount = forms.CharField(label=_("Amount received (yuan)"), max_length=20)
    receipt_number = forms.CharField(label=_("Receipt number (票据号)"), max_length=40)
    waive = forms.BooleanField(
        label=_("Waive the fees this item allows to waive"), required=False
    )
    waiver_reason = forms.CharField(
        label=_("Reason for the waiver"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "method": data["method"],
            "amount": data["amount"],
            "receipt_number": data["receipt_number"],
            "waive": bool(data.get("waive")),
            "waiver_reason": data.get("waiver_reason") or "",
        }


class ReverseForm(_ServiceErrors):
    reason = forms.CharField(
        label=_("Reason for the reversal"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

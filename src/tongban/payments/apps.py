"""App config for payments."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "tongban.payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        from tongban.core import audit_labels

        audit_labels.register(
            actions={
                "payment.order": _("Payment order opened"),
                "payment.paid": _("Payment confirmed"),
                "payment.refund": _("Payment refunded"),
                "payment.counter": _("Payment recorded at the counter"),
                "payment.counter_reverse": _("Counter payment reversed"),
            }
        )

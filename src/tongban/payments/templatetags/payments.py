"""``{% payment_records reference %}``: a case's payment records on the pages of the app
that owns the case (the applicant's page and the staff case page), and for staff the way
to the counter page. The calling template passes the case number; nothing else of the
case is known here."""

from typing import Any

from django import template

from tongban.core.permissions import Perm
from tongban.payments import payables, selectors
from tongban.payments.services.counter import may_act

register = template.Library()


@register.inclusion_tag("payments/_case_payments.html", takes_context=True)
def payment_records(
    context: dict[str, Any], reference: str, staff: bool = False
) -> dict[str, Any]:
    records = list(selectors.payment_records(reference=reference))
    shown: dict[str, Any] = {"records": records, "staff": staff, "reference": reference}
    payable = payables.payable_get(reference=reference) if staff else None
    if payable is not None and payable.lines:
        user = context.get("user")
        shown["counter_link"] = bool(records) or any(
            may_act(user, payable, p)
            for p in (Perm.PAYMENT_COLLECT, Perm.PAYMENT_REVERSE)
        )
        if not records:
            shown["owed"] = payable.total
    return shown

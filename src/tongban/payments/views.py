"""Payment pages.

``notify``: the platform's asynchronous notification (server to server, no session, no
CSRF token: the Ed25519 signature is the proof). Answers 200 to an accepted notification,
409 to a replay (the platform stops resending), 400/401/404 to the rest.

``counter``: a case's fees and payment records for staff, with the form to record a
payment taken at the service counter (for a clerk of the handling organisation or of the
hall that took the case in) and the reversal of a counter record (a supervisor only)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from tongban.core.permissions import Perm, not_found
from tongban.payments import payables, selectors
from tongban.payments.forms import CounterPaymentForm, ReverseForm
from tongban.payments.models import PaymentNotification
from tongban.payments.services import payment_notification_receive
from tongban.payments.services.counter import (
    may_act,
    payment_counter_record,
    payment_counter_reverse,
)

STATUS: dict[str, int] = {
    PaymentNotification.Outcome.ACCEPTED: 200,
    PaymentNotification.Outcome.REPLAY: 409,
    PaymentNotification.Outcome.BAD_SIGNATURE: 401,
    PaymentNotification.Outcome.UNKNOWN_ORDER: 404,
}


@csrf_exempt
@require_POST
def notify(request: HttpRequest) -> HttpResponse:
    outcome = payment_notification_receive(
        body=request.body[:65536],
        signature=request.headers.get("X-Pay-Signature", ""),
    )
    return HttpResponse(
        outcome, status=STATUS.get(outcome, 400), content_type="text/plain"
    )


def _visible(request: HttpRequest, reference: str) -> payables.Payable:
    """The payable, for staff who may see its case, take or reverse its payment."""
    payable = payables.payable_get(reference=reference)
    if payable is None or not any(
        may_act(request.user, payable, permission)
        for permission in (Perm.CASE_VIEW, Perm.PAYMENT_COLLECT, Perm.PAYMENT_REVERSE)
    ):
        raise not_found()
    return payable


def _call(form: Any, service: Any) -> Any:
    try:
        return service()
    except ValidationError as error:
        form.add_service_errors(error)
    except PermissionDenied as error:
        form.add_error(None, str(error) or _("Your role does not allow this."))
    return None


def _page(
    request: HttpRequest,
    payable: payables.Payable,
    form: Any = None,
    reverse_form: Any = None,
    reversing: str = "",
    status: int = 200,
) -> HttpResponse:
    records = list(selectors.payment_records(reference=payable.reference))
    settled = selectors.settled_amount(reference=payable.reference)
    may_collect = may_act(request.user, payable, Perm.PAYMENT_COLLECT)
    owed = max(payable.total - settled, 0) if payable.lines else 0
    context = {
        "payable": payable,
        "records": records,
        "owed": owed,
        "form": form
        if form is not None
        else (CounterPaymentForm() if may_collect and owed and payable.open else None),
        "may_reverse": may_act(request.user, payable, Perm.PAYMENT_REVERSE),
        "reverse_form": reverse_form or ReverseForm(),
        "blank_reverse_form": ReverseForm(),
        "reversing": reversing,
    }
    return render(request, "payments/counter.html", context, status=status)


def _staff(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), "accounts:staff-login")
    if not getattr(request.user, "is_staff_member", False):
        raise not_found()
    return None


@require_http_methods(["GET", "POST"])
def counter(request: HttpRequest, reference: str) -> HttpResponse:
    if (answer := _staff(request)) is not None:
        return answer
    payable = _visible(request, reference)
    if request.method == "GET":
        return _page(request, payable)
    form = CounterPaymentForm(request.POST)
    if form.is_valid():
        done = _call(
            form,
            lambda: payment_counter_record(
                actor=request.user,
                reference=payable.reference,
                **form.service_arguments(),
            ),
        )
        if done is not None:
            messages.success(
                request,
                _("Counter payment recorded: receipt {receipt}.").format(
                    receipt=done.receipt_number
                ),
            )
            return redirect(payable.url or request.path)
    return _page(request, payable, form=form, status=400)


@require_POST
def counter_reverse(request: HttpRequest, reference: str, number: str) -> HttpResponse:
    if (answer := _staff(request)) is not None:
        return answer
    payable = _visible(request, reference)
    if not any(
        r.number == number for r in selectors.payment_records(reference=reference)
    ):
        raise not_found()
    form = ReverseForm(request.POST)
    if form.is_valid():
        done = _call(
            form,
            lambda: payment_counter_reverse(
                actor=request.user, number=number, reason=form.cleaned_data["reason"]
            ),
        )
        if done is not None:
            messages.success(request, _("The counter payment was reversed."))
            return redirect(reverse("payments:counter", args=[payable.reference]))
    return _page(request, payable, reverse_form=form, reversing=number, status=400)

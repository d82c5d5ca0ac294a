"""督办 order pages: the list (orders the user supervises or must answer), one order with
the buttons and forms of the actions the user may take (derived from the lifecycle's
declarations), the POST of each action, and issuing an order from a warning or a case."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from tongban.cases.views.common import staff_required
from tongban.core.api.problems import Problem
from tongban.supervision import selectors
from tongban.supervision.orders import ORDERS
from tongban.supervision.services import orders as order_services


class IssueForm(forms.Form):
    """An order on a case, or on the subject of a warning (a ticket, a rectification)."""

    case = forms.UUIDField(widget=forms.HiddenInput, required=False)
    warning = forms.UUIDField(widget=forms.HiddenInput, required=False)
    content = forms.CharField(
        label=gettext_lazy("What is to be done"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    days = forms.IntegerField(
        label=gettext_lazy("Working days to reply"),
        min_value=1,
        max_value=60,
        required=False,
    )


class TextForm(forms.Form):
    text = forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


# The one text field each action's request shape asks for.
TEXT_FIELD = {
    "reply": "reply",
    "send_back": "reasons",
    "close": "outcome",
    "escalate": "reasons",
}


@staff_required
@require_GET
def order_list(request: HttpRequest) -> HttpResponse:
    orders = selectors.orders_for(user=request.user)
    return render(request, "supervision/orders.html", {"orders": orders[:200]})


@staff_required
@require_GET
def order_detail(request: HttpRequest, uuid: Any) -> HttpResponse:
    order = selectors.order_get_for(user=request.user, uuid=uuid)
    actions = [a for a in ORDERS.allowed(order, request.user) if a.request is not None]
    return render(
        request,
        "supervision/order.html",
        {
            "order": order,
            "actions": actions,
            "events": order.events.select_related("actor").order_by("id"),
        },
    )


@staff_required
@require_POST
def order_act(request: HttpRequest, uuid: Any, slug: str) -> HttpResponse:
    order = selectors.order_get_for(user=request.user, uuid=uuid)
    declared = ORDERS.by_slug(slug)
    form = TextForm(request.POST)
    if declared is None or declared.request is None:
        return redirect("supervision:order", uuid=order.uuid)
    if not form.is_valid():
        messages.error(request, _("Please write it; it cannot be empty."))
        return redirect("supervision:order", uuid=order.uuid)
    field = TEXT_FIELD.get(str(declared.event), "reasons")
    try:
        order_services.order_transition(
            order=order,
            event=str(declared.event),
            actor=request.user,
            data={field: form.cleaned_data["text"]},
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:
        messages.error(request, str(error) or _("Your role does not allow this."))
    except Problem as error:
        messages.error(request, str(error.detail))
    else:
        messages.success(request, str(declared.history))
    return redirect("supervision:order", uuid=order.uuid)


@staff_required
@require_POST
def order_issue(request: HttpRequest) -> HttpResponse:
    form = IssueForm(request.POST)
    if not form.is_valid() or not (
        form.cleaned_data["case"] or form.cleaned_data["warning"]
    ):
        messages.error(request, _("Please say what is to be done."))
        return redirect("supervision:warnings")
    try:
        order = order_services.order_issue_on(
            actor=request.user,
            case=form.cleaned_data["case"],
            warning=form.cleaned_data["warning"],
            content=form.cleaned_data["content"],
            days=form.cleaned_data.get("days"),
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("supervision:warnings")
    messages.success(
        request, _("Supervision order {number} issued.").format(number=order.number)
    )
    return redirect("supervision:order", uuid=order.uuid)

"""The requester's pages: "my tickets" for an account holder, answering the callback
online (satisfied, or not with reasons), and following a ticket without an account by
its number and the phone it was filed with, proven by an SMS code."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongban.cases.forms.common import ServiceErrorsMixin
from tongban.cases.views.common import Conflict, applicant_required, call_service
from tongban.core.api.throttling import ScopedThrottle
from tongban.servicedesk import selectors
from tongban.servicedesk.api.views import remember
from tongban.servicedesk.domain.lifecycle import Event
from tongban.servicedesk.lifecycle import TICKETS
from tongban.servicedesk.services.intake import phone_code_check, phone_code_issue

ANSWERS = {Event.SATISFIED.value, Event.UNSATISFIED.value}


@applicant_required
@require_GET
def my_tickets(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "servicedesk/my_tickets.html",
        {"tickets": selectors.ticket_list_for_requester(user=request.user)[:200]},
    )


class AnswerForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("What is still wrong?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


def answer_forms(ticket: Any, user: Any) -> list[dict[str, Any]]:
    """The callback answers the requester may give now (from the declarations)."""
    return [
        {"action": declared, "form": AnswerForm(auto_id=f"id_{declared.slug}_%s")}
        for declared in TICKETS.allowed(ticket, user)
        if declared.event in ANSWERS
    ]


@applicant_required
@require_POST
def callback(request: HttpRequest, uuid: Any) -> HttpResponse:
    found = selectors.ticket_get_for_requester(user=request.user, uuid=uuid, own=set())
    declared = TICKETS.by_slug(str(request.POST.get("answer", "")))
    if declared is None or declared.event not in ANSWERS:
        return redirect("servicedesk:ticket", uuid=uuid)
    form = AnswerForm(request.POST)
    if form.is_valid():
        data = (
            {"reason": form.cleaned_data["reason"]}
            if declared.event == Event.UNSATISFIED
            else {"note": form.cleaned_data["reason"]}
        )
        try:
            done = call_service(
                form,
                lambda: TICKETS.transition(
                    obj=found, event=declared.event, actor=request.user, data=data
                ),
            )
        except Conflict as conflict:
            messages.error(request, str(conflict))
            return redirect("servicedesk:ticket", uuid=uuid)
        if done is not None:
            messages.success(request, _("Thank you: your answer was recorded."))
            return redirect("servicedesk:ticket", uuid=uuid)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect("servicedesk:ticket", uuid=uuid)


class FollowForm(ServiceErrorsMixin, forms.Form):
    number = forms.CharField(label=gettext_lazy("Ticket number"), max_length=32)
    phone = forms.RegexField(
        label=gettext_lazy("Mobile phone the ticket was filed with"),
        regex=r"^1[3-9]\d{9}$",
        error_messages={
            "invalid": gettext_lazy(
                "Type the 11-digit mobile number, e.g. 13800000000."
            )
        },
    )
    code = forms.CharField(label=gettext_lazy("SMS code"), max_length=8, required=False)


@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest) -> HttpResponse:
    """Follow a ticket without an account: number + phone, then the code sent to it."""
    form = FollowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = selectors.ticket_by_number_and_phone(
            number=data["number"], phone=data["phone"]
        )
        if "send_code" in request.POST:
            # The same answer whether or not they match: the page tells no one which
            # numbers and phones belong together, and sends nothing to a stranger.
            if found is not None and ScopedThrottle("sms_address").allow(request):
                phone_code_issue(
                    phone=data["phone"],
                    language=translation.get_language() or found.language,
                    number=found.number,
                )
            messages.info(
                request,
                _("If the number and phone belong together, a code is on its way."),
            )
        elif found is not None and phone_code_check(
            phone=data["phone"], code=data.get("code", "")
        ):
            remember(request, found)
            return redirect("servicedesk:ticket", uuid=found.uuid)
        else:
            form.add_error(
                "code",
                _("The number, the phone or the code is wrong; request a new code."),
            )
    return render(request, "servicedesk/follow.html", {"form": form})

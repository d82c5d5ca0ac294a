"""Service-desk pages: the public channels page with the monthly figures, the filing form
(with suggested answers before filing), the requester's ticket page; on the workbench the
queue, one ticket with the actions the user may take (from the declarations), and the
12345 agent's intake with the knowledge base beside it."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rest_framework.exceptions import Throttled

from tongban.cases.views.common import Conflict, call_service, staff_required
from tongban.core.api.throttling import ScopedThrottle
from tongban.core.permissions import Perm, require_any
from tongban.servicedesk import charts, selectors
from tongban.servicedesk.api.views import (
    RESOLVE,
    SESSION_KEY,
    flood_check,
    phone_checked,
    remember,
    ticket_request,
)
from tongban.servicedesk.forms import ActionForm, StaffTicketForm, TicketForm
from tongban.servicedesk.lifecycle import TICKETS
from tongban.servicedesk.models import CHANNEL_LABELS, STATE_LABELS, TYPE_LABELS
from tongban.servicedesk.services.intake import phone_code_issue, ticket_file
from tongban.servicedesk.services.knowledge import knowledge_from_ticket
from tongban.servicedesk.views.requester import answer_forms

# The fields of each action's form, from its request shape (objects are named by their
# key: an organisation by UUID, a handler by user name).
ACTION_FIELDS = {
    declared.event: list(declared.request().fields)
    for declared in TICKETS.actions.values()
    if declared.request is not None
}


@require_GET
def channels(request: HttpRequest) -> HttpResponse:
    """How to reach the service desk, and its monthly figures (chart and table)."""
    # The last twelve months and this one, up to the end of today.
    end = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    end += dt.timedelta(days=1)
    start = (end - dt.timedelta(days=366)).replace(day=1)
    months = selectors.ticket_figures(by="month", start=start, end=end)
    types = selectors.ticket_figures(by="type", start=start, end=end)
    type_names = {t.value: label for t, label in TYPE_LABELS.items()}
    return render(
        request,
        "servicedesk/channels.html",
        {
            "months": months,
            "types": [(type_names.get(f.key, f.key), f) for f in types],
            "chart": charts.monthly_bars(months),
            "channel_labels": CHANNEL_LABELS.values(),
        },
    )


@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    """Published answers for what is being typed (the form and the agent's screen)."""
    text = request.GET.get("title", request.GET.get("q", ""))[:200]
    item = request.GET.get("implementation_code", "")[:50]
    if text.strip():
        entries = selectors.knowledge_search(text=text, implementation_code=item)
    elif item:  # the guide page, before anything is typed: the item's answers
        entries = selectors.knowledge_for_item(implementation_code=item)
    else:
        entries = []
    return render(request, "servicedesk/_suggestions.html", {"entries": entries})


def _throttled(form: Any, request: HttpRequest) -> bool:
    try:
        flood_check(request)
    except Throttled as refused:
        form.add_error(None, str(refused.detail))
        return True
    return False


@require_http_methods(["GET", "POST"])
def file(request: HttpRequest) -> HttpResponse:
    """File a ticket: logged in, or with a phone proven by an SMS code."""
    anonymous = not request.user.is_authenticated
    initial = {
        key: request.GET.get(key, "")[:64]
        for key in ("case_number", "implementation_code", "ticket_type")
        if request.GET.get(key)
    }
    form = TicketForm(
        request.POST or None,
        request.FILES or None,
        anonymous=anonymous,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if anonymous and "send_code" in request.POST:
            if data.get("requester_phone") and ScopedThrottle("sms_address").allow(
                request
            ):
                phone_code_issue(
                    phone=data["requester_phone"],
                    language=translation.get_language() or "zh-hans",
                )
            messages.info(request, _("If the number is valid, a code is on its way."))
        elif not _throttled(form, request):
            ticket = call_service(form, lambda: _file(request, data, "portal"))
            if ticket is not None:
                remember(request, ticket)
                return redirect("servicedesk:ticket", uuid=ticket.uuid)
    return render(
        request, "servicedesk/file.html", {"form": form, "anonymous": anonymous}
    )


def _file(request: HttpRequest, data: dict[str, Any], channel: str) -> Any:
    phone_checked(request, data)
    return ticket_file(
        request=ticket_request(
            data, channel=channel, uploads=request.FILES.getlist("attachments")
        ),
        actor=request.user,
    )


@require_GET
def ticket(request: HttpRequest, uuid: Any) -> HttpResponse:
    found = selectors.ticket_get_for_requester(
        user=request.user, uuid=uuid, own=set(request.session.get(SESSION_KEY, []))
    )
    return render(
        request,
        "servicedesk/ticket.html",
        {
            "ticket": found,
            "history": _history(found),
            "answers": answer_forms(found, request.user),
        },
    )


def _history(ticket: Any) -> list[dict[str, Any]]:
    return [
        {
            "at": event.created_at,
            "text": TICKETS.actions[event.event].history
            if event.event in TICKETS.actions
            else event.event,
            "reason": event.reason,
        }
        for event in selectors.ticket_events(ticket=ticket)
    ]


# --- workbench --------------------------------------------------------------------------------


@staff_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    tickets = selectors.ticket_queue_for(user=request.user)
    return render(
        request,
        "servicedesk/queue.html",
        {
            "tickets": tickets,
            "states": STATE_LABELS,
        },
    )


def _action_form(declared: Any, data: Any = None) -> ActionForm:
    # One page holds several action forms: their element ids carry the action's slug.
    return ActionForm(
        data,
        fields=ACTION_FIELDS[declared.event],
        auto_id=f"id_{declared.slug}_%s",
    )


@staff_required
@require_GET
def workbench_ticket(request: HttpRequest, uuid: Any) -> HttpResponse:
    found = selectors.ticket_get_for(user=request.user, uuid=uuid)
    return _ticket_page(request, found, forms={})


def _ticket_page(
    request: HttpRequest, found: Any, forms: dict[Any, ActionForm]
) -> HttpResponse:
    allowed = [a for a in TICKETS.allowed(found, request.user) if a.request is not None]
    panels = [
        {
            "action": declared,
            "form": forms.get(declared.event) or _action_form(declared),
        }
        for declared in allowed
    ]
    return render(
        request,
        "servicedesk/workbench_ticket.html",
        {
            "ticket": found,
            "panels": panels,
            "history": _history(found),
            "requester_visible": selectors.requester_visible(
                ticket=found, user=request.user
            ),
            "pending": selectors.pending_extension(ticket=found),
            "suggestions": selectors.knowledge_search(text=found.title),
        },
    )


@staff_required
@require_POST
def workbench_action(request: HttpRequest, uuid: Any, slug: str) -> HttpResponse:
    found = selectors.ticket_get_for(user=request.user, uuid=uuid)
    declared = TICKETS.by_slug(slug)
    if declared is None or declared.request is None:
        return redirect("servicedesk:workbench-ticket", uuid=uuid)
    form = _action_form(declared, request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        resolve = RESOLVE.get(declared.event)
        try:
            done = call_service(
                form,
                lambda: TICKETS.transition(
                    obj=found,
                    event=declared.event,
                    actor=request.user,
                    data=resolve(found, data) if resolve else data,
                ),
            )
        except Conflict as conflict:
            messages.error(request, str(conflict))
            return redirect("servicedesk:workbench-ticket", uuid=uuid)
        if done is not None:
            messages.success(request, str(declared.history))
            return redirect("servicedesk:workbench-ticket", uuid=uuid)
    return _ticket_page(request, found, forms={declared.event: form})


@staff_required
@require_POST
def workbench_to_knowledge(request: HttpRequest, uuid: Any) -> HttpResponse:
    found = selectors.ticket_get_for(user=request.user, uuid=uuid)
    form = ActionForm({}, fields=[])  # bound and empty: it only carries refusals
    entry = call_service(
        form, lambda: knowledge_from_ticket(ticket=found, actor=request.user)
    )
    if entry is not None:
        messages.success(request, _("A knowledge-base draft was made from the reply."))
        return redirect("servicedesk:knowledge-entry", uuid=entry.uuid)
    for error in form.non_field_errors():
        messages.error(request, str(error))
    return redirect("servicedesk:workbench-ticket", uuid=uuid)


@staff_required
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    """The 12345 agent's (or hall clerk's) intake, with the knowledge base beside it."""
    require_any(request.user, Perm.TICKET_INTAKE)
    form = StaffTicketForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ticket = call_service(form, lambda: _file(request, data, data["channel"]))
        if ticket is not None:
            messages.success(
                request,
                _("Ticket {number} was filed.").format(number=ticket.number),
            )
            return redirect("servicedesk:workbench-ticket", uuid=ticket.uuid)
    return render(request, "servicedesk/intake.html", {"form": form})

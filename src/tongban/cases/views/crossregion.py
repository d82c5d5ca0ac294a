"""跨域通办 / 代收代办 pages of the workbench: the receiving clerk's list of cases taken in
for other regions (with the services it may take in so), and the 代收 page each side opens
for its part of one case — the courier legs and the receiving side's limit. The case's own
workbench page stays the handling organisation's."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tongban.cases import presentation
from tongban.cases import selectors_crossregion as proxies
from tongban.cases.domain.crossregion import Delivery, ProxyEvent, ProxyState
from tongban.cases.domain.workflow import Event
from tongban.cases.forms.crossregion import CourierForm, ProxyNoteForm
from tongban.cases.forms.workbench import ItemSearchForm
from tongban.cases.models_crossregion import PROXY_STATE_LABELS, ProxyIntake
from tongban.cases.progress import public_progress
from tongban.cases.services.crossregion import (
    AT_THE_RECEIVING_HALL,
    PROXIES,
    forward_overdue,
    proxy_actions_for,
    proxy_read,
    proxy_transition,
)
from tongban.cases.services.transition import CASES, case_transition
from tongban.cases.views.common import (
    Conflict,
    call_service,
    conflict_redirect,
    staff_required,
)
from tongban.core.permissions import Perm, not_found, require_any

COURIER_EVENTS = {
    ProxyEvent.DISPATCH_ORIGINALS,
    ProxyEvent.SEND_RESULT,
    ProxyEvent.RETURN_ORIGINALS,
}
LIST_SIZE = 100


def _form_for(event: str, data: object = None) -> CourierForm | ProxyNoteForm:
    form_class = CourierForm if event in COURIER_EVENTS else ProxyNoteForm
    return form_class(data, prefix=event)  # type: ignore[arg-type]  # QueryDict or None


@staff_required
@require_GET
def proxy_list(request: HttpRequest) -> HttpResponse:
    """The receiving hall's ledger (代收台账) and the services it may take in for others."""
    require_any(request.user, Perm.CASE_INTAKE)
    form = ItemSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    intakes = list(proxies.proxy_list_for_receiving(user=request.user)[:LIST_SIZE])
    rows = [
        {
            "intake": intake,
            "state": PROXY_STATE_LABELS[ProxyState(intake.state)],
            "case_state": presentation.state_label(intake.case.state),
            "overdue": forward_overdue(intake),
        }
        for intake in intakes
    ]
    context = {
        "form": form,
        "rows": rows,
        "services": proxies.proxy_services_for(user=request.user, query=query),
        "halls": proxies.receiving_halls_for(user=request.user),
    }
    return render(request, "cases/workbench/crossregion_list.html", context)


@staff_required
@require_GET
def proxy_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    intake = proxies.proxy_get_for(user=request.user, uuid=uuid)
    return _render(request, intake)


def _render(
    request: HttpRequest,
    intake: ProxyIntake,
    failed: CourierForm | ProxyNoteForm | None = None,
) -> HttpResponse:
    proxy_read(actor=request.user, intake=intake)  # the page shows the postal address
    forms = [
        {
            "action": declared,
            "form": failed
            if failed is not None and failed.prefix == declared.event
            else _form_for(declared.event),
        }
        for declared in proxy_actions_for(intake, request.user)
    ]
    context = {
        "intake": intake,
        "case": intake.case,
        "state": PROXY_STATE_LABELS[ProxyState(intake.state)],
        "case_state": presentation.state_label(intake.case.state),
        "overdue": forward_overdue(intake),
        "history": [
            {"row": row, "label": PROXIES.actions[ProxyEvent(row.event)].history}
            for row in proxies.proxy_history(intake=intake)
        ],
        "progress": public_progress(intake.case),
        "forms": forms,
        "hand_over": _may_hand_over(intake, request.user),
    }
    status = 400 if failed is not None else 200
    return render(
        request, "cases/workbench/crossregion_detail.html", context, status=status
    )


def _may_hand_over(intake: ProxyIntake, user: object) -> bool:
    """The receiving clerk hands the result over with the case's own ``deliver`` once
    the result has arrived at the hall (the case page is the handling side's)."""
    return (
        intake.state in AT_THE_RECEIVING_HALL
        and intake.delivery == Delivery.RECEIVING_HALL
        and any(a.event == Event.DELIVER for a in CASES.allowed(intake.case, user))
    )


@staff_required
@require_POST
def proxy_hand_over(request: HttpRequest, uuid: str) -> HttpResponse:
    intake = proxies.proxy_get_for(user=request.user, uuid=uuid)
    here = reverse("cases:proxy-detail", kwargs={"uuid": intake.case.uuid})
    if not _may_hand_over(intake, request.user):
        raise not_found()
    form = ProxyNoteForm(request.POST, prefix="hand_over")
    if form.is_valid():
        try:
            done = call_service(
                form,
                lambda: case_transition(
                    case=intake.case,
                    event=Event.DELIVER,
                    actor=request.user,
                    data={"method": "pickup", **form.to_data()},
                ),
            )
        except Conflict as error:
            return conflict_redirect(request, error, here)
        if done is not None:
            messages.success(request, _("The result was handed over."))
            return redirect(here)
    return _render(request, intake, failed=form)


@staff_required
@require_POST
def proxy_action(request: HttpRequest, uuid: str, event: str) -> HttpResponse:
    intake = proxies.proxy_get_for(user=request.user, uuid=uuid)
    declared = PROXIES.by_slug(event)
    if declared is None:
        raise not_found()
    here = reverse("cases:proxy-detail", kwargs={"uuid": intake.case.uuid})
    form = _form_for(declared.event, request.POST)
    if form.is_valid():
        try:
            done = call_service(
                form,
                lambda: proxy_transition(
                    intake=intake,
                    event=declared.event,
                    actor=request.user,
                    data=form.to_data(),
                ),
            )
        except Conflict as error:
            return conflict_redirect(request, error, here)
        if done is not None:
            messages.success(request, _("Saved: {what}.").format(what=declared.history))
            return redirect(here)
    return _render(request, intake, failed=form)

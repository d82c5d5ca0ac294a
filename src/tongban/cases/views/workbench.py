"""Workbench pages: the queue in the user's scope, one case (form data, materials, history,
deadlines, notices) with the actions the user may take, each action's POST, and a viewer
for the case's stored materials."""

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tongban.cases import presentation, selectors, selectors_crossregion
from tongban.cases.domain.workflow import Event, State
from tongban.cases.events import action_of
from tongban.cases.forms.workbench import (
    DeliverForm,
    MaterialsForm,
    QueueFilterForm,
    SupplementRequestForm,
    SuspendForm,
    VerifyMaterialForm,
)
from tongban.cases.models import DELIVERY_LABELS
from tongban.cases.services.actions import case_complete_tolerated, case_supplement
from tongban.cases.services.documents import case_read
from tongban.cases.services.transition import case_transition
from tongban.cases.services.verification import case_material_verify
from tongban.cases.views.common import (
    Conflict,
    call_service,
    conflict_redirect,
    file_response,
    staff_required,
)
from tongban.core.permissions import Perm, not_found, require_any

QUEUE_PAGE_SIZE = 50


@staff_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    require_any(request.user, Perm.CASE_VIEW)
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    cases = selectors.case_queue_for(
        user=request.user,
        state=filters.get("state") or None,
        item=(filters.get("item") or "").strip().upper() or None,
        light_filter=filters.get("light") or None,
        assigned_to_me=bool(filters.get("mine")),
    )
    page, after = selectors.case_queue_page(
        cases, after=request.GET.get("after"), size=QUEUE_PAGE_SIZE
    )
    # 代收 marker: the hall that took a case in for this organisation (one query a page).
    received_at = selectors_crossregion.proxy_case_ids(case_ids=[c.pk for c in page])
    return render(
        request,
        "cases/workbench/queue.html",
        {
            "form": form,
            "after": after,
            "first_page": bool(request.GET.get("after")),
            "rows": _queue_rows(page, received_at),
            "query": _query_without_cursor(request),
        },
    )


# A case's link is this one with the case's UUID in place of the nil UUID's digits.
_NIL = uuid.UUID(int=0)


def _queue_rows(page: list[Any], received_at: dict[int, str]) -> list[dict[str, Any]]:
    """What each row of the queue shows, as plain strings made here: one link reversed
    for the page, each label translated once a page, dates as ISO text. In the template
    each of the 50 rows otherwise walked ``case.implementation.basic_item.name`` and
    the like, translated the same words and formatted dates row by row (over half of
    the page's rendering, issue 12)."""
    link = reverse("cases:workbench-case", args=[_NIL])
    states: dict[str, str] = {}
    lights = {light: str(label) for light, label in presentation.LIGHT_LABELS.items()}
    rows = []
    for case in page:
        light = selectors.case_light(case)
        state = states.get(case.state)
        if state is None:
            state = states[case.state] = str(presentation.state_label(case.state))
        due = case.promised_due or case.statutory_due
        answer_by = (
            case.acceptance_due
            if due is None
            and case.state == State.SUBMITTED
            and case.acceptance_due
            and not case.supplement_rounds
            else None
        )
        implementation = case.implementation
        rows.append(
            {
                "case": case,
                "number": case.number,
                "url": link.replace(str(_NIL), str(case.uuid)),
                "item_name": implementation.basic_item.name,
                "item_code": implementation.code,
                "applicant": case.applicant.name,
                "state": state,
                "due": due.isoformat() if due else None,
                "statutory": due is not None and not case.promised_due,
                "provisional": due is not None and case.deadline_provisional,
                "answer_by": answer_by.isoformat() if answer_by else None,
                "light": light,
                "light_label": lights.get(light) if light else None,
                "proxy_hall": received_at.get(case.pk),
            }
        )
    return rows


def _query_without_cursor(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("after", None)
    return query.urlencode()


def _form_class(event: str) -> Any:
    """The workbench form of ``event`` as its declaration names it, or ``None``."""
    if event == presentation.VERIFY_MATERIAL:
        return VerifyMaterialForm
    declared = action_of(event)
    return declared.form if declared else None


def _action_form(event: str, case: Any, data: Any = None, files: Any = None) -> Any:
    form_class: Any = _form_class(event)
    prefix = event
    if form_class in (SupplementRequestForm, SuspendForm):
        return form_class(data, files, case=case, prefix=prefix)
    if form_class is VerifyMaterialForm:
        materials = presentation.verifiable_materials(case)
        return form_class(data, files, materials=materials, prefix=prefix)
    if form_class is MaterialsForm:
        materials = (
            [i.material for i in selectors.case_open_supplement_items(case=case)]
            if event == Event.SUPPLEMENT
            else [
                m.material
                for m in selectors.case_materials(case=case)
                if m.tolerated and not m.file_id and not m.original_seen
            ]
        )
        return form_class(
            data, files, materials=[m for m in materials if m], prefix=prefix
        )
    if form_class is DeliverForm:
        # The way the applicant chose on the form (结果领取方式) comes pre-selected.
        chosen = (case.form_data or {}).get("delivery_method")
        initial = {"method": chosen} if chosen in DELIVERY_LABELS else {}
        return form_class(data, files, prefix=prefix, initial=initial)
    return form_class(data, files, prefix=prefix)


def _render_case(
    request: HttpRequest, case: Any, bound: Any = None, status: int = 200
) -> HttpResponse:
    allowed = presentation.staff_actions(case, request.user)
    if bound is not None and bound.prefix not in allowed:
        for error in bound.non_field_errors():
            messages.error(request, error)
    actions = []
    for event in allowed:
        form = bound if bound is not None and bound.prefix == event else None
        form = form or _action_form(event, case)
        if isinstance(form, MaterialsForm) and not form.fields:
            continue  # nothing named to supply (e.g. no materials to follow)
        actions.append(
            {
                "event": event,
                "label": presentation.ACTION_LABELS[event],
                "form": form,
                "open": form is bound,
            }
        )
    context = {
        "case": case,
        "state": presentation.state_label(case.state),
        "timeline": presentation.timeline(case),
        "deadlines": presentation.deadlines(case),
        "notices": presentation.notices(case),
        "materials": presentation.material_rows(case),
        "form_rows": presentation.form_rows(case, request.user),
        "actions": actions,
        "proxy": selectors_crossregion.proxy_for_case(
            case=case
        ),  # 代收: the courier legs
        "blocked": [
            {"event": event, "label": presentation.ACTION_LABELS[event], "reasons": why}
            for event, why in presentation.staff_blocked_actions(case, request.user)
        ],
    }
    return render(request, "cases/workbench/case.html", context, status=status)


@staff_required
@require_GET
def case_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, uuid=uuid)
    case_read(actor=request.user, case=case, what="case")
    return _render_case(request, case)


def _perform(event: str, case: Any, user: Any, form: Any) -> Any:
    if event == Event.SUPPLEMENT:
        return case_supplement(case=case, actor=user, uploads=form.uploads())
    if event == presentation.VERIFY_MATERIAL:
        return case_material_verify(
            case=case,
            actor=user,
            material_id=form.cleaned_data.get("material") or 0,
            reference=form.cleaned_data.get("reference") or "",
        )
    if event == Event.COMPLETE_TOLERATED:
        return case_complete_tolerated(
            case=case,
            actor=user,
            uploads=form.uploads(),
            originals_seen=form.originals(),
        )
    return case_transition(case=case, event=event, actor=user, data=form.to_data())


@staff_required
@require_POST
def case_action(request: HttpRequest, uuid: str, event: str) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, uuid=uuid)
    if _form_class(event) is None:
        raise not_found()
    here = reverse("cases:workbench-case", kwargs={"uuid": case.uuid})
    form = _action_form(event, case, request.POST, request.FILES)
    if form.is_valid():
        try:
            done = call_service(form, lambda: _perform(event, case, request.user, form))
        except Conflict as error:
            return conflict_redirect(request, error, here)
        if done is not None:
            messages.success(
                request,
                _("Done: {action}.").format(action=presentation.ACTION_LABELS[event]),
            )
            return redirect(here)
    case = selectors.case_get_for(user=request.user, uuid=uuid)
    return _render_case(request, case, bound=form, status=400)


@staff_required
@require_GET
def material_file(request: HttpRequest, uuid: str, file: str) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, uuid=uuid)
    stored = selectors.case_material_file(case=case, file_uuid=file)
    case_read(actor=request.user, case=case, what=f"material:{stored.uuid}")
    return file_response(stored)

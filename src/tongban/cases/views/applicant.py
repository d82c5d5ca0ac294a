"""The applicant's pages: apply online from a guide (with a draft to save and continue), the submitted page with the number
and query code, my cases, one case (timeline, deadlines, notices), supplement, withdraw."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongban.cases import presentation, selectors
from tongban.cases.domain.workflow import Event, State
from tongban.cases.forms.applicant import (
    SupplementForm,
    ToleratedMaterialsForm,
    WithdrawForm,
)
from tongban.cases.forms.common import ApplicationForm
from tongban.cases.presentation_bundles import held_label
from tongban.cases.selectors_bundles import sub_cases_of
from tongban.cases.services import fees
from tongban.cases.services.actions import case_complete_tolerated, case_supplement
from tongban.cases.services.drafts import draft_discard, draft_save, draft_submit
from tongban.cases.services.shared_materials import shared_prefill
from tongban.cases.services.transition import case_transition
from tongban.cases.views.common import (
    Conflict,
    applicant_required,
    call_service,
    conflict_redirect,
    online_channel,
    posted,
    remember_query_code,
    remembered_query_code,
)
from tongban.catalog import selectors as catalog_selectors
from tongban.core.permissions import not_found
from tongban.payments.adapter import PaymentUnavailable


def _language() -> str:
    """Notices follow the language the applicant is using when applying."""
    language = get_language() or settings.LANGUAGE_CODE
    return language if language in settings.LANGUAGE_CODES else settings.LANGUAGE_CODE


def _application_form(
    request: HttpRequest, version: Any, draft: Any
) -> ApplicationForm:
    """The form, pre-filled from the applicant's draft (then shared data, then their
    profile), offering their files again."""
    applicant = getattr(request.user, "applicant", None)
    prefill = {}
    if request.method == "GET":  # a POST carries the values the applicant saw
        prefill = shared_prefill(
            version=version, applicant=applicant, actor=request.user
        )
    return ApplicationForm(
        *posted(request),
        version=version,
        applicant=applicant,
        prefill=prefill,
        draft_form=draft.form_data if draft is not None else None,
        draft_files=selectors.draft_files(draft=draft),
        draft_consents=draft.consents if draft is not None else None,
        earlier=selectors.earlier_files_for(
            user=request.user, names=[m.name for m in version.materials.all()]
        ),
    )


def _save_draft(request: HttpRequest, form: ApplicationForm, code: str) -> bool:
    done = call_service(
        form,
        lambda: draft_save(
            actor=request.user,
            implementation_code=code,
            form_data=form.form_data(),
            uploads=form.uploads(),
            stored_files=form.stored_files(),
            consents=form.consents(),
        ),
    )
    if done is not None:
        messages.success(
            request,
            _("Your draft was saved. Come back to this page to continue it."),
        )
    return done is not None


@applicant_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, code: str) -> HttpResponse:
    """Apply online; the buttons save a draft (required fields not checked), discard it,
    or submit (which deletes the draft)."""
    version = catalog_selectors.public_guide(code=code)
    if not version.implementation.accepts_applications:
        raise not_found()  # the office's own acts (行政处罚 …) are not applied for
    code = version.implementation.code
    draft = selectors.draft_get_for(user=request.user, implementation_code=code)
    form = _application_form(request, version, draft)
    action = request.POST.get("action", "submit")
    if request.method == "POST" and action == "discard":
        draft_discard(actor=request.user, implementation_code=code)
        messages.success(request, _("Your draft was discarded."))
        return redirect("cases:apply", code=code)
    if request.method == "POST" and form.is_valid():
        if action == "draft":
            if _save_draft(request, form, code):
                return redirect("cases:apply", code=code)
        else:
            try:
                result = call_service(
                    form,
                    lambda: draft_submit(
                        actor=request.user,
                        implementation_code=code,
                        client_key=form.cleaned_data["client_key"],
                        form_data=form.form_data(),
                        materials=form.materials(),
                        language=_language(),
                        channel=online_channel(request),
                    ),
                )
            except Conflict as error:  # a client key reused: start again with a new one
                messages.error(request, str(error))
                return redirect("cases:apply", code=code)
            if result is not None:
                case, query_code = result
                remember_query_code(request, case, query_code)
                return redirect("cases:submitted", uuid=case.uuid)
    context = {
        "form": form,
        "version": version,
        "item": version.implementation.basic_item,
        "draft": draft,
    }
    return render(
        request, "cases/apply.html", context, status=400 if form.errors else 200
    )


@applicant_required
@require_GET
def submitted(request: HttpRequest, uuid: str) -> HttpResponse:
    case = selectors.case_get_own(user=request.user, uuid=uuid)
    return render(
        request,
        "cases/submitted.html",
        {
            "case": case,
            "query_code": remembered_query_code(request, case),
            "fee_step": fees.fee_step(case),
        },
    )


@applicant_required
@require_GET
def my_cases(request: HttpRequest) -> HttpResponse:
    cases = list(selectors.case_list_for_applicant(user=request.user))
    drafts = selectors.draft_list_for_applicant(user=request.user)
    # A later step of a bundle is stored in draft until the steps before it close: it is
    # shown as waiting for the step that runs now (or as never to start, when an item
    # before it gave no result), not as a draft of the applicant's.
    parts = sub_cases_of(cases=cases)
    rows = []
    for case in cases:
        part = parts.get(case.pk)
        held = part.held if part else None
        rows.append((case, held, held_label(held) if held else None))
    return render(request, "cases/my_cases.html", {"rows": rows, "drafts": drafts})


def _state(case: Any) -> Any:
    """The case's state in words; a held bundle sub-case as on "my cases"."""
    part = (
        sub_cases_of(cases=[case]).get(case.pk) if case.state == State.DRAFT else None
    )
    if part is not None and part.held is not None:
        return held_label(part.held)
    return presentation.state_label(case.state)


def _case_context(request: HttpRequest, case: Any) -> dict[str, Any]:
    return {
        "case": case,
        "state": _state(case),
        "timeline": presentation.timeline(case),
        "deadlines": presentation.deadlines(case),
        "notices": presentation.notices(case),
        "materials": presentation.material_rows(case),
        "may_withdraw": presentation.applicant_may(case, request.user, Event.WITHDRAW),
        "may_supplement": presentation.applicant_may(case, request.user, "supplement"),
        "fee_step": fees.fee_step(case),
    }


@applicant_required
@require_http_methods(["GET", "POST"])
def my_case(request: HttpRequest, uuid: str) -> HttpResponse:
    """The case page; POST answers the one-time supplement notice, or sends the materials
    accepted as missing (容缺) when the form says ``form=tolerated``."""
    case = selectors.case_get_own(user=request.user, uuid=uuid)
    context = _case_context(request, case)
    if request.method == "POST" and request.POST.get("form") == "tolerated":
        return _tolerated(request, case, context)
    items = list(selectors.case_open_supplement_items(case=case))
    form = None
    if context["may_supplement"]:
        form = SupplementForm(*posted(request), items=items)
    if request.method == "POST":
        if form is None:
            messages.error(request, _("There is nothing to supplement on this case."))
            return redirect("cases:my-case", uuid=case.uuid)
        if form.is_valid():
            try:
                done = call_service(
                    form,
                    lambda: case_supplement(
                        case=case,
                        actor=request.user,
                        uploads=form.uploads(),
                        form_data=form.form_data(),
                    ),
                )
            except Conflict as error:
                return conflict_redirect(request, error, request.path)
            if done is not None:
                messages.success(request, _("Thank you. Your supplement was received."))
                return redirect("cases:my-case", uuid=case.uuid)
    context.update({"supplement_items": items, "supplement_form": form})
    context["tolerated_form"] = _tolerated_form(request, case, bound=False)
    status = 400 if form is not None and form.errors else 200
    return render(request, "cases/my_case.html", context, status=status)


def _tolerated_form(
    request: HttpRequest, case: Any, *, bound: bool
) -> ToleratedMaterialsForm | None:
    missing = list(selectors.case_tolerated_missing(case=case))
    if not missing or not presentation.applicant_may(
        case, request.user, "complete_tolerated"
    ):
        return None
    args = posted(request) if bound else ()
    return ToleratedMaterialsForm(*args, materials=missing)


def _tolerated(
    request: HttpRequest, case: Any, context: dict[str, Any]
) -> HttpResponse:
    form = _tolerated_form(request, case, bound=True)
    if form is None:
        messages.error(
            request, _("No materials are waiting to be supplied on this case.")
        )
        return redirect("cases:my-case", uuid=case.uuid)
    if form.is_valid():
        try:
            done = call_service(
                form,
                lambda: case_complete_tolerated(
                    case=case, actor=request.user, uploads=form.uploads()
                ),
            )
        except Conflict as error:
            return conflict_redirect(request, error, request.path)
        if done is not None:
            messages.success(
                request, _("Thank you. The missing materials were received.")
            )
            return redirect("cases:my-case", uuid=case.uuid)
    context.update(
        {"supplement_items": [], "supplement_form": None, "tolerated_form": form}
    )
    return render(request, "cases/my_case.html", context, status=400)


@applicant_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, uuid: str) -> HttpResponse:
    """Withdrawal asks for confirmation first (GET shows what it means, POST does it)."""
    case = selectors.case_get_own(user=request.user, uuid=uuid)
    if not presentation.applicant_may(case, request.user, Event.WITHDRAW):
        messages.error(request, _("This case can no longer be withdrawn."))
        return redirect("cases:my-case", uuid=case.uuid)
    form = WithdrawForm(*posted(request)[:1])
    if request.method == "POST" and form.is_valid():
        try:
            done = call_service(
                form,
                lambda: case_transition(
                    case=case,
                    event=Event.WITHDRAW,
                    actor=request.user,
                    data=form.cleaned_data,
                ),
            )
        except Conflict as error:
            return conflict_redirect(
                request, error, reverse("cases:my-case", kwargs={"uuid": case.uuid})
            )
        if done is not None:
            messages.success(request, _("Your application was withdrawn."))
            return redirect("cases:my-case", uuid=case.uuid)
    return render(request, "cases/withdraw.html", {"case": case, "form": form})


@applicant_required
@require_POST
def pay(request: HttpRequest, uuid: str) -> HttpResponse:
    """The payment step: to the payment platform's page for the case's fees."""
    case = selectors.case_get_own(user=request.user, uuid=uuid)
    step = fees.fee_step(case)
    if step is None or not step["outstanding"] or not step["online"]:
        messages.info(request, _("There is nothing to pay online for this case."))
        return redirect("cases:my-case", uuid=case.uuid)
    try:
        order = fees.fee_order_open(
            case=case,
            actor=request.user,
            notify_url=request.build_absolute_uri(reverse("payments:notify")),
            return_url=request.build_absolute_uri(
                reverse("cases:my-case", args=[case.uuid])
            ),
        )
    except PaymentUnavailable:
        messages.error(
            request,
            _("The payment platform cannot be reached just now. Try again later."),
        )
        return redirect("cases:my-case", uuid=case.uuid)
    return HttpResponseRedirect(order.pay_url)

"""Counter intake (综合窗口 帮办): the clerk finds the service, finds or registers the
applicant, fills the form with the applicant, scans the materials and ticks the paper
originals seen, submits on the applicant's behalf and prints the receipt."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from tongban.accounts import selectors as account_selectors
from tongban.accounts import services as account_services
from tongban.cases import selectors
from tongban.cases.forms.common import ApplicationForm
from tongban.cases.forms.workbench import (
    ApplicantFindForm,
    ApplicantRegisterForm,
    ItemSearchForm,
)
from tongban.cases.services.submit import case_submit
from tongban.cases.views.common import (
    Conflict,
    call_service,
    posted,
    remember_query_code,
    remembered_query_code,
    staff_required,
)
from tongban.catalog import selectors as catalog_selectors
from tongban.catalog.domain.tables import APPLICATION_ITEM_TYPES
from tongban.catalog.search import get_search
from tongban.core.permissions import Perm, not_found, require_any
from tongban.regions import selectors as region_selectors

RESULTS = 20
WINDOW_KEY = "intake_window"  # the clerk's window, remembered for the next applicant


def _intake_window(request: HttpRequest) -> Any:
    """The window the clerk chose on the form (remembered in the session), in scope."""
    chosen = str(request.POST.get("window", ""))
    if not chosen.isdigit() or len(chosen) > 12:
        request.session.pop(WINDOW_KEY, None)
        return None
    window = region_selectors.window_get_for(
        user=request.user, window_id=int(chosen), permission=Perm.CASE_INTAKE
    )
    request.session[WINDOW_KEY] = window.pk
    return window


def _applied_for(code: str) -> Any:
    """The live guide of a service applicants apply for; 404 for the office's own acts."""
    version = catalog_selectors.public_guide(code=code)
    if not version.implementation.accepts_applications:
        raise not_found()
    return version


@staff_required
@require_GET
def intake(request: HttpRequest) -> HttpResponse:
    """Step 1: the service, by implementation code or name, among those in the clerk's
    intake scope."""
    require_any(request.user, Perm.CASE_INTAKE)
    form = ItemSearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        in_scope = catalog_selectors.implementation_list_for(
            user=request.user, permission=Perm.CASE_INTAKE
        )
        results = (
            get_search()
            .search(form.cleaned_data["q"])
            .filter(
                implementation__in=in_scope,
                implementation__basic_item__item_type__in=APPLICATION_ITEM_TYPES,
            )[:RESULTS]
        )
    return render(
        request, "cases/workbench/intake.html", {"form": form, "results": results}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def intake_applicant(request: HttpRequest, code: str) -> HttpResponse:
    """Step 2: find the applicant by ID type and number, or register them. Both are
    POSTs, so the ID number stays out of URLs and access logs; a lookup is for a service in
    the clerk's intake scope, and is audited with that service as its purpose."""
    require_any(request.user, Perm.CASE_INTAKE)
    version = _applied_for(code)
    in_scope = catalog_selectors.implementation_list_for(
        user=request.user, permission=Perm.CASE_INTAKE
    )
    if not in_scope.filter(pk=version.implementation.pk).exists():
        raise not_found()
    finding = request.method == "POST" and request.POST.get("action") == "find"
    find = ApplicantFindForm(request.POST if finding else None)
    register = None
    if finding and find.is_valid():
        found = account_services.applicant_lookup(
            actor=request.user,
            id_type=find.cleaned_data["id_type"],
            id_number=find.cleaned_data["id_number"],
            purpose=f"counter intake: {version.implementation.code}",
        )
        if found is not None:
            return redirect("cases:intake-form", code=code, applicant=found.uuid)
        register = ApplicantRegisterForm(initial=find.cleaned_data)
    elif request.method == "POST" and not finding:
        register = ApplicantRegisterForm(request.POST)
        if register.is_valid():
            applicant = _register_applicant(request, register)
            if applicant is not None:
                return redirect(
                    "cases:intake-form", code=code, applicant=applicant.uuid
                )
    context = {
        "version": version,
        "item": version.implementation.basic_item,
        "find": find,
        "register": register,
    }
    status = 400 if register is not None and register.errors else 200
    return render(
        request, "cases/workbench/intake_applicant.html", context, status=status
    )


def _register_applicant(request: HttpRequest, register: ApplicantRegisterForm) -> Any:
    data = register.cleaned_data
    return call_service(
        register,
        lambda: account_services.applicant_register(
            actor=request.user,
            applicant_type="organisation" if data["id_type"] == "001" else "person",
            name=data["name"],
            id_type=data["id_type"],
            id_number=data["id_number"],
            phone=data["phone"],
        ),
    )


@staff_required
@require_http_methods(["GET", "POST"])
def intake_form(request: HttpRequest, code: str, applicant: str) -> HttpResponse:
    """Step 3: the application with the applicant, materials scanned or seen on paper."""
    require_any(request.user, Perm.CASE_INTAKE)
    version = _applied_for(code)
    person = account_selectors.applicant_get_for(user=request.user, uuid=applicant)
    form = ApplicationForm(
        *posted(request),
        version=version,
        applicant=person,
        counter=True,
    )
    if request.method == "POST" and form.is_valid():
        window = _intake_window(request)
        try:
            result = call_service(
                form,
                lambda: case_submit(
                    actor=request.user,
                    implementation_code=version.implementation.code,
                    client_key=form.cleaned_data["client_key"],
                    form_data=form.form_data(),
                    materials=form.materials(),
                    applicant=person,
                    # 申报来源 4: the application came in by courier, not over the counter.
                    channel="post"
                    if request.POST.get("received_by_post")
                    else "counter",
                    window=window,
                ),
            )
        except Conflict as error:  # a client key reused: start again with a new one
            messages.error(request, str(error))
            return redirect(request.path)
        if result is not None:
            case, query_code = result
            remember_query_code(request, case, query_code)
            return redirect("cases:intake-receipt", uuid=case.uuid)
    context = {
        "form": form,
        "version": version,
        "item": version.implementation.basic_item,
        "applicant": person,
        "windows": region_selectors.window_list_for(
            user=request.user, permission=Perm.CASE_INTAKE
        ),
        "window_chosen": request.session.get(WINDOW_KEY),
    }
    status = 400 if form.errors else 200
    return render(request, "cases/workbench/intake_form.html", context, status=status)


@staff_required
@require_GET
def intake_receipt(request: HttpRequest, uuid: str) -> HttpResponse:
    """The printable receipt (收件凭证) handed to the applicant."""
    case = selectors.case_get_for(user=request.user, uuid=uuid)
    context = {
        "case": case,
        "query_code": remembered_query_code(request, case),
        "materials": selectors.case_materials(case=case),
    }
    return render(request, "cases/workbench/intake_receipt.html", context)

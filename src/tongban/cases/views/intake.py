"""Counter intake (综合窗口 帮办): the clerk finds the service, finds or registers the
applicant, fills the form with the applicant, scans the materials and ticks the paper
originals seen, submits on the applicant's behalf and prints the receipt."""

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from tongban.accounts import selectors as account_selectors
from tongban.accounts import services as account_services
from tongban.appointments import selectors as queue_selectors
from tongban.appointments import services as queue_services
from tongban.cases import selectors
from tongban.cases import selectors_crossregion as proxies
from tongban.cases.forms.common import ApplicationForm
from tongban.cases.forms.crossregion import ProxyIntakeForm
from tongban.cases.forms.workbench import (
    ApplicantFindForm,
    ApplicantRegisterForm,
    ItemSearchForm,
)
from tongban.cases.services.crossregion import ProxyIntent
from tongban.cases.services.documents import case_read
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
from tongban.catalog import selectors_bundles as catalog_bundles
from tongban.catalog.domain.tables import APPLICATION_ITEM_TYPES
from tongban.catalog.search import get_search
from tongban.core.permissions import Perm, not_found, require_any
from tongban.regions import selectors as region_selectors

RESULTS = 20
TICKET_KEY = "tongban_intake_ticket"  # the called number an intake was started from
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
    ticket = _remember_ticket(request)
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
    context = {
        "form": form,
        "results": results,
        "ticket": ticket,
        "bundles": catalog_bundles.bundle_list_published(),
    }
    return render(request, "cases/workbench/intake.html", context)


def _remember_ticket(request: HttpRequest) -> Any:
    """The called number the clerk starts this intake from (``?ticket=``, kept in the
    session until the case is submitted); a fresh intake without one forgets it."""
    if "ticket" in request.GET:
        ticket = queue_selectors.ticket_at_desk_for(
            user=request.user, uuid=_uuid_or_none(request.GET["ticket"])
        )
        request.session[TICKET_KEY] = str(ticket.uuid) if ticket else None
        return ticket
    if not request.GET.get("q"):
        request.session.pop(TICKET_KEY, None)
        return None
    return _remembered_ticket(request)


def _remembered_ticket(request: HttpRequest) -> Any:
    key = request.session.get(TICKET_KEY)
    if not key:
        return None
    return queue_selectors.ticket_at_desk_for(user=request.user, uuid=key)


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _link_ticket(request: HttpRequest, case: Any) -> None:
    """The case taken in from a called number is recorded on that number."""
    ticket = _remembered_ticket(request)
    request.session.pop(TICKET_KEY, None)
    if ticket is not None:
        queue_services.ticket_case_link(
            actor=request.user, ticket=ticket, case_number=case.number
        )


@staff_required
@require_http_methods(["GET", "POST"])
def intake_applicant(request: HttpRequest, code: str) -> HttpResponse:
    """Step 2: find the applicant by ID type and number, or register them. Both are
    POSTs, so the ID number stays out of URLs and access logs; a lookup is for a service in
    the clerk's intake scope, and is audited with that service as its purpose."""
    require_any(request.user, Perm.CASE_INTAKE)
    version = _applied_for(code)
    if not _own_service(request, version) and not _proxy_halls(request, version):
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


def _own_service(request: HttpRequest, version: Any) -> bool:
    in_scope = catalog_selectors.implementation_list_for(
        user=request.user, permission=Perm.CASE_INTAKE
    )
    return in_scope.filter(pk=version.implementation.pk).exists()


def _proxy_halls(request: HttpRequest, version: Any) -> list[Any]:
    """The clerk's halls that may take ``version`` in for its region (跨域通办), or ``[]``."""
    receivable = proxies.proxy_services_for(
        user=request.user, query=version.implementation.code
    )
    if not any(v.pk == version.pk for v in receivable):
        return []
    return proxies.receiving_halls_for(user=request.user)


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
    halls = [] if _own_service(request, version) else _proxy_halls(request, version)
    proxy_form = ProxyIntakeForm(request.POST or None, halls=halls) if halls else None
    if (
        request.method == "POST"
        and form.is_valid()
        and (proxy_form is None or proxy_form.is_valid())
    ):
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
                    proxy=_intent(proxy_form),
                    window=window,
                ),
            )
        except Conflict as error:  # a client key reused: start again with a new one
            messages.error(request, str(error))
            return redirect(request.path)
        if result is not None:
            case, query_code = result
            _link_ticket(request, case)
            remember_query_code(request, case, query_code)
            return redirect("cases:intake-receipt", uuid=case.uuid)
    context = {
        "form": form,
        "version": version,
        "item": version.implementation.basic_item,
        "applicant": person,
        "proxy_form": proxy_form,
        "ticket": _remembered_ticket(request),
        "windows": region_selectors.window_list_for(
            user=request.user, permission=Perm.CASE_INTAKE
        ),
        "window_chosen": request.session.get(WINDOW_KEY),
    }
    status = 400 if form.errors or (proxy_form and proxy_form.errors) else 200
    return render(request, "cases/workbench/intake_form.html", context, status=status)


def _intent(proxy_form: ProxyIntakeForm | None) -> ProxyIntent | None:
    if proxy_form is None:
        return None
    data = proxy_form.cleaned_data
    return ProxyIntent(
        hall=proxy_form.chosen_hall(),
        delivery=data["delivery"],
        delivery_address=data["delivery_address"],
    )


@staff_required
@require_GET
def intake_receipt(request: HttpRequest, uuid: str) -> HttpResponse:
    """The printable receipt (收件凭证) handed to the applicant."""
    try:
        case = selectors.case_get_for(user=request.user, uuid=uuid)
    except Http404:  # taken in here for another region: the receiving side's part
        case = proxies.proxy_get_for(user=request.user, uuid=uuid).case
    case_read(actor=request.user, case=case, what="receipt", purpose="print")
    context = {
        "case": case,
        "query_code": remembered_query_code(request, case),
        "materials": selectors.case_materials(case=case),
    }
    return render(request, "cases/workbench/intake_receipt.html", context)

"""一件事 pages: the applicant applies for a bundle with one form and follows the bundle
case with its sub-cases; the counter clerk takes a bundle in for an applicant the same way
and hands every result over at once (统一出件)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongban.accounts import selectors as account_selectors
from tongban.accounts import services as account_services
from tongban.cases import presentation
from tongban.cases.forms.bundles import BundleApplicationForm
from tongban.cases.forms.workbench import ApplicantFindForm
from tongban.cases.models import DELIVERY_LABELS
from tongban.cases.presentation_bundles import BUNDLE_STATUS_LABELS
from tongban.cases.selectors_bundles import (
    bundle_case_get_for,
    bundle_case_list_for_applicant,
    bundle_case_view,
    bundle_notice_list,
)
from tongban.cases.services.bundles import bundle_case_deliver, bundle_case_submit
from tongban.cases.views.applicant import _language
from tongban.cases.views.common import (
    Conflict,
    applicant_required,
    call_service,
    online_channel,
    posted,
    remember_query_code,
    remembered_query_code,
    staff_required,
)
from tongban.cases.views.intake import WINDOW_KEY, _intake_window
from tongban.catalog import selectors_bundles as catalog_bundles
from tongban.core.api.problems import Problem
from tongban.core.permissions import Perm, require_any
from tongban.regions import selectors as region_selectors

STATUS_LABELS = BUNDLE_STATUS_LABELS


def _resolved(code: str) -> Any:
    bundle = catalog_bundles.bundle_get_published(code=code)
    return catalog_bundles.bundle_resolve(bundle=bundle)


def _submit(
    request: HttpRequest, form: BundleApplicationForm, code: str, **extra: Any
) -> Any:
    try:
        return call_service(
            form,
            lambda: bundle_case_submit(
                actor=request.user,
                bundle_code=code,
                client_key=form.cleaned_data["client_key"],
                form_data=form.form_data(),
                materials=form.materials(),
                **extra,
            ),
        )
    except Conflict as error:
        messages.error(request, str(error))
        return None


@applicant_required
@require_http_methods(["GET", "POST"])
def bundle_apply(request: HttpRequest, code: str) -> HttpResponse:
    resolved = _resolved(code)
    applicant = getattr(request.user, "applicant", None)
    form = BundleApplicationForm(
        *posted(request), resolved=resolved, applicant=applicant
    )
    if request.method == "POST" and form.is_valid():
        result = _submit(
            request,
            form,
            code,
            language=_language(),
            channel=online_channel(request),
        )
        if result is not None:
            bundle_case, query_code = result
            remember_query_code(request, bundle_case, query_code)
            return redirect("cases:my-bundle", uuid=bundle_case.uuid)
    context = {"form": form, "resolved": resolved, "bundle": resolved.bundle}
    return render(
        request, "cases/bundle_apply.html", context, status=400 if form.errors else 200
    )


def _view_context(request: HttpRequest, bundle_case: Any) -> dict[str, Any]:
    view = bundle_case_view(bundle_case=bundle_case)
    return {
        "view": view,
        "bundle_case": bundle_case,
        "status": STATUS_LABELS[view.status],
        "parts": [
            {
                "view": part,
                "state": presentation.state_label(part.case.state),
                "deadlines": presentation.deadlines(part.case),
            }
            for part in view.parts
        ],
        "query_code": remembered_query_code(request, bundle_case),
        "delivery": DELIVERY_LABELS.get(bundle_case.delivery_method, ""),
        "notices": bundle_notice_list(bundle_case=bundle_case)[:20],
    }


@applicant_required
@require_GET
def my_bundle(request: HttpRequest, uuid: str) -> HttpResponse:
    bundle_case = bundle_case_get_for(user=request.user, uuid=uuid)
    return render(
        request, "cases/bundle_case.html", _view_context(request, bundle_case)
    )


@applicant_required
@require_GET
def my_bundles(request: HttpRequest) -> HttpResponse:
    rows = [
        (b, STATUS_LABELS[bundle_case_view(bundle_case=b).status])
        for b in bundle_case_list_for_applicant(user=request.user)[:50]
    ]
    return render(request, "cases/bundle_cases.html", {"rows": rows})


# -- the counter ---------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def intake_bundle(request: HttpRequest, code: str) -> HttpResponse:
    """The clerk finds the applicant (a POST: the ID number stays out of URLs), audited
    with the bundle as the purpose."""
    require_any(request.user, Perm.CASE_INTAKE)
    resolved = _resolved(code)
    find = ApplicantFindForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and find.is_valid():
        found = account_services.applicant_lookup(
            actor=request.user,
            id_type=find.cleaned_data["id_type"],
            id_number=find.cleaned_data["id_number"],
            purpose=f"counter intake: bundle {code}",
        )
        if found is not None:
            return redirect("cases:intake-bundle-form", code=code, applicant=found.uuid)
        find.add_error(
            None,
            _(
                "No applicant with this identity document is registered yet: register them through the intake of one item first."
            ),
        )
    context = {"resolved": resolved, "bundle": resolved.bundle, "find": find}
    return render(
        request,
        "cases/workbench/intake_bundle.html",
        context,
        status=400 if find.errors else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def intake_bundle_form(request: HttpRequest, code: str, applicant: str) -> HttpResponse:
    require_any(request.user, Perm.CASE_INTAKE)
    resolved = _resolved(code)
    person = account_selectors.applicant_get_for(user=request.user, uuid=applicant)
    form = BundleApplicationForm(
        *posted(request), resolved=resolved, applicant=person, counter=True
    )
    if request.method == "POST" and form.is_valid():
        result = _submit(
            request,
            form,
            code,
            applicant=person,
            channel="counter",
            window=_intake_window(request),
        )
        if result is not None:
            bundle_case, query_code = result
            remember_query_code(request, bundle_case, query_code)
            return redirect("cases:workbench-bundle", uuid=bundle_case.uuid)
    context = {
        "form": form,
        "resolved": resolved,
        "bundle": resolved.bundle,
        "applicant": person,
        "windows": region_selectors.window_list_for(
            user=request.user, permission=Perm.CASE_INTAKE
        ),
        "window_chosen": request.session.get(WINDOW_KEY),
    }
    return render(
        request,
        "cases/workbench/intake_bundle_form.html",
        context,
        status=400 if form.errors else 200,
    )


@staff_required
@require_GET
def workbench_bundle(request: HttpRequest, uuid: str) -> HttpResponse:
    bundle_case = bundle_case_get_for(user=request.user, uuid=uuid)
    context = {**_view_context(request, bundle_case), "methods": DELIVERY_LABELS}
    return render(request, "cases/workbench/bundle_case.html", context)


@staff_required
@require_POST
def workbench_bundle_deliver(request: HttpRequest, uuid: str) -> HttpResponse:
    bundle_case = bundle_case_get_for(user=request.user, uuid=uuid)
    method = request.POST.get("method", "")
    if method not in DELIVERY_LABELS:
        messages.error(request, _("Choose pickup, post or electronic delivery."))
        return redirect("cases:workbench-bundle", uuid=bundle_case.uuid)
    try:
        bundle_case_deliver(
            actor=request.user,
            bundle_case=bundle_case,
            method=method,
            reference=request.POST.get("reference", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except (PermissionDenied, Problem) as error:
        messages.error(request, str(getattr(error, "detail", "") or error))
    else:
        messages.success(request, _("Every result of this bundle was handed over."))
    return redirect("cases:workbench-bundle", uuid=bundle_case.uuid)

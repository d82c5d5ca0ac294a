"""Workbench pages of catalogue managers: an implementation with its versions and their
history, editing a draft (main fields, materials, form fields), the completeness score,
a staff-only preview of the draft as the public guide, submission, the review queue
(approve or reject with a comment) and publication with an effective date.

Views stay thin: they read through the scoped selectors (out of scope is "not found")
and write through the services, which check permissions, enforce the rules (a reviewer
never approves their own submission) and write the audit rows. Service errors are put
back on the form that caused them and the page is answered with the error's status.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongban.catalog import forms, presentation, selectors, services
from tongban.catalog.models import ImplementationVersion
from tongban.catalog.views import workbench_rows
from tongban.core.api.problems import Problem
from tongban.core.permissions import Perm, require_any
from tongban.regions import selectors as region_selectors

staff_only = login_required(login_url="accounts:staff-login")
Status = ImplementationVersion.Status
ServiceError = (ValidationError, Problem)


def _version(
    request: HttpRequest, uuid: Any, number: int, permission: str = Perm.CATALOG_VIEW
) -> ImplementationVersion:
    return selectors.version_get_for(
        user=request.user, uuid=uuid, number=number, permission=permission
    )


def _to_version(version: ImplementationVersion) -> HttpResponse:
    return redirect(
        "catalog:workbench-version", version.implementation.uuid, version.number
    )


@staff_only
@require_GET
def implementation_detail(request: HttpRequest, uuid: Any) -> HttpResponse:
    require_any(request.user, Perm.CATALOG_VIEW)
    implementation = selectors.implementation_get_for(user=request.user, uuid=uuid)
    history = selectors.version_history(implementation=implementation)
    context = {
        "implementation": implementation,
        "live": selectors.live_version(implementation=implementation),
        "open": selectors.version_open(implementation=implementation),
        "history": presentation.history_rows(history),
    }
    return render(request, "catalog/workbench/implementation.html", context)


@staff_only
@require_POST
def version_draft(request: HttpRequest, uuid: Any) -> HttpResponse:
    implementation = selectors.implementation_get_for(
        user=request.user, uuid=uuid, permission=Perm.CATALOG_MANAGE
    )
    summary = request.POST.get("change_summary", "").strip()[:300]
    try:
        draft = services.version_draft(
            actor=request.user, implementation=implementation, change_summary=summary
        )
    except ServiceError as error:
        for message in forms.error_form(error).non_field_errors():
            messages.error(request, str(message))
        return redirect("catalog:workbench-implementation", uuid)
    messages.success(request, _("A new draft was started from the live version."))
    return _to_version(draft)


def _version_page(
    request: HttpRequest,
    version: ImplementationVersion,
    status: int = 200,
    **forms_given: Any,
) -> HttpResponse:
    completeness = selectors.version_completeness(version)
    context = {
        "version": version,
        "implementation": version.implementation,
        "completeness": completeness,
        "missing": presentation.completeness_missing(completeness.missing),
        "child_sections": workbench_rows.sections(version),
        "edit_form": forms_given.get("edit_form") or forms.version_form(version),
        "action_form": forms_given.get("action_form"),
        "review_form": forms_given.get("review_form") or forms.ReviewForm(),
        "publish_form": forms_given.get("publish_form")
        or forms.PublishForm(initial={"effective_from": timezone.localdate()}),
    }
    return render(request, "catalog/workbench/version.html", context, status=status)


@staff_only
@require_http_methods(["GET", "POST"])
def version_detail(request: HttpRequest, uuid: Any, number: int) -> HttpResponse:
    """The version page; a POST saves the draft's main fields."""
    if request.method == "GET":
        return _version_page(request, _version(request, uuid, number))
    version = _version(request, uuid, number, Perm.CATALOG_MANAGE)
    form = forms.version_form(version, request.POST)
    if form.is_valid():
        try:
            services.version_update(
                actor=request.user, version=version, **form.changes()
            )
        except ServiceError as error:
            forms.show_service_error(form, error)
        else:
            messages.success(request, _("The draft was saved."))
            return _to_version(version)
    return _version_page(request, version, status=400, edit_form=form)


@staff_only
@require_GET
def version_preview(request: HttpRequest, uuid: Any, number: int) -> HttpResponse:
    """The version as the public guide would render it, for staff only."""
    version = _version(request, uuid, number)
    context = presentation.guide_context(version, short=False) | {"preview": True}
    return render(request, "catalog/guide.html", context)


@staff_only
@require_http_methods(["GET", "POST"])
def child_edit(
    request: HttpRequest, uuid: Any, number: int, kind: str, pk: int | None = None
) -> HttpResponse:
    """Add (no ``pk``) or edit a child row of a draft: a material, form field, fee,
    question or special procedure."""
    if kind not in forms.CHILD_FORM_FIELDS:
        raise Http404
    permission = Perm.CATALOG_MANAGE if request.method == "POST" else Perm.CATALOG_VIEW
    version = _version(request, uuid, number, permission)
    row = selectors.version_child(version=version, kind=kind, pk=pk) if pk else None
    form = forms.child_form(kind, request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            if row is None:
                services.child_add(
                    actor=request.user,
                    version=version,
                    kind=kind,
                    fields=form.changes(),
                )
            else:
                services.child_update(actor=request.user, child=row, **form.changes())
        except ServiceError as error:
            forms.show_service_error(form, error)
        else:
            messages.success(request, _("The draft was saved."))
            return _to_version(version)
    context = {
        "version": version,
        "form": form,
        "kind": kind,
        "child_kind": workbench_rows.BY_KIND[kind],
        "row": row,
    }
    status = 400 if form.errors else 200
    return render(request, "catalog/workbench/child.html", context, status=status)


@staff_only
@require_POST
def child_delete(
    request: HttpRequest, uuid: Any, number: int, kind: str, pk: int
) -> HttpResponse:
    version = _version(request, uuid, number, Perm.CATALOG_MANAGE)
    row = selectors.version_child(version=version, kind=kind, pk=pk)
    try:
        services.child_delete(actor=request.user, child=row)
    except Problem as error:
        messages.error(request, str(error.detail))
    else:
        messages.success(request, _("The draft was saved."))
    return _to_version(version)


@staff_only
@require_POST
def version_submit(request: HttpRequest, uuid: Any, number: int) -> HttpResponse:
    version = _version(request, uuid, number, Perm.CATALOG_MANAGE)
    try:
        services.version_submit(actor=request.user, version=version)
    except ServiceError as error:
        form = forms.error_form(error)
        return _version_page(request, version, status=400, action_form=form)
    messages.success(request, _("The version was submitted for review."))
    return _to_version(version)


@staff_only
@require_POST
def version_review(request: HttpRequest, uuid: Any, number: int) -> HttpResponse:
    """Approve or reject a submitted version (``decision`` = approve | reject)."""
    version = _version(request, uuid, number, Perm.CATALOG_REVIEW)
    form = forms.ReviewForm(request.POST)
    decision = request.POST.get("decision")
    if form.is_valid() and decision in ("approve", "reject"):
        review = (
            services.version_approve
            if decision == "approve"
            else services.version_reject
        )
        try:
            review(
                actor=request.user,
                version=version,
                comment=form.cleaned_data["comment"],
            )
        except ServiceError as error:
            forms.show_service_error(form, error)
            status = getattr(error, "status_code", 400)
            return _version_page(request, version, status=status, review_form=form)
        done = (
            _("The version was approved.")
            if decision == "approve"
            else _("The version was sent back to its author.")
        )
        messages.success(request, done)
        return redirect("catalog:workbench-review")
    return _version_page(request, version, status=400, review_form=form)


@staff_only
@require_POST
def version_publish(request: HttpRequest, uuid: Any, number: int) -> HttpResponse:
    version = _version(request, uuid, number, Perm.CATALOG_MANAGE)
    form = forms.PublishForm(request.POST)
    if form.is_valid():
        try:
            services.version_publish(
                actor=request.user,
                version=version,
                effective_from=form.cleaned_data["effective_from"],
            )
        except ServiceError as error:
            forms.show_service_error(form, error)
        else:
            messages.success(request, _("The version was published."))
            return _to_version(version)
    return _version_page(request, version, status=400, publish_form=form)


@staff_only
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    require_any(request.user, Perm.CATALOG_REVIEW)
    versions = selectors.versions_awaiting_review_for(user=request.user)[:200]
    return render(request, "catalog/workbench/review.html", {"versions": versions})


@staff_only
@require_http_methods(["GET", "POST"])
def item_new(request: HttpRequest) -> HttpResponse:
    """Start a new item: an implementation of a basic item (added to the basic
    catalogue first when its code is new) and its first draft."""
    require_any(request.user, Perm.CATALOG_MANAGE)
    organisations = region_selectors.organisation_list_for(
        user=request.user, permission=Perm.CATALOG_MANAGE
    ).order_by("division__code", "name")
    form = forms.NewItemForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.item_start(actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            forms.show_service_error(form, error)
        else:
            messages.success(
                request, _("The item was created; its first draft is open.")
            )
            return _to_version(draft)
    status = 400 if form.errors else 200
    return render(request, "catalog/workbench/new.html", {"form": form}, status=status)


@login_required(login_url="accounts:staff-login")
def workbench_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, Perm.CATALOG_VIEW)
    implementations = selectors.implementation_list_for(user=request.user)
    page = Paginator(implementations, 50).get_page(request.GET.get("page"))
    return render(request, "catalog/workbench/list.html", {"page": page})

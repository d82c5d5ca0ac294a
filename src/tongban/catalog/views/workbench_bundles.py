"""Workbench pages of 一件事 bundles for catalogue managers: the list of bundles with a form
for a new one; one bundle with its name and guide texts in the three languages, its items
by step (add a published item of the manager's area, move it to another step, remove it),
a preview of the merged form and checklist with what would stop publication, and the
publish and withdraw buttons.

Permissions as for the catalogue workbench: reading needs ``catalog.view`` somewhere;
every change goes through ``catalog.services.bundles``, which needs the region-wide
``catalog.manage`` and writes the audit row. A service's refusal is shown on the page in
the user's language with status 400 (403 for a permission), never a 500.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongban.catalog import forms_bundles
from tongban.catalog import selectors_bundles as selectors
from tongban.catalog.models import Bundle
from tongban.catalog.services import bundles as services
from tongban.core.forms import show_service_error
from tongban.core.permissions import Perm, require_any

staff_only = login_required(login_url="accounts:staff-login")


def _to_bundle(bundle: Bundle) -> HttpResponse:
    return redirect("catalog:workbench-bundle", bundle.code)


@staff_only
@require_http_methods(["GET", "POST"])
def bundle_list(request: HttpRequest) -> HttpResponse:
    """Every bundle; a POST creates a new one (code and name) as a draft."""
    require_any(request.user, Perm.CATALOG_VIEW)
    form = forms_bundles.bundle_new_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        content = form.changes()
        try:
            bundle = services.bundle_create(
                actor=request.user, code=content.pop("code"), **content
            )
        except ValidationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("The bundle was created as a draft."))
            return _to_bundle(bundle)
    context = {
        "bundles": selectors.bundle_list_all(),
        "form": form,
        "may_manage": services.bundle_may_manage(request.user),
    }
    status = 400 if form.errors else 200
    return render(request, "catalog/workbench/bundles.html", context, status=status)


def _page(
    request: HttpRequest, bundle: Bundle, status: int = 200, **given: Any
) -> HttpResponse:
    resolved = selectors.bundle_resolve(bundle=bundle)
    draft = bundle.status == Bundle.Status.DRAFT
    problems = [
        message
        for errors in services.publication_errors(resolved).values()
        for error in errors
        for message in error.messages
    ]
    context = {
        "bundle": bundle,
        "resolved": resolved,
        "steps": [
            (step, [p for p in resolved.parts if p.item.step == step])
            for step in resolved.steps
        ],
        "draft": draft,
        "may_manage": services.bundle_may_manage(request.user),
        "problems": problems,
        "text_form": given.get("text_form") or forms_bundles.bundle_text_form(bundle),
        "add_form": given.get("add_form")
        or forms_bundles.BundleItemAddForm(
            candidates=selectors.bundle_item_candidates(
                user=request.user, bundle=bundle
            ),
            initial={"step": resolved.steps[-1] if resolved.steps else 1},
        ),
        "refusal": given.get("refusal", []),
    }
    return render(request, "catalog/workbench/bundle.html", context, status=status)


@staff_only
@require_http_methods(["GET", "POST"])
def bundle_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The bundle page; a POST saves its name and guide texts."""
    require_any(request.user, Perm.CATALOG_VIEW)
    bundle = selectors.bundle_get(code=code)
    if request.method == "GET":
        return _page(request, bundle)
    form = forms_bundles.bundle_text_form(bundle, request.POST)
    if form.is_valid():
        try:
            services.bundle_update(actor=request.user, bundle=bundle, **form.changes())
        except ValidationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("The bundle was saved."))
            return _to_bundle(bundle)
    return _page(request, bundle, status=400, text_form=form)


@staff_only
@require_POST
def bundle_item_add(request: HttpRequest, code: str) -> HttpResponse:
    require_any(request.user, Perm.CATALOG_VIEW)
    bundle = selectors.bundle_get(code=code)
    form = forms_bundles.BundleItemAddForm(
        request.POST,
        candidates=selectors.bundle_item_candidates(user=request.user, bundle=bundle),
    )
    if form.is_valid():
        try:
            services.bundle_item_add(
                actor=request.user,
                bundle=bundle,
                implementation=form.cleaned_data["implementation"],
                step=form.cleaned_data["step"],
                order=bundle.items.count(),
            )
        except ValidationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("The item was added to the bundle."))
            return _to_bundle(bundle)
    return _page(request, bundle, status=400, add_form=form)


@staff_only
@require_POST
def bundle_item_move(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    require_any(request.user, Perm.CATALOG_VIEW)
    bundle = selectors.bundle_get(code=code)
    item = selectors.bundle_item_get(bundle=bundle, pk=pk)
    form = forms_bundles.BundleItemMoveForm(request.POST)
    if not form.is_valid():
        return _page(request, bundle, status=400, refusal=_messages(form.errors))
    try:
        services.bundle_item_move(
            actor=request.user, item=item, step=form.cleaned_data["step"]
        )
    except ValidationError as error:
        return _page(request, bundle, status=400, refusal=error.messages)
    messages.success(request, _("The item was moved."))
    return _to_bundle(bundle)


@staff_only
@require_POST
def bundle_item_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    require_any(request.user, Perm.CATALOG_VIEW)
    bundle = selectors.bundle_get(code=code)
    item = selectors.bundle_item_get(bundle=bundle, pk=pk)
    try:
        services.bundle_item_remove(actor=request.user, item=item)
    except ValidationError as error:
        return _page(request, bundle, status=400, refusal=error.messages)
    messages.success(request, _("The item was removed from the bundle."))
    return _to_bundle(bundle)


@staff_only
@require_POST
def bundle_publish(request: HttpRequest, code: str) -> HttpResponse:
    """Publish the draft as the next version; the service's reasons when it refuses."""
    require_any(request.user, Perm.CATALOG_VIEW)
    bundle = selectors.bundle_get(code=code)
    try:
        published = services.bundle_publish(actor=request.user, bundle=bundle)
    except ValidationError as error:
        return _page(request, bundle, status=400, refusal=error.messages)
    messages.success(
        request,
        _("Version {version} of the bundle was published.").format(
            version=published.version
        ),
    )
    return _to_bundle(bundle)


@staff_only
@require_POST
def bundle_withdraw(request: HttpRequest, code: str) -> HttpResponse:
    """Back to draft: off the public list until published again as a new version."""
    require_any(request.user, Perm.CATALOG_VIEW)
    bundle = selectors.bundle_get(code=code)
    services.bundle_revise(actor=request.user, bundle=bundle)
    messages.success(
        request,
        _("The bundle was withdrawn: it is a draft again and no longer offered."),
    )
    return _to_bundle(bundle)


def _messages(errors: Any) -> list[str]:
    return [str(message) for field in errors.values() for message in field]

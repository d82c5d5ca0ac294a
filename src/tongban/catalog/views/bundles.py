"""Public pages of 一件事 bundles: the published list and one bundle's guide — its own text,
its items in their order, the merged form and the merged checklist — read from the live
catalogue, never a copy."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tongban.catalog import selectors_bundles as bundles


@require_GET
def bundle_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "catalog/bundle_list.html",
        {"bundles": bundles.bundle_list_published()},
    )


@require_GET
def bundle_guide(request: HttpRequest, code: str) -> HttpResponse:
    bundle = bundles.bundle_get_published(code=code)
    resolved = bundles.bundle_resolve(bundle=bundle)
    steps = [
        (step, [p for p in resolved.parts if p.item.step == step])
        for step in resolved.steps
    ]
    return render(
        request,
        "catalog/bundle_guide.html",
        {
            "bundle": bundle,
            "resolved": resolved,
            "steps": steps,
            "open": not resolved.not_live,
        },
    )

"""Public catalogue pages (search, guide, short guide) and a simple workbench list."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from tongban.catalog import presentation, selectors
from tongban.catalog.search import get_search
from tongban.core.permissions import Perm, require_any


@require_GET
def item_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("list", "")
    results = get_search().search(query)
    if kind in selectors.SPECIAL_LISTS:
        results = results.filter(selectors.SPECIAL_LISTS[kind])
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/item_search.html",
        {
            "query": query,
            "page": page,
            "list": kind,
            "lists": selectors.SPECIAL_LISTS,
        },
    )


def _guide(request: HttpRequest, code: str, *, short: bool) -> HttpResponse:
    version = selectors.public_guide(code=code)
    return render(
        request,
        "catalog/guide.html",
        {
            "version": version,
            "item": version.implementation.basic_item,
            "implementation": version.implementation,
            "short": short,
            "limits": presentation.limits_sentence(version),
            "statutory": presentation.limit_in_words(
                version.statutory_limit, version.statutory_unit
            ),
            "promised": presentation.limit_in_words(
                version.promised_limit, version.promised_unit
            ),
            # built from escaped labels by domain/flowchart.py
            "flowchart": mark_safe(presentation.flowchart(version)),  # noqa: S308
            "translation_note": presentation.missing_translation(version),
        },
    )


@require_GET
def guide(request: HttpRequest, code: str) -> HttpResponse:
    return _guide(request, code, short=False)


@require_GET
def guide_short(request: HttpRequest, code: str) -> HttpResponse:
    return _guide(request, code, short=True)


@login_required(login_url="accounts:staff-login")
def workbench_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, Perm.CATALOG_VIEW)
    implementations = selectors.implementation_list_for(user=request.user)
    page = Paginator(implementations, 50).get_page(request.GET.get("page"))
    return render(request, "catalog/workbench_list.html", {"page": page})

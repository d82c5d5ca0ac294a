"""The public disclosure portal (信息公开): an index, the special lists, halls with
addresses, hours and windows, results publicity (masked), the figures, and an Atom feed.
Every page shows its index number (索引号) and publication date."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tongban.catalog import presentation as catalog_presentation
from tongban.core.permissions import not_found
from tongban.disclosure import selectors
from tongban.disclosure.domain.index_numbers import index_number
from tongban.disclosure.labels import LIST_LABELS

PUBLISHER = "540000"  # the region's division code: one regional deployment publishes
PAGE_SIZE = 50


def _stamp(category: str, published: Any, key: str | int) -> dict[str, Any]:
    return {
        "index_number": index_number(
            publisher=PUBLISHER, category=category, published=published, key=key
        ),
        "published": published,
    }


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    lists = [(kind, LIST_LABELS[kind]) for kind in selectors.LISTS]
    return render(
        request,
        "disclosure/index.html",
        {"lists": lists, **_stamp("catalogue", timezone.localdate(), 0)},
    )


@require_GET
def special_list(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in selectors.LISTS:
        raise not_found()
    versions = selectors.list_versions(kind)
    published = selectors.last_published(versions)
    shown = list(versions.select_related("implementation__division")[:500])
    where = kind == "tongban"  # 通办: what can be handed in where
    rows = [
        {"v": v, "where": catalog_presentation.where_to_apply(v) if where else ""}
        for v in shown
    ]
    return render(
        request,
        "disclosure/list.html",
        {
            "kind": kind,
            "label": LIST_LABELS[kind],
            "where": where,
            "rows": rows,
            "count": versions.count(),
            **_stamp("list", published, selectors.LISTS.index(kind) + 1),
        },
    )


@require_GET
def halls(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "disclosure/halls.html",
        {
            "halls": selectors.halls(day=timezone.localdate()),
            "today": timezone.localdate(),
            **_stamp("halls", timezone.localdate(), 1),
        },
    )


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    try:
        page = max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        page = 1
    rows, total = selectors.results(limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    newest = rows[0].closed_on if rows and rows[0].closed_on else timezone.localdate()
    return render(
        request,
        "disclosure/results.html",
        {
            "rows": rows,
            "total": total,
            "page": page,
            "has_next": page * PAGE_SIZE < total,
            **_stamp("results", newest, page),
        },
    )


@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "disclosure/figures.html",
        {**selectors.figures(), **_stamp("figures", timezone.localdate(), 1)},
    )

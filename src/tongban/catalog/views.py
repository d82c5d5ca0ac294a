"""Public catalogue pages (search, guide, short guide, printable PDF) and a simple
workbench list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tongban.catalog import presentation, printing, selectors
from tongban.catalog.domain import tables
from tongban.catalog.search import get_search
from tongban.core.pdf import PdfUnavailable
from tongban.core.permissions import Perm, require_any


@require_GET
def item_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("list", "")
    results = get_search().search(query)
    if kind in selectors.SPECIAL_LISTS:
        results = results.filter(selectors.SPECIAL_LISTS[kind])
    theme = request.GET.get("theme", "")
    theme_filter = selectors.theme_condition(theme)
    if theme_filter is not None:
        results = results.filter(theme_filter)
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/item_search.html",
        {
            "query": query,
            "page": page,
            "list": kind,
            "lists": selectors.SPECIAL_LISTS,
            "theme": theme if theme_filter is not None else "",
            "person_themes": presentation.theme_links(tables.PERSON_THEMES),
            "organisation_themes": presentation.theme_links(tables.ORGANISATION_THEMES),
        },
    )


def _guide(request: HttpRequest, code: str, *, short: bool) -> HttpResponse:
    version = selectors.public_guide(code=code)
    context = presentation.guide_context(version, short=short)
    return render(request, "catalog/guide.html", context)


@require_GET
def guide(request: HttpRequest, code: str) -> HttpResponse:
    return _guide(request, code, short=False)


@require_GET
def guide_short(request: HttpRequest, code: str) -> HttpResponse:
    return _guide(request, code, short=True)


@require_GET
def guide_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The full guide as a printable PDF in the request language."""
    version = selectors.public_guide(code=code)
    page_url = request.build_absolute_uri(
        reverse("catalog:guide", args=[version.implementation.code])
    )
    try:
        pdf = printing.render_guide_pdf(version, page_url=page_url)
    except PdfUnavailable:
        messages.warning(
            request,
            _(
                "The printable version is not available right now; print this page instead."
            ),
        )
        return redirect("catalog:guide", version.implementation.code)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{version.implementation.code}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required(login_url="accounts:staff-login")
def workbench_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, Perm.CATALOG_VIEW)
    implementations = selectors.implementation_list_for(user=request.user)
    page = Paginator(implementations, 50).get_page(request.GET.get("page"))
    return render(request, "catalog/workbench_list.html", {"page": page})

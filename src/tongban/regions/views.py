"""Workbench pages for organisations and halls within the staff member's scope, and the
public hall directory (address, phone and opening hours of every active hall)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tongban.core.permissions import Perm, require_any
from tongban.regions import selectors


@login_required(login_url="accounts:staff-login")
def organisation_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, Perm.ORGANISATION_VIEW)
    organisations = selectors.organisation_list_for(user=request.user)
    halls = selectors.hall_list_for(user=request.user)
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    return render(
        request, "regions/organisation_list.html", {"page": page, "halls": halls[:50]}
    )


@require_GET
def hall_directory(request: HttpRequest) -> HttpResponse:
    """Public: the halls, optionally of one prefecture (division code prefix)."""
    prefectures = selectors.division_list(level=2)
    chosen = request.GET.get("division", "")
    prefix = next((d.prefix for d in prefectures if d.code == chosen), None)
    halls = selectors.hall_public_list(division_prefix=prefix)
    page = Paginator(halls, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "regions/hall_directory.html",
        {
            "page": page,
            "prefectures": prefectures,
            "division": chosen if prefix else "",
        },
    )

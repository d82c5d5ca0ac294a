"""Workbench pages for organisations and halls within the staff member's scope."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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

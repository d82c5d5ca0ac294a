"""Pages of data sharing: the applicant's "who looked at my data" (我的数据使用记录) and
the supervisors' search of the access log on the workbench."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from tongban.core import crypto
from tongban.core.permissions import Perm, not_found, require_any
from tongban.sharing import selectors
from tongban.sharing.forms import AccessSearchForm
from tongban.sharing.presentation import access_rows

PAGE_SIZE = 50


@login_required(login_url="accounts:applicant-login")
@require_GET
def my_data_accesses(request: HttpRequest) -> HttpResponse:
    applicant = getattr(request.user, "applicant", None)
    if applicant is None:
        raise not_found()
    accesses = selectors.accesses_of_subject(subject_index=applicant.id_index)
    page = Paginator(accesses, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "sharing/my_data_accesses.html",
        {"page": page, "rows": access_rows(page.object_list)},
    )


@login_required(login_url="accounts:staff-login")
@require_http_methods(["GET", "POST"])
def access_log(request: HttpRequest) -> HttpResponse:
    """The search is a POST: an identity number searched for stays out of URLs, server
    logs and the language switch's return address."""
    if not getattr(request.user, "is_staff_member", False):
        raise not_found()
    require_any(request.user, Perm.AUDIT_VIEW)
    form = AccessSearchForm(request.POST or None)
    filters = form.cleaned_data if form.is_valid() else {}
    id_number = filters.get("id_number") or ""
    accesses = selectors.access_log_search(
        actor=request.user,
        source=filters.get("source") or "",
        purpose=filters.get("purpose") or "",
        subject_index=crypto.blind_index(f"{form.id_type()}:{id_number}")
        if id_number
        else "",
        actor_name=filters.get("actor") or "",
        since=filters.get("since"),
        until=filters.get("until"),
    )
    page = Paginator(accesses, PAGE_SIZE).get_page(request.POST.get("page"))
    return render(
        request,
        "sharing/access_log.html",
        {"form": form, "page": page, "rows": access_rows(page.object_list)},
    )

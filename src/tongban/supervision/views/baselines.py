"""The baseline page of a catalogue manager: the implementations they manage, each with
the version marked as the baseline of 申请材料精简率 (DOMAIN §6), the required materials
now and then, and a form to mark another published version (``baseline_mark``; marking
again moves the baseline, audited). The API twin is ``POST
/api/v1/internal/supervision/baselines``."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tongban.cases.views.common import staff_required
from tongban.core.permissions import Perm, require_any
from tongban.supervision import selectors
from tongban.supervision.services.baselines import baseline_mark


class MarkForm(forms.Form):
    implementation = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.IntegerField(
        label=gettext_lazy("Version"), min_value=1, max_value=1_000_000
    )


@staff_required
@require_http_methods(["GET", "POST"])
def baselines_page(request: HttpRequest) -> HttpResponse:
    require_any(request.user, Perm.CATALOG_MANAGE)
    if request.method == "POST":
        return _mark(request)
    text = request.GET.get("q", "")
    rows = selectors.baseline_rows(user=request.user, text=text)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/baselines.html",
        {
            "page": page,
            "rows": selectors.baseline_details(implementations=list(page)),
            "q": text,
        },
    )


def _mark(request: HttpRequest) -> HttpResponse:
    form = MarkForm(request.POST)
    back = redirect(f"{request.path}?q={request.POST.get('q', '')[:60]}")
    if not form.is_valid():
        messages.error(request, _("Choose one of the versions listed."))
        return back
    try:
        mark = baseline_mark(
            implementation_uuid=form.cleaned_data["implementation"],
            number=form.cleaned_data["version"],
            actor=request.user,
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return back
    messages.success(
        request,
        _("Version {number} of {code} is now its baseline.").format(
            number=mark.version.number, code=mark.implementation.code
        ),
    )
    return back

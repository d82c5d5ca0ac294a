"""Certificate pages. Public: the verification page (what the 2-D code opens) and a
shared link. The holder's wallet (证照夹): list, show (亮证: large, for a phone held up at
a counter), download the PDF, make and revoke share links."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from tongban.core.client_address import client_address
from tongban.core.pdf import PdfRenderError
from tongban.core.permissions import not_found

from . import presentation, rendering, selectors, services
from .domain.status import Verdict

View = Callable[..., HttpResponse]


def holder_required(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(
                request.get_full_path(), "accounts:applicant-login"
            )
        if not getattr(request.user, "is_applicant", False):
            raise not_found()
        return view(request, *args, **kwargs)

    return wrapped


class VerifyForm(forms.Form):
    id = forms.CharField(label=gettext_lazy("Certificate identifier"), max_length=100)
    c = forms.CharField(
        label=gettext_lazy("Check value (optional)"), max_length=32, required=False
    )


@require_GET
def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    view = None
    if form.is_bound and form.is_valid():
        checked = selectors.certificate_verify(
            identifier=form.cleaned_data["id"], check=form.cleaned_data["c"]
        )
        view = presentation.public_view(checked)
    return render(
        request,
        "certificates/verify.html",
        {"form": form, "view": view, "valid": Verdict.VALID.value},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_GET
def shared(request: HttpRequest, token: str) -> HttpResponse:
    share = selectors.share_get(token=token[:64])
    if share is None:
        return render(request, "certificates/shared_gone.html", status=404)
    services.certificate_share_view(
        share=share,
        address=client_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
    certificate = share.certificate
    checked = selectors.certificate_verify(identifier=certificate.identifier)
    return render(
        request,
        "certificates/shared.html",
        {
            "view": presentation.public_view(checked),
            "share": share,
            "valid": Verdict.VALID.value,
        },
    )


@holder_required
@require_GET
def wallet(request: HttpRequest) -> HttpResponse:
    rows = []
    for certificate in selectors.wallet_list(user=request.user):
        checked = selectors.certificate_verify(identifier=certificate.identifier)
        rows.append(
            {"certificate": certificate, "view": presentation.public_view(checked)}
        )
    return render(request, "certificates/wallet.html", {"rows": rows})


def _own(request: HttpRequest, uuid: Any) -> Any:
    certificate = selectors.wallet_get(user=request.user, uuid=uuid)
    if certificate is None:
        raise not_found()
    return certificate


@holder_required
@require_GET
def show(request: HttpRequest, uuid: Any) -> HttpResponse:
    certificate = _own(request, uuid)
    checked = selectors.certificate_verify(identifier=certificate.identifier)
    return render(
        request,
        "certificates/show.html",
        {
            "certificate": certificate,
            "view": presentation.public_view(checked),
            "rows": presentation.data_rows(certificate),
            "qr": rendering.qr_data_uri(certificate),
            "shares": selectors.shares_of(certificate=certificate),
            "valid": Verdict.VALID.value,
        },
    )


@holder_required
@require_GET
def download(request: HttpRequest, uuid: Any) -> HttpResponse:
    certificate = _own(request, uuid)
    try:
        pdf = rendering.certificate_pdf(certificate)
    except PdfRenderError:
        messages.error(request, _("The PDF cannot be made right now; try again later."))
        return redirect("certificates:show", uuid=certificate.uuid)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{certificate.identifier}.pdf"'
    )
    return response


class ShareForm(forms.Form):
    days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"),
        min_value=1,
        max_value=services.wallet.SHARE_MAX_DAYS,
        initial=7,
    )


@holder_required
@require_POST
def share_create(request: HttpRequest, uuid: Any) -> HttpResponse:
    certificate = _own(request, uuid)
    form = ShareForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("days", [])))
        return redirect("certificates:show", uuid=certificate.uuid)
    try:
        share = services.certificate_share_create(
            certificate=certificate, days=form.cleaned_data["days"], actor=request.user
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("certificates:show", uuid=certificate.uuid)
    link = request.build_absolute_uri(
        reverse("certificates:shared", kwargs={"token": share.token})
    )
    messages.success(request, _("Share link made: {link}").format(link=link))
    return redirect("certificates:show", uuid=certificate.uuid)


@holder_required
@require_POST
def share_revoke(request: HttpRequest, uuid: Any, share: int) -> HttpResponse:
    certificate = _own(request, uuid)
    found = selectors.shares_of(certificate=certificate).filter(pk=share).first()
    if found is None:
        raise not_found()
    services.certificate_share_revoke(share=found, actor=request.user)
    messages.success(request, _("The link no longer opens."))
    return redirect("certificates:show", uuid=certificate.uuid)

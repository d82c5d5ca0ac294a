"""Second-factor pages: the step after the password (enrolment code, then the new TOTP key,
or the code of an enrolled device or a recovery code), the recovery codes shown once, and
the administrators' page that issues enrolment codes and resets a lost device."""

import base64
from typing import Any

import segno
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from tongban.accounts import second_factor
from tongban.accounts.forms import (
    EnrolmentCodeForm,
    SecondFactorAdminForm,
    SecondFactorForm,
    TokenForm,
)
from tongban.accounts.models import User
from tongban.core.permissions import Perm, require_any

PENDING_KEY = "tongban_pending_second_factor"
RECOVERY_KEY = "tongban_recovery_codes"
BACKEND = "tongban.accounts.backends.PeopleBackend"
SECOND_FACTOR_TRIES = 5
TEMPLATE = "accounts/staff_second_factor.html"


def second_factor_start(request: HttpRequest, user: User) -> HttpResponse:
    """Called by the password step: remember who passed it, go to the second step."""
    request.session[PENDING_KEY] = {"user": user.pk, "tries": 0, "code_ok": False}
    return redirect("accounts:staff-second-factor")


def _wrong(request: HttpRequest, pending: dict[str, Any]) -> HttpResponse | None:
    """Count a wrong answer; after too many, end the attempt."""
    pending["tries"] += 1
    request.session[PENDING_KEY] = pending
    if pending["tries"] < SECOND_FACTOR_TRIES:
        return None
    del request.session[PENDING_KEY]
    messages.error(request, _("Too many wrong codes. Log in again."))
    return redirect("accounts:staff-login")


def _log_in(request: HttpRequest, user: User, device: Any) -> None:
    del request.session[PENDING_KEY]
    auth.login(request, user, backend=BACKEND)
    otp_login(request, device)


@require_http_methods(["GET", "POST"])
def staff_second_factor(request: HttpRequest) -> HttpResponse:
    pending: dict[str, Any] = request.session.get(PENDING_KEY) or {}
    user = User.objects.filter(pk=pending.get("user", 0), is_active=True).first()
    if user is None:
        return redirect("accounts:staff-login")
    if second_factor.is_enrolled(user=user):
        return _verify(request, user, pending)
    if not pending.get("code_ok"):
        return _enrolment_code(request, user, pending)
    return _confirm(request, user, pending)


def _verify(request: HttpRequest, user: User, pending: dict[str, Any]) -> HttpResponse:
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor.second_factor_verify(
            user=user, token=form.cleaned_data["token"]
        )
        if device is not None:
            _log_in(request, user, device)
            if device.persistent_id.startswith("otp_static"):
                messages.warning(
                    request,
                    _(
                        "You used a recovery code; {count} are left. Ask an "
                        "administrator to reset your second factor if your device is lost."
                    ).format(count=device.token_set.count()),
                )
            return redirect("accounts:workbench")
        if (ended := _wrong(request, pending)) is not None:
            return ended
        form.add_error("token", _("The code is wrong or has expired."))
    return render(request, TEMPLATE, {"form": form, "step": "verify"})


def _enrolment_code(
    request: HttpRequest, user: User, pending: dict[str, Any]
) -> HttpResponse:
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.second_factor_enrolment_redeem(
            user=user, code=form.cleaned_data["enrolment_code"]
        ):
            pending["code_ok"] = True
            request.session[PENDING_KEY] = pending
            return redirect("accounts:staff-second-factor")
        if (ended := _wrong(request, pending)) is not None:
            return ended
        form.add_error(
            "enrolment_code",
            _("The enrolment code is wrong, used or expired. Ask your administrator."),
        )
    return render(request, TEMPLATE, {"form": form, "step": "code"})


def _confirm(request: HttpRequest, user: User, pending: dict[str, Any]) -> HttpResponse:
    device = second_factor.pending_device(user=user)
    if device is None:  # reset meanwhile: start over with a new enrolment code
        pending["code_ok"] = False
        request.session[PENDING_KEY] = pending
        return redirect("accounts:staff-second-factor")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.second_factor_confirm(
            user=user, token=form.cleaned_data["token"]
        )
        if codes is not None:
            device.refresh_from_db()
            _log_in(request, user, device)
            request.session[RECOVERY_KEY] = codes
            return redirect("accounts:staff-recovery-codes")
        if (ended := _wrong(request, pending)) is not None:
            return ended
        form.add_error("token", _("The code is wrong or has expired."))
    context = {
        "form": form,
        "step": "enrol",
        "qr_svg": segno.make(device.config_url).svg_inline(scale=4),
        "secret": base64.b32encode(device.bin_key).decode().rstrip("="),
    }
    return render(request, TEMPLATE, context)


@login_required(login_url="accounts:staff-login")
def staff_recovery_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes, once: they are in the session only until this page shows them."""
    codes = request.session.pop(RECOVERY_KEY, None)
    if not codes:
        return redirect("accounts:workbench")
    return render(request, "accounts/staff_recovery_codes.html", {"codes": codes})


@login_required(login_url="accounts:staff-login")
@require_http_methods(["GET", "POST"])
def staff_second_factor_admin(request: HttpRequest) -> HttpResponse:
    if not getattr(request.user, "is_staff_member", False):
        raise PermissionDenied
    require_any(request.user, Perm.STAFF_MANAGE)
    form = SecondFactorAdminForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = User.objects.filter(
            username=data["username"], kind=User.Kind.STAFF
        ).first()
        if target is None:
            form.add_error("username", _("No staff account has this user name."))
            return render(request, "accounts/staff_second_factor_admin.html", context)
        try:
            if data["action"] == SecondFactorAdminForm.ISSUE:
                context["issued"] = second_factor.second_factor_enrolment_issue(
                    actor=request.user, user=target
                )
                context["target"] = target
            else:
                second_factor.second_factor_reset(
                    actor=request.user, user=target, reason=data["reason"]
                )
                messages.success(
                    request,
                    _(
                        "The second factor of {user} was reset. Issue an enrolment code "
                        "so they can enrol again."
                    ).format(user=target.username),
                )
                return redirect("accounts:staff-second-factor-admin")
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else "username", errors)
    return render(request, "accounts/staff_second_factor_admin.html", context)

"""Login pages (staff with a second factor for supervisors and admins, see
``second_factor_views``; applicants with password or an SMS code), the workbench overview and
the audit log for supervisors."""

from typing import Any

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongban.accounts import services
from tongban.accounts.forms import (
    CodeLoginForm,
    PasswordLoginForm,
    PhoneForm,
    RegistrationForm,
)
from tongban.accounts.models import User
from tongban.accounts.second_factor_views import second_factor_start
from tongban.core import selectors as core_selectors
from tongban.core.permissions import Perm, require_any

MODEL_BACKEND = "tongban.accounts.backends.PeopleBackend"


def lockout_response(
    request: HttpRequest, response: HttpResponse, credentials: Any
) -> HttpResponse:
    """Shown instead of the login page while an account is locked after failed attempts."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed attempts. This account is locked for {minutes} minutes; "
        "try again later or ask your administrator."
    ).format(minutes=minutes)
    staff = request.path.startswith("/workbench/")
    template = "accounts/staff_login.html" if staff else "accounts/applicant_login.html"
    context = {
        "form": PasswordLoginForm(),
        "lockout": message,
        "code_form": PhoneForm(),
    }
    return render(request, template, context, status=429)


def _password_user(
    request: HttpRequest, form: PasswordLoginForm, kind: str
) -> User | None:
    user = auth.authenticate(
        request,
        username=form.cleaned_data["username"],
        password=form.cleaned_data["password"],
    )
    if user is None or getattr(user, "kind", None) != kind:
        form.add_error(None, _("The user name or password is wrong."))
        return None
    return user


@require_http_methods(["GET", "POST"])
def staff_login(request: HttpRequest) -> HttpResponse:
    form = PasswordLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = _password_user(request, form, User.Kind.STAFF)
        if user is not None:
            if user.requires_second_factor:
                return second_factor_start(request, user)
            auth.login(request, user, backend=MODEL_BACKEND)
            return redirect("accounts:workbench")
    return render(request, "accounts/staff_login.html", {"form": form})


@require_http_methods(["GET", "POST"])
def applicant_login(request: HttpRequest) -> HttpResponse:
    form = PasswordLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = _password_user(request, form, User.Kind.APPLICANT)
        if user is not None:
            auth.login(request, user, backend=MODEL_BACKEND)
            return redirect("accounts:applicant-home")
    return render(
        request,
        "accounts/applicant_login.html",
        {"form": form, "code_form": PhoneForm()},
    )


@require_POST
def applicant_code_request(request: HttpRequest) -> HttpResponse:
    form = PhoneForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "accounts/applicant_login.html",
            {"form": PasswordLoginForm(), "code_form": form},
            status=400,
        )
    services.login_code_issue(phone=form.cleaned_data["phone"])
    messages.info(
        request, _("If this number is registered, a code has been sent to it.")
    )
    url = (
        reverse("accounts:applicant-code-login")
        + "?phone="
        + form.cleaned_data["phone"]
    )
    return HttpResponseRedirect(url)


@require_http_methods(["GET", "POST"])
def applicant_code_login(request: HttpRequest) -> HttpResponse:
    initial = {"phone": request.GET.get("phone", "")}
    form = CodeLoginForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_code_verify(
                phone=form.cleaned_data["phone"], code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error.message_dict["code"])
        else:
            auth.login(request, user, backend=MODEL_BACKEND)
            return redirect("accounts:applicant-home")
    return render(request, "accounts/applicant_code_login.html", {"form": form})


@require_http_methods(["GET", "POST"])
def applicant_register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            applicant = services.applicant_register(
                actor=None,
                applicant_type="person",
                name=data["name"],
                id_type="111",
                id_number=data["id_number"],
                phone=data["phone"],
                password=data["password"],
                preferred_language=request.LANGUAGE_CODE,
            )
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages_)
        else:
            auth.login(request, applicant.user, backend=MODEL_BACKEND)
            messages.success(request, _("Your account is ready."))
            return redirect("accounts:applicant-home")
    return render(request, "accounts/applicant_register.html", {"form": form})


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    staff = getattr(request.user, "is_staff_member", False)
    auth.logout(request)
    return redirect("accounts:staff-login" if staff else "home")


def _staff_required(request: HttpRequest) -> User:
    user = request.user
    if not user.is_authenticated or not getattr(user, "is_staff_member", False):
        raise PermissionDenied
    return user


@login_required(login_url="accounts:staff-login")
def workbench(request: HttpRequest) -> HttpResponse:
    user = _staff_required(request)
    assignments = user.role_assignments.select_related("organisation", "division")
    context = {
        "assignments": assignments,
        "can_manage_staff": bool(user.scope_for(Perm.STAFF_MANAGE).everything)
        or bool(user.scope_for(Perm.STAFF_MANAGE).grants),
    }
    return render(request, "accounts/workbench.html", context)


@login_required(login_url="accounts:staff-login")
def audit_list(request: HttpRequest) -> HttpResponse:
    user = _staff_required(request)
    scope = require_any(user, Perm.AUDIT_VIEW)
    events = core_selectors.audit_event_list(scope=scope)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit_list.html", {"page": page})


@login_required
def applicant_home(request: HttpRequest) -> HttpResponse:
    applicant = getattr(request.user, "applicant", None)
    return render(request, "accounts/applicant_home.html", {"applicant": applicant})

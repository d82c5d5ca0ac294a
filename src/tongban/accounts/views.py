"""Login pages (staff with a second factor for supervisors and admins, see
``second_factor_views``; applicants with password or an SMS code, both keeping a safe
``next``), online registration in two steps (phone by SMS code first), the service
agreement, the workbench overview and the audit log for supervisors."""

from typing import Any

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongban.accounts import oidc_views, registration, services
from tongban.accounts.forms import (
    CodeLoginForm,
    PasswordLoginForm,
    PhoneForm,
    RegistrationForm,
)
from tongban.accounts.models import User
from tongban.accounts.second_factor_views import second_factor_start
from tongban.core import selectors as core_selectors
from tongban.core.api.throttling import ScopedThrottle
from tongban.core.permissions import Perm, require_any

MODEL_BACKEND = "tongban.accounts.backends.PeopleBackend"
CODE_LOGIN_KEY = (
    "tongban_code_login"  # phone and next between asking for a code and using it
)
REGISTRATION_KEY = "tongban_registration"  # phone and next between the two steps
_THROTTLED = gettext_lazy(
    "Too many codes asked for from your connection. Wait a while and try again."
)


def lockout_response(
    request: HttpRequest, response: HttpResponse, credentials: Any
) -> HttpResponse:
    """Shown instead of the login page while an account is locked after failed attempts
    (wrong passwords and wrong SMS codes count alike)."""
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
        "next": safe_next(request),
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


def safe_next(request: HttpRequest) -> str:
    """The ``next`` address sent with the request when it stays on this site, else ''."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _applicant_landing(request: HttpRequest, target: str = "") -> HttpResponse:
    return HttpResponseRedirect(target or reverse("accounts:applicant-home"))


@require_http_methods(["GET", "POST"])
def applicant_login(request: HttpRequest) -> HttpResponse:
    form = PasswordLoginForm(request.POST or None)
    target = safe_next(request)
    if request.method == "POST" and form.is_valid():
        user = _password_user(request, form, User.Kind.APPLICANT)
        if user is not None:
            auth.login(request, user, backend=MODEL_BACKEND)
            return _applicant_landing(request, target)
    context = {
        "form": form,
        "code_form": PhoneForm(),
        "next": target,
        "unified_login": oidc_views.enabled(),
    }
    return render(request, "accounts/applicant_login.html", context)


@require_POST
def applicant_code_request(request: HttpRequest) -> HttpResponse:
    """Sends a login code; the phone and ``next`` wait in the session, not in the URL."""
    form = PhoneForm(request.POST)
    target = safe_next(request)
    context = {"form": PasswordLoginForm(), "code_form": form, "next": target}
    if not form.is_valid():
        return render(request, "accounts/applicant_login.html", context, status=400)
    if not ScopedThrottle("sms_address").allow(request):
        context["lockout"] = _THROTTLED
        return render(request, "accounts/applicant_login.html", context, status=429)
    services.login_code_issue(phone=form.cleaned_data["phone"])
    request.session[CODE_LOGIN_KEY] = {
        "phone": form.cleaned_data["phone"],
        "next": target,
    }
    messages.info(
        request, _("If this number is registered, a code has been sent to it.")
    )
    return redirect("accounts:applicant-code-login")


@require_http_methods(["GET", "POST"])
def applicant_code_login(request: HttpRequest) -> HttpResponse:
    """Logs in with the SMS code through ``auth.authenticate`` (``LoginCodeBackend``), so
    django-axes counts wrong codes toward the same lockout as wrong passwords."""
    pending = request.session.get(CODE_LOGIN_KEY) or {}
    target = safe_next(request) or pending.get("next", "")
    form = CodeLoginForm(request.POST or None, initial={"phone": pending.get("phone")})
    if request.method == "POST" and form.is_valid():
        user = auth.authenticate(
            request,
            username=form.cleaned_data["phone"],
            code=form.cleaned_data["code"],
        )
        if user is None:
            form.add_error(
                "code", _("The code is wrong or has expired. Request a new code.")
            )
        else:
            request.session.pop(CODE_LOGIN_KEY, None)
            auth.login(request, user, backend=MODEL_BACKEND)
            return _applicant_landing(request, target)
    context = {"form": form, "next": target}
    return render(request, "accounts/applicant_code_login.html", context)


@require_http_methods(["GET", "POST"])
def applicant_register(request: HttpRequest) -> HttpResponse:
    """Step 1: the phone, which gets a code (or, if it has an account, an SMS saying so;
    the page answers the same)."""
    form = PhoneForm(request.POST or None)
    target = safe_next(request)
    context = {"form": form, "next": target}
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        if not (
            ScopedThrottle("sms_address").allow(request)
            and ScopedThrottle("sms_phone").allow(request, key=f"phone:{phone}")
        ):
            context["throttled"] = True
            return render(
                request, "accounts/applicant_register.html", context, status=429
            )
        registration.registration_code_issue(
            phone=phone, language=request.LANGUAGE_CODE
        )
        request.session[REGISTRATION_KEY] = {"phone": phone, "next": target}
        messages.info(
            request,
            _(
                "If this number can be registered, a code has been sent to it; if it "
                "already has an account, the SMS says so."
            ),
        )
        return redirect("accounts:applicant-register-details")
    return render(request, "accounts/applicant_register.html", context)


@require_http_methods(["GET", "POST"])
def applicant_register_details(request: HttpRequest) -> HttpResponse:
    """Step 2: the code with name, ID number and password; every mistake at once."""
    pending = request.session.get(REGISTRATION_KEY) or {}
    phone = pending.get("phone")
    if not phone:
        return redirect("accounts:applicant-register")
    form = RegistrationForm(request.POST or None, phone=phone)
    context: dict[str, Any] = {"form": form, "phone": f"{phone[:3]}****{phone[-4:]}"}
    if request.method == "POST":
        if not ScopedThrottle("register_address").allow(request):
            context["throttled"] = True
            template = "accounts/applicant_register_details.html"
            return render(request, template, context, status=429)
        applicant = _register(request, form, phone)
        if applicant is not None:
            request.session.pop(REGISTRATION_KEY, None)
            auth.login(request, applicant.user, backend=MODEL_BACKEND)
            messages.success(request, _("Your account is ready."))
            return _applicant_landing(request, pending.get("next", ""))
    return render(request, "accounts/applicant_register_details.html", context)


def _register(request: HttpRequest, form: RegistrationForm, phone: str) -> Any:
    valid = form.is_valid()
    code = form.cleaned_data.get("code") if valid or "code" not in form.errors else ""
    if code and not registration.registration_code_check(phone=phone, code=code):
        form.add_error(
            "code", _("The code is wrong or has expired. Request a new code.")
        )
        return None
    if not valid:
        return None
    data = form.cleaned_data
    try:
        return registration.applicant_self_register(
            name=data["name"],
            id_number=data["id_number"],
            phone=phone,
            password=data["password"],
            language=request.LANGUAGE_CODE,
        )
    except registration.RegistrationRefused:
        form.add_error(None, registration.REFUSED)
    except ValidationError as error:
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    return None


@require_GET
def service_agreement(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/service_agreement.html")


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    staff = getattr(request.user, "is_staff_member", False)
    id_token = request.session.get(oidc_views.ID_TOKEN_KEY, "")
    auth.logout(request)
    if not staff:  # signed in through the unified identity service: leave it too
        provider = oidc_views.provider_logout(request, id_token)
        if provider is not None:
            return provider
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

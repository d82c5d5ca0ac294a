"""Workbench pages where an administrator manages staff: the staff of their area with
their roles, a new staff login, assigning and withdrawing roles. Views stay thin: reads
through the scoped selectors, writes through the services (which check the scope and
write the audit rows); service errors are shown on the form that caused them."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongban.accounts import selectors, services
from tongban.accounts.domain.roles import Role
from tongban.accounts.models import ROLE_LABELS
from tongban.core.api.problems import Problem
from tongban.core.forms import show_service_error
from tongban.core.permissions import Perm, has_permission, require_any
from tongban.regions import selectors as region_selectors
from tongban.regions.models import Organisation

staff_only = login_required(login_url="accounts:staff-login")
# Exchange clients are other systems, made with `tongban exchange-token`, not people.
ASSIGNABLE = [
    (r.value, label) for r, label in ROLE_LABELS.items() if r != Role.EXCHANGE_CLIENT
]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=ASSIGNABLE)
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=None, required=False
    )
    division_code = forms.CharField(
        label=gettext_lazy("Region (division code)"),
        max_length=12,
        required=False,
        help_text=gettext_lazy(
            "Limit the role to an organisation, to a region, or to both."
        ),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]  # a ModelChoiceField, declared above

    def clean_division_code(self) -> Any:
        code = self.cleaned_data["division_code"].strip()
        if not code:
            return None
        division = region_selectors.division_get(code=code)
        if division is None:
            raise ValidationError(_("There is no division with this code."))
        return division


class StaffForm(RoleForm):
    username = forms.RegexField(
        label=gettext_lazy("User name"),
        max_length=150,
        regex=r"^[A-Za-z0-9._-]+$",
        error_messages={
            "invalid": gettext_lazy(
                "Use Latin letters, digits, dots, dashes and underscores."
            )
        },
    )
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=100)
    phone = forms.CharField(
        label=gettext_lazy("Mobile phone"), max_length=20, required=False
    )
    password = forms.CharField(
        label=gettext_lazy("First password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=gettext_lazy("Tell it to the staff member in person."),
    )
    field_order = ["username", "full_name", "phone", "password", "role", "organisation"]


def _organisations(request: HttpRequest) -> Any:
    return region_selectors.organisation_list_for(
        user=request.user, permission=Perm.STAFF_MANAGE
    ).order_by("division__code", "name")


@staff_only
@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, Perm.STAFF_VIEW)
    page = Paginator(selectors.staff_list_for(user=request.user), 50).get_page(
        request.GET.get("page")
    )
    can_manage = has_permission(request.user, Perm.STAFF_MANAGE)
    return render(
        request, "accounts/staff/list.html", {"page": page, "can_manage": can_manage}
    )


@staff_only
@require_http_methods(["GET", "POST"])
def staff_new(request: HttpRequest) -> HttpResponse:
    require_any(request.user, Perm.STAFF_MANAGE)
    form = StaffForm(request.POST or None, organisations=_organisations(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.staff_create(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                phone=data["phone"],
                password=data["password"],
                organisation=data["organisation"],
                roles=[(data["role"], data["organisation"], data["division_code"])],
            )
        except (ValidationError, Problem) as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("The staff member was created."))
            return redirect("accounts:staff-detail", member.username)
    status = 400 if form.errors else 200
    return render(request, "accounts/staff/new.html", {"form": form}, status=status)


@staff_only
@require_http_methods(["GET", "POST"])
def staff_detail(request: HttpRequest, username: str) -> HttpResponse:
    """A staff member with their roles; a POST assigns one more role."""
    require_any(request.user, Perm.STAFF_VIEW)
    member = selectors.staff_get_for(user=request.user, username=username)
    can_manage = has_permission(request.user, Perm.STAFF_MANAGE)
    form = RoleForm(
        request.POST if request.method == "POST" else None,
        organisations=_organisations(request),
    )
    if request.method == "POST":
        require_any(request.user, Perm.STAFF_MANAGE)
        if form.is_valid():
            try:
                services.role_assign(
                    actor=request.user,
                    user=member,
                    role=form.cleaned_data["role"],
                    organisation=form.cleaned_data["organisation"],
                    division=form.cleaned_data["division_code"],
                )
            except (ValidationError, Problem) as error:
                show_service_error(form, error)
            else:
                messages.success(request, _("The role was assigned."))
                return redirect("accounts:staff-detail", member.username)
    context = {
        "member": member,
        "assignments": member.role_assignments.all(),
        "form": form,
        "can_manage": can_manage,
    }
    status = 400 if form.errors else 200
    return render(request, "accounts/staff/detail.html", context, status=status)


@staff_only
@require_POST
def role_withdraw(request: HttpRequest, username: str, pk: int) -> HttpResponse:
    require_any(request.user, Perm.STAFF_MANAGE)
    member = selectors.staff_get_for(user=request.user, username=username)
    assignment = selectors.role_assignment_get(member=member, pk=pk)
    try:
        services.role_revoke(actor=request.user, assignment=assignment)
    except (ValidationError, Problem) as error:
        text = error.detail if isinstance(error, Problem) else " ".join(error.messages)
        messages.error(request, str(text))
    else:
        messages.success(request, _("The role was withdrawn."))
    return redirect("accounts:staff-detail", member.username)

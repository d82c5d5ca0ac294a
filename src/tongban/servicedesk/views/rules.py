"""The routing rules page (派单规则): the dispatcher's rules, a new rule, switching one
off. The most specific matching rule routes a ticket when it is filed (``domain.routing``);
the page says so beside the form."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongban.cases.views.common import call_service, staff_required
from tongban.core.permissions import Perm, not_found, scope_for
from tongban.regions import selectors as region_selectors
from tongban.servicedesk import selectors
from tongban.servicedesk.forms import ActionForm, RoutingRuleForm
from tongban.servicedesk.services import rules


def _dispatcher(user: Any) -> None:
    scope = scope_for(user, Perm.TICKET_DISPATCH)
    if not (scope.everything or scope.grants):
        raise not_found()


@staff_required
@require_http_methods(["GET", "POST"])
def rule_list(request: HttpRequest) -> HttpResponse:
    _dispatcher(request.user)
    organisations = region_selectors.organisation_list_for(
        user=request.user, permission=Perm.TICKET_DISPATCH
    ).order_by("name")
    form = RoutingRuleForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made = call_service(
            form,
            lambda: rules.routing_rule_create(
                actor=request.user,
                target=data["target"],
                ticket_type=data["ticket_type"],
                implementation=data["implementation_code"],
                subject_organisation=data["subject_organisation"],
                division_code=data["division_code"],
                priority=data["priority"],
            ),
        )
        if made is not None:
            messages.success(request, _("The rule was added."))
            return redirect("servicedesk:rules")
    return render(
        request,
        "servicedesk/rules.html",
        {"rules": selectors.routing_rule_list_for(user=request.user), "form": form},
    )


@staff_required
@require_POST
def rule_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    rule = selectors.routing_rule_get_for(user=request.user, pk=pk)
    refusal = ActionForm({}, fields=[])  # bound and empty: it only carries refusals
    if call_service(
        refusal, lambda: rules.routing_rule_deactivate(rule=rule, actor=request.user)
    ):
        messages.success(request, _("The rule was switched off."))
    else:
        for error in refusal.non_field_errors():
            messages.error(request, str(error))
    return redirect("servicedesk:rules")

"""Workbench pages for the platform administrator (``integration.manage``): the webhook
subscriptions of every client system — list, create (the secret shown once), pause and
resume — and one subscription's delivery log with its dead letters, each replayable."""

import fnmatch
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from tongban.accounts.client_systems import client_systems_enabled
from tongban.core.permissions import Perm, has_permission
from tongban.exchange import subscriptions
from tongban.notifications import webhooks
from tongban.notifications.models import WebhookDelivery
from tongban.regions import selectors as region_selectors

LOG_ROWS = 100


class SubscriptionForm(forms.Form):
    client = forms.ChoiceField(label=_("Client system"))
    url = forms.URLField(label=_("Address"), max_length=500, assume_scheme="https")
    event_types = forms.CharField(
        label=_("Event types"),
        help_text=_("One or more, separated by spaces, e.g. cn.tongban.case.*"),
        max_length=500,
    )
    division_code = forms.RegexField(
        label=_("Region (division code)"), regex=r"^\d{2,12}$", max_length=12
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.systems = {s.application.client_id: s for s in client_systems_enabled()}
        client = cast(forms.ChoiceField, self.fields["client"])  # declared above
        client.choices = [(key, s.application.name) for key, s in self.systems.items()]

    def clean_event_types(self) -> list[str]:
        patterns = self.cleaned_data["event_types"].split()
        known = webhooks.event_types()
        unknown = [p for p in patterns if not fnmatch.filter(known, p)]
        if unknown:
            raise ValidationError(
                _("No registered event type matches: {patterns}.").format(
                    patterns=", ".join(unknown)
                )
            )
        return patterns

    def clean_division_code(self) -> Any:
        division = region_selectors.division_get(
            code=self.cleaned_data["division_code"]
        )
        if division is None:
            raise ValidationError(_("No region has this code."))
        return division


def _allowed(request: HttpRequest) -> None:
    if not has_permission(request.user, Perm.INTEGRATION_MANAGE):
        raise PermissionDenied(_("Your role does not allow this."))


def _subscription(uuid: Any) -> Any:
    found = webhooks.subscriptions_all().filter(uuid=uuid).first()
    if found is None:
        raise Http404(_("Not found."))
    return found


@login_required
def subscription_list(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    form = SubscriptionForm(request.POST or None)
    secret = ""
    if request.method == "POST" and form.is_valid():
        try:
            _made, secret = subscriptions.subscription_create(
                actor=request.user,
                application=form.systems[form.cleaned_data["client"]].application,
                url=form.cleaned_data["url"],
                event_types=form.cleaned_data["event_types"],
                division_prefix=form.cleaned_data["division_code"].prefix,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            form = SubscriptionForm()
    rows = webhooks.subscriptions_all()
    return render(
        request,
        "exchange/webhooks.html",
        {"subscriptions": rows, "form": form, "secret": secret},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def subscription_pause(request: HttpRequest, uuid: Any) -> HttpResponse:
    _allowed(request)
    subscription = _subscription(uuid)
    paused = request.POST.get("paused") == "1"
    subscriptions.subscription_pause(
        actor=request.user, subscription=subscription, paused=paused
    )
    messages.success(request, _("Paused.") if paused else _("Resumed."))
    return redirect("exchange:webhooks")


@login_required
def delivery_log(request: HttpRequest, uuid: Any) -> HttpResponse:
    _allowed(request)
    subscription = _subscription(uuid)
    wanted = request.GET.get("status", "")
    if wanted not in ("", *WebhookDelivery.Status.values):
        wanted = ""
    rows = webhooks.deliveries_of(subscription=subscription, status=wanted)[:LOG_ROWS]
    return render(
        request,
        "exchange/deliveries.html",
        {
            "subscription": subscription,
            "deliveries": rows,
            "status": wanted,
            "statuses": WebhookDelivery.Status.choices,
        },
    )


@login_required
@require_POST
def delivery_replay(request: HttpRequest, uuid: Any, delivery: Any) -> HttpResponse:
    _allowed(request)
    subscription = _subscription(uuid)
    found = webhooks.deliveries_of(subscription=subscription).filter(uuid=delivery)
    row = found.first()
    if row is None:
        raise Http404(_("Not found."))
    subscriptions.delivery_replay(actor=request.user, delivery=row)
    messages.success(request, _("The delivery will be sent again, with the same id."))
    return redirect("exchange:webhook-deliveries", uuid=subscription.uuid)

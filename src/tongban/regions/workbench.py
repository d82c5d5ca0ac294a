"""Workbench pages where an administrator manages the service halls of their area: a
new hall, its weekly opening sessions (split sessions in one day, as in Lhasa), its
closures, its windows and who is on duty at each window on a day (在岗人员, shown on the
public hall page). Reads go through the scoped selectors (out of scope is "not
found"), writes through the services, which check the scope and write the audit rows."""

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongban.core.api.problems import Problem
from tongban.core.forms import show_service_error
from tongban.core.permissions import Perm, has_permission, require_any
from tongban.regions import selectors, services
from tongban.regions.domain import duty
from tongban.regions.models import Hall, Organisation, Window

staff_only = login_required(login_url="accounts:staff-login")
SESSION_ROWS = 14  # two sessions on each day of the week
ServiceError = (ValidationError, Problem)
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class HallForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("name"), max_length=200)
    name_bo = forms.CharField(
        label=gettext_lazy("name (Tibetan)"), max_length=200, required=False
    )
    name_en = forms.CharField(
        label=gettext_lazy("name (English)"), max_length=200, required=False
    )
    kind = forms.ChoiceField(label=gettext_lazy("kind"), choices=Hall.Kind.choices)
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=gettext_lazy("managing organisation"), queryset=None
    )
    address = forms.CharField(
        label=gettext_lazy("address"), max_length=300, required=False
    )
    phone = forms.CharField(label=gettext_lazy("phone"), max_length=40, required=False)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]  # a ModelChoiceField, declared above


class SessionForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=gettext_lazy("weekday"),
        choices=[("", "—"), *WEEKDAYS.items()],
        coerce=int,
        empty_value=None,
        required=False,
    )
    opens = forms.TimeField(label=gettext_lazy("opens"), required=False, widget=TIME)
    closes = forms.TimeField(label=gettext_lazy("closes"), required=False, widget=TIME)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # cells of a table: no visible label
            field.widget.attrs["aria-label"] = str(field.label)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [data.get(k) is not None for k in ("weekday", "opens", "closes")]
        if any(given) and not all(given):
            raise ValidationError(
                _("A session needs a weekday, an opening and a closing time.")
            )
        return data


SessionFormSet = forms.formset_factory(SessionForm, extra=0, max_num=SESSION_ROWS)


class ClosureForm(forms.Form):
    start_date = forms.DateField(
        label=gettext_lazy("from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=gettext_lazy("until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=gettext_lazy("reason"), max_length=200)


class WindowForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("window number"), max_length=20)
    name = forms.CharField(label=gettext_lazy("name"), max_length=100)
    kind = forms.ChoiceField(label=gettext_lazy("kind"), choices=Window.Kind.choices)


def _organisations(request: HttpRequest) -> Any:
    return selectors.organisation_list_for(
        user=request.user, permission=Perm.HALL_MANAGE
    ).order_by("division__code", "name")


@staff_only
@require_GET
def hall_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, Perm.HALL_VIEW)
    context = {
        "halls": selectors.hall_list_for(user=request.user)[:200],
        "can_manage": has_permission(request.user, Perm.HALL_MANAGE),
    }
    return render(request, "regions/hall_list.html", context)


@staff_only
@require_http_methods(["GET", "POST"])
def hall_new(request: HttpRequest) -> HttpResponse:
    require_any(request.user, Perm.HALL_MANAGE)
    form = HallForm(request.POST or None, organisations=_organisations(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            hall = services.hall_create(
                actor=request.user,
                division_code=data["organisation"].division.code,
                **data,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("The hall was created; now set its hours."))
            return redirect("regions:hall-detail", hall.uuid)
    status = 400 if form.errors else 200
    return render(request, "regions/hall_new.html", {"form": form}, status=status)


def _sessions_initial(hall: Hall) -> list[dict[str, Any]]:
    rows = [
        {"weekday": s.weekday, "opens": s.opens, "closes": s.closes}
        for s in hall.sessions.all()
    ]
    return rows + [{}] * (SESSION_ROWS - len(rows))


def _hall_page(
    request: HttpRequest, hall: Hall, status: int = 200, **given: Any
) -> HttpResponse:
    context = {
        "hall": hall,
        "can_manage": has_permission(request.user, Perm.HALL_MANAGE),
        "sessions": given.get("sessions")
        or SessionFormSet(initial=_sessions_initial(hall), prefix="s"),
        "closure_form": given.get("closure_form") or ClosureForm(),
        "window_form": given.get("window_form") or WindowForm(),
        "session_rows": [
            (WEEKDAYS[s.weekday], s.opens, s.closes) for s in hall.sessions.all()
        ],
        **_duty_context(request, hall),
    }
    return render(request, "regions/hall_detail.html", context, status=status)


def _duty_day(value: Any) -> datetime.date:
    """The roster's day from the query or the form; today when absent or not a date."""
    try:
        return datetime.date.fromisoformat(str(value or ""))
    except ValueError:
        return timezone.localdate()


def _duty_context(request: HttpRequest, hall: Hall) -> dict[str, Any]:
    day = _duty_day(request.GET.get("day") or request.POST.get("day"))
    names = selectors.duty_of_halls(hall_ids=[hall.pk], day=day)
    return {
        "duty_day": day,
        "duty_rows": [
            (w, "、".join(names.get(w.pk, [])))
            for w in hall.windows.all()
            if w.is_active
        ],
    }


@staff_only
@require_POST
def hall_duty(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Save one day's roster: a box of names per window (see ``domain.duty``)."""
    hall = selectors.hall_get_for(
        user=request.user, uuid=uuid, permission=Perm.HALL_MANAGE
    )
    day = _duty_day(request.POST.get("day"))
    windows = {w.pk: w for w in hall.windows.all() if w.is_active}
    rosters = {
        pk: duty.duty_names(request.POST.get(f"window_{pk}", "")[:1000])
        for pk in windows
    }
    try:
        services.hall_duty_set(actor=request.user, hall=hall, day=day, rosters=rosters)
    except ValidationError as error:
        for key, errors in error.message_dict.items():
            window = windows.get(int(key.removeprefix("window_") or 0))
            for text in errors:
                messages.error(request, f"{window.number if window else ''} {text}")
        return _hall_page(request, hall, status=400)
    messages.success(request, _("The duty roster was saved."))
    return redirect(f"{reverse('regions:hall-detail', args=[hall.uuid])}?day={day}")


@staff_only
@require_GET
def hall_detail(request: HttpRequest, uuid: Any) -> HttpResponse:
    hall = selectors.hall_get_for(user=request.user, uuid=uuid)
    return _hall_page(request, hall)


@staff_only
@require_POST
def hall_sessions(request: HttpRequest, uuid: Any) -> HttpResponse:
    hall = selectors.hall_get_for(
        user=request.user, uuid=uuid, permission=Perm.HALL_MANAGE
    )
    formset = SessionFormSet(request.POST, prefix="s")
    if formset.is_valid():
        rows: list[tuple[int, datetime.time, datetime.time]] = [
            (f["weekday"], f["opens"], f["closes"])
            for f in formset.cleaned_data
            if f.get("weekday") is not None
        ]
        try:
            services.hall_set_sessions(actor=request.user, hall=hall, sessions=rows)
        except ValidationError as error:
            for key, errors in error.error_dict.items():
                index = int(key.split("[")[1].rstrip("]")) if "[" in key else None
                for item in errors:
                    formset.forms[_row_of(formset, index)].add_error(
                        None, item.messages[0]
                    )
        else:
            messages.success(request, _("The opening hours were saved."))
            return redirect("regions:hall-detail", hall.uuid)
    return _hall_page(request, hall, status=400, sessions=formset)


def _row_of(formset: Any, index: int | None) -> int:
    """The form row of the ``index``-th non-empty session (empty rows are skipped)."""
    filled = [
        i for i, f in enumerate(formset.cleaned_data) if f.get("weekday") is not None
    ]
    return filled[index] if index is not None and index < len(filled) else 0


@staff_only
@require_POST
def hall_closure(request: HttpRequest, uuid: Any) -> HttpResponse:
    hall = selectors.hall_get_for(
        user=request.user, uuid=uuid, permission=Perm.HALL_MANAGE
    )
    form = ClosureForm(request.POST)
    if form.is_valid():
        try:
            services.hall_closure_add(
                actor=request.user, hall=hall, **form.cleaned_data
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("The closure was added."))
            return redirect("regions:hall-detail", hall.uuid)
    return _hall_page(request, hall, status=400, closure_form=form)


@staff_only
@require_POST
def hall_window(request: HttpRequest, uuid: Any) -> HttpResponse:
    hall = selectors.hall_get_for(
        user=request.user, uuid=uuid, permission=Perm.HALL_MANAGE
    )
    form = WindowForm(request.POST)
    if form.is_valid():
        try:
            services.window_create(actor=request.user, hall=hall, **form.cleaned_data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("The window was added."))
            return redirect("regions:hall-detail", hall.uuid)
    return _hall_page(request, hall, status=400, window_form=form)

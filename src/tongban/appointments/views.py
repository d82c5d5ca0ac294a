"""Pages: booking and my appointments (applicants), the kiosk and ticket pages and the
hall display (anyone at the hall), the window's calling desk and statistics (clerks)."""

import datetime as dt
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongban.accounts import selectors as account_selectors
from tongban.accounts import services as account_services
from tongban.appointments import selectors, services
from tongban.appointments.forms import (
    BookForm,
    CallerFindForm,
    CheckInForm,
    FinishForm,
    TakeNumberForm,
    TransferForm,
)
from tongban.appointments.lifecycle import TICKETS
from tongban.core.api.problems import Problem
from tongban.core.api.throttling import ScopedThrottle
from tongban.core.forms import show_service_error
from tongban.core.permissions import Perm, require_any, scope_for
from tongban.regions import selectors as region_selectors


def _applicant(request: HttpRequest) -> Any:
    applicant = getattr(request.user, "applicant", None)
    if applicant is None:
        raise PermissionDenied(_("Log in as an applicant to book."))
    return applicant


@require_http_methods(["GET", "POST"])
def hall_book(request: HttpRequest, uuid: Any) -> HttpResponse:
    hall = region_selectors.hall_public_get(uuid=uuid)
    groups = list(selectors.group_list(hall=hall))
    code = request.POST.get("group") or request.GET.get("group") or ""
    group = next((g for g in groups if g.code == code), groups[0] if groups else None)
    form = BookForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(
                f"{reverse('accounts:applicant-login')}?next={request.path}"
            )
        applicant = _applicant(request)
        if form.is_valid() and group is not None:
            day, start = form.cleaned_data["slot"]
            try:
                appointment = services.appointment_book(
                    actor=request.user,
                    applicant=applicant,
                    group=group,
                    day=day,
                    start=start,
                )
            except ValidationError as error:
                show_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("Booked. Your booking code is {reference}.").format(
                        reference=appointment.reference
                    ),
                )
                return redirect("appointments:mine")
    open_slots = selectors.group_slots(group=group) if group else []
    days = [
        (day, list(slots))
        for day, slots in groupby(open_slots, key=lambda s: s.slot.day)
    ]
    return render(
        request,
        "appointments/book.html",
        {"hall": hall, "groups": groups, "group": group, "days": days, "form": form},
        status=400 if form.errors else 200,
    )


@login_required(login_url="accounts:applicant-login")
def my_appointments(request: HttpRequest) -> HttpResponse:
    applicant = _applicant(request)
    return render(
        request,
        "appointments/mine.html",
        {
            "appointments": selectors.appointment_list_for(
                applicant=applicant
            ).order_by("-day", "-start")[:50]
        },
    )


@require_http_methods(["GET", "POST"])
@login_required(login_url="accounts:applicant-login")
def appointment_change(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Move a booking to another time of its queue, keeping its booking code."""
    appointment = selectors.appointment_get_for(
        applicant=_applicant(request), uuid=uuid
    )
    if appointment is None:
        raise Http404
    group = appointment.group
    form = BookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        day, start = form.cleaned_data["slot"]
        try:
            services.appointment_change(
                actor=request.user, appointment=appointment, day=day, start=start
            )
        except ValidationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("The appointment is changed."))
            return redirect("appointments:mine")
    open_slots = selectors.group_slots(group=group)
    days = [
        (day, list(slots))
        for day, slots in groupby(open_slots, key=lambda s: s.slot.day)
    ]
    return render(
        request,
        "appointments/book.html",
        {
            "hall": group.hall,
            "groups": [group],
            "group": group,
            "days": days,
            "form": form,
            "changing": appointment,
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required(login_url="accounts:applicant-login")
def appointment_cancel(request: HttpRequest, uuid: Any) -> HttpResponse:
    appointment = selectors.appointment_get_for(
        applicant=_applicant(request), uuid=uuid
    )
    if appointment is None:
        raise Http404
    try:
        services.appointment_cancel(actor=request.user, appointment=appointment)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    except Problem as error:
        messages.error(request, str(error.detail))
    else:
        messages.success(request, _("The appointment is cancelled."))
    return redirect("appointments:mine")


@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Take a number: the hall's kiosk, or a phone that scanned the code at the door."""
    hall = region_selectors.hall_public_get(uuid=uuid)
    groups = list(selectors.group_list(hall=hall))
    take = TakeNumberForm(request.POST if "group" in request.POST else None)
    check_in = CheckInForm(request.POST if "reference" in request.POST else None)
    language = get_language() or "zh-hans"
    if request.method == "POST" and not ScopedThrottle("queue_take").allow(request):
        messages.error(
            request, _("Too many numbers from this device; please wait a minute.")
        )
        return render(
            request,
            "appointments/kiosk.html",
            {
                "hall": hall,
                "groups": groups,
                "take": TakeNumberForm(),
                "check_in": CheckInForm(),
            },
            status=429,
        )
    try:
        if take.is_bound and take.is_valid():
            group = selectors.group_get(hall=hall, code=take.cleaned_data["group"])
            if group is None:
                raise Http404
            ticket = services.ticket_take(
                actor=request.user,
                group=group,
                priority=take.cleaned_data["priority"],
                language=language,
            )
            return redirect("appointments:ticket", uuid=ticket.uuid)
        if check_in.is_bound and check_in.is_valid():
            ticket = services.appointment_check_in(
                actor=request.user,
                hall_id=hall.pk,
                reference=check_in.cleaned_data["reference"],
            )
            return redirect("appointments:ticket", uuid=ticket.uuid)
    except (ValidationError, Problem) as error:
        show_service_error(check_in if check_in.is_bound else take, error)
    bad = (take.is_bound and take.errors) or (check_in.is_bound and check_in.errors)
    return render(
        request,
        "appointments/kiosk.html",
        {"hall": hall, "groups": groups, "take": take, "check_in": check_in},
        status=400 if bad else 200,
    )


def ticket_page(request: HttpRequest, uuid: Any) -> HttpResponse:
    ticket = selectors.ticket_get(uuid=uuid)
    if ticket is None:
        raise Http404
    context = {"ticket": ticket, "position": selectors.ticket_position(ticket=ticket)}
    template = (
        "appointments/_ticket_status.html"
        if request.headers.get("HX-Request")
        else "appointments/ticket.html"
    )
    return render(request, template, context)


def display(request: HttpRequest, uuid: Any) -> HttpResponse:
    hall = region_selectors.hall_public_get(uuid=uuid)
    board = selectors.display_board(hall=hall)
    template = (
        "appointments/_board.html"
        if request.headers.get("HX-Request")
        else "appointments/display.html"
    )
    return render(request, template, {"hall": hall, **board})


# -- the window's calling desk ----------------------------------------------------------


def _windows_for(user: Any) -> Any:
    require_any(user, Perm.CASE_INTAKE)
    return region_selectors.window_list_for(user=user, permission=Perm.CASE_INTAKE)


@login_required(login_url="accounts:staff-login")
def desk(request: HttpRequest) -> HttpResponse:
    windows = _windows_for(request.user)
    return render(request, "appointments/desk_choose.html", {"windows": windows})


def _window_or_404(user: Any, window_id: int) -> Any:
    window = _windows_for(user).filter(pk=window_id).first()
    if window is None:
        raise Http404
    return window


@login_required(login_url="accounts:staff-login")
@require_http_methods(["GET", "POST"])
def window_desk(request: HttpRequest, window_id: int) -> HttpResponse:
    window = _window_or_404(request.user, window_id)
    groups = selectors.groups_of_window(window=window)
    if request.method == "POST":
        _act(request, window)
        return redirect("appointments:window-desk", window_id=window.pk)
    current = selectors.window_current(window=window)
    actions = TICKETS.allowed(current, request.user) if current else []
    waiting = selectors.waiting_count(groups=groups)
    return render(
        request,
        "appointments/desk.html",
        {
            "window": window,
            "groups": groups,
            "current": current,
            "actions": [a for a in actions if a.event != "call"],
            "waiting": waiting,
            "transfer": TransferForm(),
            "finish": FinishForm(),
            "other_groups": [
                g
                for g in selectors.group_list(hall=window.hall)
                if current is None or g.pk != current.group_id
            ],
        },
    )


def _act(request: HttpRequest, window: Any) -> None:
    event = request.POST.get("event", "")
    try:
        if event == "call":
            ticket = services.ticket_call_next(actor=request.user, window=window)
            if ticket is None:
                messages.info(request, _("Nobody is waiting."))
            return
        current = selectors.window_current(window=window)
        declared = TICKETS.by_slug(event.replace("_", "-"))
        if current is None or declared is None:
            messages.error(request, _("There is no number at this window to act on."))
            return
        data: dict[str, Any] = {}
        if declared.request is not None:
            fields = set(declared.request().fields)
            data = {k: v for k, v in request.POST.items() if k in fields}
            serializer = declared.request(data=data)
            if not serializer.is_valid():
                for errors in serializer.errors.values():
                    for text in errors:
                        messages.error(request, str(text))
                return
            data = dict(serializer.validated_data)
        services.ticket_act(
            actor=request.user, ticket=current, event=declared.event, data=data
        )
    except (ValidationError, Problem) as error:
        texts = (
            error.messages
            if isinstance(error, ValidationError)
            else [str(error.detail)]
        )
        for text in texts:
            messages.error(request, text)


@login_required(login_url="accounts:staff-login")
def statistics(request: HttpRequest, uuid: Any) -> HttpResponse:
    hall = region_selectors.hall_public_get(uuid=uuid)
    scope = scope_for(request.user, Perm.HALL_VIEW)
    if not scope.covers(
        division_prefix=hall.division.prefix,
        organisation_path=hall.organisation.path,
    ):
        raise Http404
    end = timezone.localdate()
    start = end - dt.timedelta(days=30)
    rows = selectors.queue_statistics(hall=hall, start=start, end=end)
    return render(
        request,
        "appointments/statistics.html",
        {"hall": hall, "rows": rows, "start": start, "end": end},
    )


PHONE_CALLER_KEY = "tongban_phone_caller"  # the caller a phone agent books for


@login_required(login_url="accounts:staff-login")
@require_http_methods(["GET", "POST"])
def phone_booking(request: HttpRequest) -> HttpResponse:
    """A phone agent books for a caller: choose the queue, find the caller by ID (an
    audited lookup with its purpose), book one of the open times; the confirmation SMS
    goes to the caller in their language."""
    require_any(request.user, Perm.APPLICANT_LOOKUP)
    windows = _windows_for(request.user)
    groups = [
        g for hall in {w.hall for w in windows} for g in selectors.group_list(hall=hall)
    ]
    key = request.POST.get("queue") or request.GET.get("queue") or ""
    group = next((g for g in groups if f"{g.hall_id}-{g.code}" == key), None)
    group = group or (groups[0] if groups else None)
    finding = request.method == "POST" and request.POST.get("action") == "find"
    find = CallerFindForm(request.POST if finding else None)
    form = BookForm(request.POST if request.method == "POST" and not finding else None)
    if finding and find.is_valid() and group is not None:
        found = account_services.applicant_lookup(
            actor=request.user,
            id_type=find.cleaned_data["id_type"],
            id_number=find.cleaned_data["id_number"],
            purpose=f"phone booking: {group.hall.name} {group.code}",
        )
        request.session[PHONE_CALLER_KEY] = str(found.uuid) if found else None
        if found is None:
            messages.error(request, _("No applicant with this ID is registered."))
    caller = _phone_caller(request)
    if request.method == "POST" and not finding and caller and group:
        booked = _phone_book(request, form, caller, group)
        if booked is not None:
            return booked
    open_slots = selectors.group_slots(group=group) if group and caller else []
    days = [
        (day, list(slots))
        for day, slots in groupby(open_slots, key=lambda s: s.slot.day)
    ]
    context = {
        "groups": groups,
        "group": group,
        "find": find,
        "caller": caller,
        "days": days,
        "form": form,
    }
    return render(request, "appointments/phone_booking.html", context)


def _phone_caller(request: HttpRequest) -> Any:
    key = request.session.get(PHONE_CALLER_KEY)
    if not key:
        return None
    return account_selectors.applicant_get_for(user=request.user, uuid=key)


def _phone_book(
    request: HttpRequest, form: BookForm, caller: Any, group: Any
) -> HttpResponse | None:
    if not form.is_valid():
        return None
    day, start = form.cleaned_data["slot"]
    try:
        appointment = services.appointment_book(
            actor=request.user, applicant=caller, group=group, day=day, start=start
        )
    except ValidationError as error:
        show_service_error(form, error)
        return None
    request.session.pop(PHONE_CALLER_KEY, None)
    messages.success(
        request,
        _("Booked for the caller; booking code {reference}.").format(
            reference=appointment.reference
        ),
    )
    return redirect("appointments:phone-booking")

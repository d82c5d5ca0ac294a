"""The appointments API: slots and booking (public), numbers and their place in line
(anonymous at the hall), and the calling desk (staff), one endpoint per declared action."""

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.appointments import selectors, services
from tongban.appointments.api import serializers as s
from tongban.appointments.lifecycle import TICKETS, Event
from tongban.core.api.problems import Problem
from tongban.core.api.throttling import ScopedThrottle
from tongban.core.permissions import Perm, StaffPermission, not_found
from tongban.lifecycle.actions import Action
from tongban.regions import selectors as region_selectors


def _group(hall_uuid: Any, code: str) -> Any:
    hall = region_selectors.hall_public_get(uuid=hall_uuid)
    group = selectors.group_get(hall=hall, code=code)
    if group is None:
        raise not_found()
    return group


class Groups(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="public_hall_window_groups", responses=s.GroupSerializer(many=True)
    )
    def get(self, request: Request, uuid: str) -> Response:
        hall = region_selectors.hall_public_get(uuid=uuid)
        return Response(
            s.GroupSerializer(selectors.group_list(hall=hall), many=True).data
        )


class Slots(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="public_hall_slots", responses=s.SlotSerializer(many=True)
    )
    def get(self, request: Request, uuid: str, code: str) -> Response:
        slots = selectors.group_slots(group=_group(uuid, code))
        return Response(s.SlotSerializer(slots, many=True).data)


class MyAppointments(APIView):
    permission_classes = [IsAuthenticated]

    def _applicant(self, request: Request) -> Any:
        applicant = getattr(request.user, "applicant", None)
        if applicant is None:
            raise Problem(
                status_code=403,
                code="not_an_applicant",
                detail=_("Log in as an applicant to book."),
            )
        return applicant

    @extend_schema(
        operation_id="public_appointments_list",
        responses=s.AppointmentSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        rows = selectors.appointment_list_for(applicant=self._applicant(request))
        return Response(
            s.AppointmentSerializer(rows.order_by("-day")[:100], many=True).data
        )

    @extend_schema(
        operation_id="public_appointments_book",
        request=s.BookSerializer,
        responses={201: s.AppointmentSerializer},
    )
    def post(self, request: Request) -> Response:
        applicant = self._applicant(request)
        data = s.BookSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        appointment = services.appointment_book(
            actor=request.user,
            applicant=applicant,
            group=_group(data.validated_data["hall"], data.validated_data["group"]),
            day=data.validated_data["day"],
            start=data.validated_data["start"],
        )
        return Response(
            s.AppointmentSerializer(appointment).data, status=status.HTTP_201_CREATED
        )


def _my_appointment(request: Request, uuid: str) -> Any:
    applicant = getattr(request.user, "applicant", None)
    appointment = (
        selectors.appointment_get_for(applicant=applicant, uuid=uuid)
        if applicant
        else None
    )
    if appointment is None:
        raise not_found()
    return appointment


class AppointmentCancel(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="public_appointments_cancel",
        request=None,
        responses=s.AppointmentSerializer,
        description="Cancel until the cut-off before the slot (past it: 400 "
        "``past_cutoff``; the hall takes it by phone).",
    )
    def post(self, request: Request, uuid: str) -> Response:
        appointment = services.appointment_cancel(
            actor=request.user, appointment=_my_appointment(request, uuid)
        )
        return Response(s.AppointmentSerializer(appointment).data)


class AppointmentChange(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="public_appointments_change",
        request=s.ChangeSerializer,
        responses=s.AppointmentSerializer,
        description="Move the booking to another slot of its queue, same booking code, "
        "until the cut-off before the slot it holds (past it: 400 ``past_cutoff``).",
    )
    def post(self, request: Request, uuid: str) -> Response:
        appointment = _my_appointment(request, uuid)
        data = s.ChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        appointment = services.appointment_change(
            actor=request.user,
            appointment=appointment,
            day=data.validated_data["day"],
            start=data.validated_data["start"],
        )
        return Response(s.AppointmentSerializer(appointment).data)


class Tickets(APIView):
    """Take a number at the hall (kiosk or the door's QR page): no login."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="public_hall_tickets_take",
        request=s.TakeSerializer,
        responses={201: s.QueueTicketSerializer},
    )
    def post(self, request: Request, uuid: str) -> Response:
        if not ScopedThrottle("queue_take").allow(request):
            raise Throttled
        hall = region_selectors.hall_public_get(uuid=uuid)
        data = s.TakeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data.get("reference"):
            ticket = services.appointment_check_in(
                actor=request.user,
                hall_id=hall.pk,
                reference=data.validated_data["reference"],
            )
        else:
            ticket = services.ticket_take(
                actor=request.user,
                group=_group(uuid, data.validated_data["group"]),
                priority=data.validated_data["priority"],
                language=get_language() or "zh-hans",
            )
        return Response(
            s.QueueTicketSerializer(ticket).data, status=status.HTTP_201_CREATED
        )


class TicketDetail(APIView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="public_tickets_get", responses=s.QueueTicketSerializer)
    def get(self, request: Request, uuid: str) -> Response:
        ticket = selectors.ticket_get(uuid=uuid)
        if ticket is None:
            raise not_found()
        position = selectors.ticket_position(ticket=ticket)
        return Response(
            s.QueueTicketSerializer(ticket, context={"position": position}).data
        )


class CallNext(APIView):
    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"POST": Perm.CASE_INTAKE}

    @extend_schema(
        operation_id="internal_windows_call_next",
        request=None,
        responses={200: s.QueueTicketSerializer, 204: None},
    )
    def post(self, request: Request, window_id: int) -> Response:
        window = (
            region_selectors.window_list_for(
                user=request.user, permission=Perm.CASE_INTAKE
            )
            .filter(pk=window_id)
            .first()
        )
        if window is None:
            raise not_found()
        ticket = services.ticket_call_next(actor=request.user, window=window)
        if ticket is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(s.QueueTicketSerializer(ticket).data)


class TicketAction(APIView):
    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"POST": Perm.CASE_INTAKE}
    action: Action[Any, Any, Any]

    def act(self, request: Request, uuid: str) -> Response:
        ticket = selectors.ticket_get(uuid=uuid)
        if ticket is None:
            raise not_found()
        assert self.action.request is not None  # noqa: S101 - only such actions get a view
        data = self.action.request(data=request.data)
        data.is_valid(raise_exception=True)
        ticket = services.ticket_act(
            actor=request.user,
            ticket=ticket,
            event=self.action.event,
            data=dict(data.validated_data),
        )
        return Response(s.QueueTicketSerializer(ticket).data)


def action_view(declared: Action[Any, Any, Any]) -> type[TicketAction]:
    """The endpoint of one declared ticket action, with its own request schema."""

    @extend_schema(
        operation_id=f"internal_queue_tickets_{declared.event}",
        request=declared.request,
        responses=s.QueueTicketSerializer,
        description=str(declared.label),
    )
    def post(self: TicketAction, request: Request, uuid: str) -> Response:
        return self.act(request, uuid)

    return type(
        f"TicketAction_{declared.event}",
        (TicketAction,),
        {"action": declared, "post": post},
    )


# Calling is by window (call-next), expiry is the scheduler's: the rest are endpoints.
STAFF_ACTIONS = [
    a for a in TICKETS.actions.values() if a.event not in (Event.CALL, Event.EXPIRE)
]

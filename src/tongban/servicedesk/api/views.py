"""Service-desk API views: thin — parse, call a service or selector, serialise.

Each ticket action is declared once in ``servicedesk.lifecycle``; the endpoints and their
OpenAPI request schemas are derived from the declarations.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.accounts.selectors import staff_member_by_username
from tongban.core.api.parsers import JSONParser, MultiPartParser
from tongban.core.api.throttling import ScopedThrottle
from tongban.core.permissions import Perm, StaffPermission
from tongban.regions import selectors as region_selectors
from tongban.servicedesk import selectors
from tongban.servicedesk.api import serializers as s
from tongban.servicedesk.domain.lifecycle import Event, Role
from tongban.servicedesk.lifecycle import TICKETS
from tongban.servicedesk.models import Ticket
from tongban.servicedesk.services import knowledge
from tongban.servicedesk.services.intake import (
    TicketRequest,
    phone_code_check,
    phone_code_issue,
    ticket_file,
)

SESSION_KEY = "servicedesk_tickets"


def ticket_request(
    data: dict[str, Any], *, channel: str, uploads: list[Any]
) -> TicketRequest:
    """The intake request from validated serializer data (API and pages alike)."""
    return TicketRequest(
        ticket_type=data["ticket_type"],
        title=data["title"],
        content=data["content"],
        channel=channel,
        language=data.get("language") or translation.get_language() or "zh-hans",
        requester_name=data.get("requester_name", ""),
        requester_phone=data.get("requester_phone", ""),
        anonymous_to_unit=bool(data.get("anonymous_to_unit")),
        division_code=data.get("division_code", ""),
        implementation_code=data.get("implementation_code", ""),
        case_number=data.get("case_number", ""),
        organisation_uuid=str(data.get("organisation_uuid") or ""),
        hall_uuid=str(data.get("hall_uuid") or ""),
        subject_staff_username=data.get("subject_staff_username", ""),
        uploads=uploads,
    )


def flood_check(request: Any) -> None:
    """At most ``ticket_address`` tickets per client address (a flood is refused, 429)."""
    throttle = ScopedThrottle("ticket_address")
    if not throttle.allow(request):
        raise Throttled(
            wait=throttle.wait(),
            detail=str(_("Too many tickets from this address; try again later.")),
        )


def phone_checked(request: Any, data: dict[str, Any]) -> None:
    """An anonymous requester must prove the phone with the code sent to it."""
    if request.user.is_authenticated:
        return
    phone, code = data.get("requester_phone", ""), data.get("phone_code", "")
    if not phone or not code or not phone_code_check(phone=phone, code=code):
        raise ValidationError(
            {
                "phone_code": ValidationError(
                    _("The code is wrong or has expired. Request a new code."),
                    code="invalid_code",
                )
            }
        )


def remember(request: Any, ticket: Ticket) -> None:
    own = list(request.session.get(SESSION_KEY, []))[-19:]
    request.session[SESSION_KEY] = [*own, str(ticket.uuid)]


def _filed(ticket: Ticket) -> Response:
    return Response(
        s.TicketFiledSerializer(ticket).data, status=status.HTTP_201_CREATED
    )


class PhoneCode(APIView):
    """Send a code to the phone of a requester filing without an account."""

    permission_classes = [AllowAny]

    @extend_schema(request=s.PhoneCodeSerializer, responses={202: None})
    def post(self, request: Request) -> Response:
        body = s.PhoneCodeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        phone = body.validated_data["phone"]
        if ScopedThrottle("sms_address").allow(request) and ScopedThrottle(
            "sms_phone"
        ).allow(request, key=f"phone:{phone}"):
            phone_code_issue(
                phone=phone, language=translation.get_language() or "zh-hans"
            )
        return Response(status=status.HTTP_202_ACCEPTED)


class PublicTickets(APIView):
    """The requester's tickets; POST files one (anonymous: with a phone code)."""

    permission_classes = [AllowAny]
    parser_classes = [MultiPartParser, JSONParser]

    @extend_schema(responses=s.TicketSerializer(many=True))
    def get(self, request: Request) -> Response:
        if not request.user.is_authenticated:
            return Response([])
        tickets = selectors.ticket_list_for_requester(user=request.user)
        return Response(s.TicketSerializer(tickets, many=True).data)

    @extend_schema(
        request=s.TicketFileSerializer, responses={201: s.TicketFiledSerializer}
    )
    def post(self, request: Request) -> Response:
        flood_check(request)
        body = s.TicketFileSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        phone_checked(request, body.validated_data)
        ticket = ticket_file(
            request=ticket_request(
                body.validated_data,
                channel="portal",
                uploads=body.validated_data.get("attachments", []),
            ),
            actor=request.user,
        )
        remember(request, ticket)
        return _filed(ticket)


class PublicTicket(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=s.TicketSerializer)
    def get(self, request: Request, uuid: Any) -> Response:
        ticket = selectors.ticket_get_for_requester(
            user=request.user, uuid=uuid, own=set(request.session.get(SESSION_KEY, []))
        )
        return Response(s.TicketSerializer(ticket).data)


class KnowledgeSearch(APIView):
    """Published answers for the words asked (the guide, the form and the agent)."""

    permission_classes = [AllowAny]

    @extend_schema(responses=s.KnowledgeSerializer(many=True))
    def get(self, request: Request) -> Response:
        entries = selectors.knowledge_search(
            text=request.query_params.get("q", "")[:200],
            implementation_code=request.query_params.get("item", "")[:50],
        )
        return Response(s.KnowledgeSerializer(entries, many=True).data)


# --- staff ------------------------------------------------------------------------------------


def staff_ticket_data(ticket: Ticket, user: Any) -> dict[str, Any]:
    visible = {ticket.pk: selectors.requester_visible(ticket=ticket, user=user)}
    return dict(
        s.StaffTicketSerializer(ticket, context={"requester_visible": visible}).data
    )


class StaffTickets(APIView):
    """The queue of the caller (dispatcher, unit, supervisor); POST: phone or hall intake."""

    permission_classes = [IsAuthenticated, StaffPermission]
    parser_classes = [MultiPartParser, JSONParser]
    required_permissions = {"POST": Perm.TICKET_INTAKE}

    @extend_schema(responses=s.StaffTicketSerializer(many=True))
    def get(self, request: Request) -> Response:
        states = [v for v in request.query_params.getlist("state") if v][:6]
        tickets = list(selectors.ticket_queue_for(user=request.user, states=states))
        visible = {
            t.pk: selectors.requester_visible(ticket=t, user=request.user)
            for t in tickets
        }
        data = s.StaffTicketSerializer(
            tickets, many=True, context={"requester_visible": visible}
        ).data
        return Response(data)

    @extend_schema(
        request=s.StaffTicketFileSerializer, responses={201: s.TicketFiledSerializer}
    )
    def post(self, request: Request) -> Response:
        body = s.StaffTicketFileSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ticket = ticket_file(
            request=ticket_request(
                body.validated_data,
                channel=body.validated_data["channel"],
                uploads=body.validated_data.get("attachments", []),
            ),
            actor=request.user,
        )
        return _filed(ticket)


class StaffTicket(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.StaffTicketSerializer)
    def get(self, request: Request, uuid: Any) -> Response:
        ticket = selectors.ticket_get_for(user=request.user, uuid=uuid)
        return Response(staff_ticket_data(ticket, request.user))


def _organisation(uuid: Any) -> Any:
    organisation = region_selectors.organisation_by_uuid(uuid=uuid)
    if organisation is None:
        raise ValidationError(
            {
                "organisation_uuid": ValidationError(
                    _("No such organisation."), code="unknown"
                )
            }
        )
    return organisation


def _route(ticket: Ticket, data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "organisation": _organisation(data["organisation_uuid"])}


def _assign(ticket: Ticket, data: dict[str, Any]) -> dict[str, Any]:
    member = staff_member_by_username(username=data["handler_username"])
    if member is None:
        raise ValidationError(
            {
                "handler_username": ValidationError(
                    _("No such staff member."), code="unknown"
                )
            }
        )
    return {"handler": member}


def _pending(ticket: Ticket, data: dict[str, Any]) -> dict[str, Any]:
    pending = selectors.pending_extension(ticket=ticket)
    if pending is None:
        return {**data, "request_id": None}
    return {**data, "request_id": pending.pk, "days": pending.days}


# What an action's request names, resolved to what its effect takes (objects, the pending
# extension request); actions not listed take their request data as it is.
RESOLVE: dict[Event, Callable[[Ticket, dict[str, Any]], dict[str, Any]]] = {
    Event.ROUTE: _route,
    Event.ASSIGN: _assign,
    Event.APPROVE_EXTENSION: _pending,
    Event.REFUSE_EXTENSION: _pending,
}


def action_view(declared: Any) -> Any:
    """The endpoint of one declared action (``POST …/tickets/{uuid}/<slug>``)."""

    class TicketAction(APIView):
        permission_classes = [IsAuthenticated]

        @extend_schema(
            operation_id=f"ticket_{declared.event.value}",
            request=declared.request,
            responses=s.StaffTicketSerializer,
            description=str(declared.clause),
        )
        def post(self, request: Request, uuid: Any) -> Response:
            ticket = selectors.ticket_get_for(user=request.user, uuid=uuid)
            body = declared.request(data=request.data)
            body.is_valid(raise_exception=True)
            data = dict(body.validated_data)
            resolve = RESOLVE.get(declared.event)
            TICKETS.transition(
                obj=ticket,
                event=declared.event,
                actor=request.user,
                data=resolve(ticket, data) if resolve else data,
            )
            fresh = selectors.ticket_get_for(user=request.user, uuid=uuid)
            return Response(staff_ticket_data(fresh, request.user))

    TicketAction.__name__ = f"Ticket{declared.event.value.title().replace('_', '')}"
    return TicketAction.as_view()


def staff_actions() -> list[Any]:
    """The actions staff take (system-only ones have no endpoint, the requester's are
    public)."""
    return [
        a
        for a in TICKETS.actions.values()
        if a.request is not None and Role.REQUESTER not in a.actors
    ]


def requester_actions() -> list[Any]:
    return [a for a in TICKETS.actions.values() if Role.REQUESTER in a.actors]


def requester_action_view(declared: Any) -> Any:
    """The requester's callback answer online (``POST …/tickets/{uuid}/<slug>``)."""

    class RequesterAnswer(APIView):
        permission_classes = [IsAuthenticated]

        @extend_schema(
            operation_id=f"ticket_{declared.event.value}",
            request=declared.request,
            responses=s.TicketSerializer,
            description=str(declared.clause),
        )
        def post(self, request: Request, uuid: Any) -> Response:
            ticket = selectors.ticket_get_for_requester(
                user=request.user, uuid=uuid, own=set()
            )
            body = declared.request(data=request.data)
            body.is_valid(raise_exception=True)
            TICKETS.transition(
                obj=ticket,
                event=declared.event,
                actor=request.user,
                data=dict(body.validated_data),
            )
            fresh = selectors.ticket_get_for_requester(
                user=request.user, uuid=uuid, own=set()
            )
            return Response(s.TicketSerializer(fresh).data)

    RequesterAnswer.__name__ = f"Ticket{declared.event.value.title()}"
    return RequesterAnswer.as_view()


class TicketToKnowledge(APIView):
    """One click: an answered consultation becomes a knowledge-base draft."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={201: s.KnowledgeSerializer})
    def post(self, request: Request, uuid: Any) -> Response:
        ticket = selectors.ticket_get_for(user=request.user, uuid=uuid)
        entry = knowledge.knowledge_from_ticket(ticket=ticket, actor=request.user)
        return Response(
            s.KnowledgeSerializer(entry).data, status=status.HTTP_201_CREATED
        )


class KnowledgeEntries(APIView):
    """The entries the caller maintains or reviews; POST drafts one."""

    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"POST": Perm.KNOWLEDGE_MANAGE}

    @extend_schema(responses=s.KnowledgeSerializer(many=True))
    def get(self, request: Request) -> Response:
        entries = selectors.knowledge_list_for(user=request.user)[:200]
        return Response(s.KnowledgeSerializer(entries, many=True).data)

    @extend_schema(
        request=s.KnowledgeDraftSerializer, responses={201: s.KnowledgeSerializer}
    )
    def post(self, request: Request) -> Response:
        body = s.KnowledgeDraftSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        organisation = _organisation(data.pop("organisation_uuid"))
        item_code = data.pop("implementation_code", "")
        implementation = None
        if item_code:
            from tongban.catalog.selectors import public_guide

            try:
                implementation = public_guide(code=item_code).implementation
            except Http404:
                raise ValidationError(
                    {
                        "implementation_code": ValidationError(
                            _("No such service item."), code="unknown_item"
                        )
                    }
                ) from None
        entry = knowledge.knowledge_draft(
            actor=request.user,
            organisation=organisation,
            implementation=implementation,
            texts=data,
        )
        return Response(
            s.KnowledgeSerializer(entry).data, status=status.HTTP_201_CREATED
        )


def knowledge_step_view(step: str) -> Any:
    run = {
        "submit": knowledge.knowledge_submit,
        "publish": knowledge.knowledge_publish,
    }[step]

    class KnowledgeStep(APIView):
        permission_classes = [IsAuthenticated]

        @extend_schema(
            operation_id=f"knowledge_{step}",
            request=None,
            responses=s.KnowledgeSerializer,
        )
        def post(self, request: Request, uuid: Any) -> Response:
            entry = selectors.knowledge_get_for(user=request.user, uuid=uuid)
            entry = run(entry=entry, actor=request.user)
            return Response(s.KnowledgeSerializer(entry).data)

    KnowledgeStep.__name__ = f"Knowledge{step.title()}"
    return KnowledgeStep.as_view()

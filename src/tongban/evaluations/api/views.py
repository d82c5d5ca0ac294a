"""Evaluation API views: thin — parse, throttle, call a service or selector, serialise."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.cases import selectors as case_selectors
from tongban.core.api.throttling import ScopedThrottle
from tongban.core.permissions import Perm, StaffPermission, not_found
from tongban.evaluations import selectors
from tongban.evaluations.api import requests as r
from tongban.evaluations.api import serializers as s
from tongban.evaluations.lifecycle import RECTIFICATION
from tongban.evaluations.reports import (
    filters_from_query,
    month_range,
    statistics_report,
    window_for_staff,
)
from tongban.evaluations.services.invitations import evaluation_link
from tongban.evaluations.services.rectification import (
    rectification_evaluator_read,
    rectification_transition,
)
from tongban.evaluations.services.refusals import refuse
from tongban.evaluations.services.submit import (
    evaluation_follow_up,
    evaluation_submit,
    invitation_open,
    invitation_submit,
)


def _throttle(request: Request) -> None:
    if not ScopedThrottle("evaluation_address").allow(request):
        raise refuse("rate_limited")


class CaseEvaluations(APIView):
    """一事一评: the applicant's own evaluations of a case; POST gives one."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.EvaluationSerializer(many=True))
    def get(self, request: Request, uuid: str) -> Response:
        case = (
            case_selectors.case_list_for_applicant(user=request.user)
            .filter(uuid=uuid)
            .first()
        )
        if case is None:
            raise not_found()
        rows = selectors.evaluations_of_case(user=request.user, case=case)
        return Response(s.EvaluationSerializer(rows, many=True).data)

    @extend_schema(
        request=r.CaseEvaluationSerializer, responses={201: s.EvaluationSerializer}
    )
    def post(self, request: Request, uuid: str) -> Response:
        _throttle(request)
        body = r.CaseEvaluationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        evaluation = evaluation_submit(
            actor=request.user,
            case_uuid=uuid,
            stage=body.validated_data["stage"],
            channel=body.validated_data["channel"],
            rating=body.rating(),
        )
        return Response(
            s.EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED
        )


class VisitEvaluation(APIView):
    """一次一评 through a window's QR code or tablet, or an SMS link: one use per link."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=r.VisitEvaluationSerializer, responses={201: s.EvaluationSerializer}
    )
    def post(self, request: Request, token: str) -> Response:
        _throttle(request)
        body = r.VisitEvaluationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        evaluation = invitation_submit(
            actor=request.user,
            token=token,
            channel=body.validated_data["channel"],
            rating=body.rating(),
        )
        return Response(
            s.EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED
        )


class FollowUp(APIView):
    """The evaluator rates again after the unit's callback."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=r.RatingSerializer, responses={201: s.EvaluationSerializer})
    def post(self, request: Request, uuid: str) -> Response:
        _throttle(request)
        body = r.RatingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        evaluation = evaluation_follow_up(
            actor=request.user, ticket_uuid=uuid, rating=body.rating()
        )
        return Response(
            s.EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED
        )


class WindowInvitation(APIView):
    """The clerk's "invite evaluation" for the person just served at a window."""

    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"POST": Perm.EVALUATION_INVITE}

    @extend_schema(request=None, responses={201: s.InvitationSerializer})
    def post(self, request: Request, window: int) -> Response:
        place = window_for_staff(user=request.user, window_id=window)
        invitation, token = invitation_open(actor=request.user, window=place)
        body = {"link": evaluation_link(token), "expires_at": invitation.expires_at}
        return Response(
            s.InvitationSerializer(body).data, status=status.HTTP_201_CREATED
        )


class Tickets(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("state", str)],
        responses=s.RectificationTicketSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        state = request.query_params.get("state") or None
        tickets = selectors.rectification_list_for(user=request.user, state=state)[:100]
        return Response(s.RectificationTicketSerializer(tickets, many=True).data)


class Ticket(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.RectificationTicketSerializer)
    def get(self, request: Request, uuid: str) -> Response:
        ticket = selectors.rectification_get_for(user=request.user, uuid=uuid)
        return Response(_ticket_body(request, ticket))


def _ticket_body(request: Request, ticket: Any) -> Any:
    show = selectors.can_supervise(request.user, ticket)
    if show:
        rectification_evaluator_read(actor=request.user, ticket=ticket)
    return s.RectificationTicketSerializer(
        ticket, context={"show_evaluator": show}
    ).data


class TicketAction(APIView):
    """One rectification action (the slug of an action of ``RECTIFICATION``)."""

    permission_classes = [IsAuthenticated]
    event: Any = None
    body: Any = None

    def post(self, request: Request, uuid: str) -> Response:
        ticket = selectors.rectification_get_for(user=request.user, uuid=uuid)
        body = self.body(data=request.data)
        body.is_valid(raise_exception=True)
        ticket = rectification_transition(
            ticket=ticket,
            event=self.event,
            actor=request.user,
            data=dict(body.validated_data),
        )
        ticket = selectors.rectification_get_for(user=request.user, uuid=ticket.uuid)
        return Response(_ticket_body(request, ticket))


def _action_view(declared: Any) -> Any:
    name = f"Rectification{declared.slug.title().replace('-', '')}"

    def post(self: TicketAction, request: Request, uuid: str) -> Response:
        return TicketAction.post(self, request, uuid)

    post = extend_schema(
        request=declared.request,
        responses=s.RectificationTicketSerializer,
        operation_id=f"rectification_{declared.event}",
    )(post)
    attrs = {"event": declared.event, "body": declared.request, "post": post}
    view: type[TicketAction] = type(name, (TicketAction,), attrs)
    return view.as_view()


ACTION_VIEWS = {
    declared.slug: _action_view(declared)
    for declared in RECTIFICATION.actions.values()
    if declared.event != "follow_up"  # the evaluator's, at /public/…/follow-up
}


class PublicStatistics(APIView):
    """Monthly results for the public: counts and rates, no personal data."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("month", str), OpenApiParameter("division", str)],
        responses=s.StatisticsSerializer,
    )
    def get(self, request: Request) -> Response:
        start, end, label = month_range(request.query_params.get("month"))
        division = str(request.query_params.get("division", ""))[:12]
        report = statistics_report(
            filters=selectors.Filters(start=start, end=end, division_prefix=division),
            period=label,
        )
        return Response(s.StatisticsSerializer(report.as_dict()).data)


class InternalStatistics(APIView):
    """Statistics for supervisors, by any filter combination within their scope."""

    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"GET": Perm.EVALUATION_SUPERVISE}

    @extend_schema(
        parameters=[
            OpenApiParameter(name, str)
            for name in (
                "month",
                "division",
                "organisation",
                "hall",
                "window",
                "staff",
                "item",
                "channel",
            )
        ],
        responses=s.StatisticsSerializer,
    )
    def get(self, request: Request) -> Response:
        filters, label = filters_from_query(request.user, request.query_params)
        report = statistics_report(filters=filters, period=label)
        return Response(s.StatisticsSerializer(report.as_dict()).data)

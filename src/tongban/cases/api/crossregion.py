"""The 代收代办 endpoints (跨域通办, docs/crossregion.md): each side reads the 代收 record of
a case it took in or handles, and fires its courier legs, one endpoint per action declared
in ``cases.services.crossregion`` — ``POST /api/v1/internal/cases/{uuid}/proxy/<action>``.

Who may do what is the pages' rule: the record is found through ``proxy_get_for`` (the
receiving hall's counter clerks, or the handling organisation's staff, else 404) and the
kernel's roles decide each action (403 for the other side's legs). The record shows the
applicant's name and masked ID number (checked at the hand-over) and the postal address
they chose, so each
GET is audited with the case as its purpose (``proxy_read``), as the 代收 page is.
"""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.cases import selectors_crossregion as proxies
from tongban.cases.models_crossregion import ProxyIntake, ProxyIntakeEvent
from tongban.cases.services.crossregion import (
    proxy_actions_for,
    proxy_read,
    proxy_transition,
)
from tongban.core.permissions import Perm, StaffPermission
from tongban.lifecycle.actions import Action


class ProxyEventSerializer(serializers.ModelSerializer[ProxyIntakeEvent]):
    class Meta:
        model = ProxyIntakeEvent
        fields = ["event", "from_state", "to_state", "actor_role", "data", "created_at"]


class ProxyIntakeSerializer(serializers.ModelSerializer[ProxyIntake]):
    case = serializers.UUIDField(source="case.uuid", read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True)
    receiving_hall = serializers.UUIDField(source="receiving_hall.uuid", read_only=True)
    receiving_hall_name = serializers.CharField(
        source="receiving_hall.name", read_only=True
    )
    handling_organisation = serializers.CharField(
        source="case.organisation.name", read_only=True
    )
    applicant_name = serializers.CharField(
        source="case.applicant.name",
        read_only=True,
        help_text="Whom the receiving hall hands the result or the originals to; "
        "each read of the record is audited.",
    )
    applicant_id_masked = serializers.CharField(
        source="case.applicant.id_masked",
        read_only=True,
        help_text="The applicant's ID number, masked (never the full number), to "
        "check against the document shown at the hand-over.",
    )
    result_delivery_method = serializers.CharField(
        source="case.delivery_method",
        read_only=True,
        help_text="How the result and the paper originals reached the applicant "
        "(`pickup` or `post`, as the applicant chose at intake); empty until then.",
    )
    result_delivery_reference = serializers.CharField(
        source="case.delivery_reference",
        read_only=True,
        help_text="The courier's tracking number of a result sent by post.",
    )
    events = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        model = ProxyIntake
        fields = [
            "case",
            "case_number",
            "state",
            "receiving_hall",
            "receiving_hall_name",
            "handling_organisation",
            "received_at",
            "electronic_forwarded_at",
            "due_on",
            "cross_province",
            "applicant_name",
            "applicant_id_masked",
            "delivery",
            "delivery_address",
            "originals_courier",
            "originals_tracking",
            "originals_sent_at",
            "originals_received_at",
            "result_courier",
            "result_tracking",
            "result_sent_at",
            "result_arrived_at",
            "return_courier",
            "return_tracking",
            "return_sent_at",
            "returned_at",
            "handed_back_at",
            "result_delivery_method",
            "result_delivery_reference",
            "events",
            "actions",
        ]

    @extend_schema_field(ProxyEventSerializer(many=True))
    def get_events(self, intake: ProxyIntake) -> list[dict[str, Any]]:
        rows = proxies.proxy_history(intake=intake)
        return ProxyEventSerializer(rows, many=True).data  # type: ignore[return-value]  # a ReturnList

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, intake: ProxyIntake) -> list[str]:
        """The actions the caller's side may try now (the guards may still refuse)."""
        user = self.context["request"].user
        return [declared.slug for declared in proxy_actions_for(intake, user)]


class ProxyDetail(APIView):
    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"GET": Perm.CASE_VIEW}

    @extend_schema(
        operation_id="internal_cases_proxy_get", responses=ProxyIntakeSerializer
    )
    def get(self, request: Request, uuid: str) -> Response:
        intake = proxies.proxy_get_for(user=request.user, uuid=uuid)
        proxy_read(actor=request.user, intake=intake)
        return Response(
            ProxyIntakeSerializer(intake, context={"request": request}).data
        )


class ProxyAction(APIView):
    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"POST": Perm.CASE_VIEW}
    action: Action[Any, Any, Any]

    def act(self, request: Request, uuid: str) -> Response:
        intake = proxies.proxy_get_for(user=request.user, uuid=uuid)
        assert self.action.request is not None  # noqa: S101 - every proxy action has one
        data = self.action.request(data=request.data)
        data.is_valid(raise_exception=True)
        intake = proxy_transition(
            intake=intake,
            event=self.action.event,
            actor=request.user,
            data=dict(data.validated_data),
        )
        return Response(
            ProxyIntakeSerializer(intake, context={"request": request}).data
        )


def proxy_action_view(declared: Action[Any, Any, Any]) -> type[ProxyAction]:
    """The endpoint of one declared 代收 action, with its own request schema."""

    @extend_schema(
        operation_id=f"internal_cases_proxy_{declared.event}",
        request=declared.request,
        responses=ProxyIntakeSerializer,
        description=str(declared.label),
    )
    def post(self: ProxyAction, request: Request, uuid: str) -> Response:
        return self.act(request, uuid)

    return type(
        f"ProxyAction_{declared.event}",
        (ProxyAction,),
        {"action": declared, "post": post},
    )

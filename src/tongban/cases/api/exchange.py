"""Exchange feed for other government systems: every case transition, in order.

A system (the provincial platform, a department's own system) holds an ``exchange_client``
role scoped to its region and OAuth2 client credentials with the scope
``exchange.case_events.read`` (``tongban client_system``; ``accounts.client_systems``). It
takes a token at ``/oauth/token/`` and polls
``GET /api/v1/exchange/case-events?after=<last id>`` and receives the next events in its
scope, oldest first; ``next_after`` is where to continue. Nothing is lost when a consumer is
down: the feed is the append-only history itself.
"""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.accounts.client_systems import (
    ClientSystemAuthentication,
    ClientSystemThrottle,
    TokenScope,
)
from tongban.cases.models import CaseEvent
from tongban.core.permissions import Perm, StaffPermission, scope_for

MAX_EVENTS = 500


class ExchangeEventSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number")
    implementation_code = serializers.CharField(source="case.implementation.code")
    division_code = serializers.CharField(source="case.division.code")
    organisation_uscc = serializers.CharField(source="case.organisation.uscc")
    # 申报来源代码 (GB/T 39046 表5, the codes of A.5 办理形式)
    application_channel = serializers.CharField(source="case.channel")

    class Meta:
        model = CaseEvent
        fields = [
            "id",
            "case_number",
            "implementation_code",
            "division_code",
            "organisation_uscc",
            "application_channel",
            "event",
            "from_state",
            "to_state",
            "actor_role",
            "created_at",
        ]


class FeedSerializer(serializers.Serializer):
    events = ExchangeEventSerializer(many=True)
    next_after = serializers.IntegerField()


class CaseEventFeed(APIView):
    authentication_classes = [ClientSystemAuthentication]
    permission_classes = [IsAuthenticated, TokenScope, StaffPermission]
    throttle_classes = [ClientSystemThrottle]
    required_scope = "exchange.case_events.read"
    required_permissions = {"GET": Perm.EXCHANGE_READ}

    @extend_schema(
        parameters=[
            OpenApiParameter("after", int, description="Last event id received"),
            OpenApiParameter("limit", int, description=f"At most {MAX_EVENTS}"),
        ],
        responses=FeedSerializer,
    )
    def get(self, request: Request) -> Response:
        after = _int(request.query_params.get("after"), 0)
        limit = min(max(_int(request.query_params.get("limit"), 100), 1), MAX_EVENTS)
        scope = scope_for(request.user, Perm.EXCHANGE_READ)
        events = list(
            CaseEvent.objects.filter(id__gt=after)
            .filter(
                scope.q(
                    organisation_path="case__organisation__path",
                    division_prefix="case__division__prefix",
                )
            )
            .select_related(
                "case__implementation", "case__division", "case__organisation"
            )
            .order_by("id")[:limit]
        )
        body = {"events": events, "next_after": events[-1].pk if events else after}
        return Response(FeedSerializer(body).data)


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default

"""``/api/v1/exchange/webhooks/…``: a client system (OAuth2 scope ``webhooks.manage``)
lists the event types, subscribes within its own region, reads its delivery log (with
every attempt) and the dead letters, and replays a delivery."""

import fnmatch
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.accounts.client_systems import (
    ClientSystemAuthentication,
    ClientSystemThrottle,
    TokenScope,
)
from tongban.core.api.problems import Problem
from tongban.core.api.serializers import StrictSerializer
from tongban.core.permissions import Perm, StaffPermission, scope_for
from tongban.notifications import webhooks
from tongban.notifications.models import WebhookDelivery, WebhookSubscription
from tongban.regions import selectors as region_selectors

MAX_ROWS = 200


class _ClientView(APIView):
    authentication_classes = [ClientSystemAuthentication]
    permission_classes = [IsAuthenticated, TokenScope, StaffPermission]
    throttle_classes = [ClientSystemThrottle]
    required_scope = "webhooks.manage"
    required_permissions = {
        "GET": Perm.EXCHANGE_READ,
        "POST": Perm.EXCHANGE_READ,
        "DELETE": Perm.EXCHANGE_READ,
    }


class SubscriptionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)

    class Meta:
        model = WebhookSubscription
        fields = ["id", "url", "event_types", "division_prefix", "created_at"]


class SubscriptionCreatedSerializer(SubscriptionSerializer):
    secret = serializers.CharField()

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SubscriptionSerializer.Meta.fields, "secret"]


class SubscriptionRequest(StrictSerializer):
    url = serializers.URLField(max_length=500)
    event_types = serializers.ListField(
        child=serializers.CharField(max_length=120), min_length=1, max_length=50
    )
    division_code = serializers.RegexField(r"^\d{2,12}$")

    def validate_event_types(self, value: list[str]) -> list[str]:
        known = webhooks.event_types()
        unknown = [p for p in value if not fnmatch.filter(known, p)]
        if unknown:
            raise serializers.ValidationError(
                _("No registered event type matches: {patterns}.").format(
                    patterns=", ".join(unknown)
                )
            )
        return value


class Subscriptions(_ClientView):
    @extend_schema(responses=SubscriptionSerializer(many=True))
    def get(self, request: Request) -> Response:
        application = request.auth.application  # type: ignore[union-attr]
        rows = webhooks.subscriptions_of(application=application)
        return Response(SubscriptionSerializer(rows, many=True).data)

    @extend_schema(request=SubscriptionRequest, responses=SubscriptionCreatedSerializer)
    def post(self, request: Request) -> Response:
        body = SubscriptionRequest(data=request.data)
        body.is_valid(raise_exception=True)
        division = region_selectors.division_get(
            code=body.validated_data["division_code"]
        )
        scope = scope_for(request.user, Perm.EXCHANGE_READ)
        if division is None or not scope.covers(division_prefix=division.prefix):
            raise Problem(
                status_code=403,
                code="region_not_granted",
                detail=_("This client system may not subscribe to that region."),
            )
        subscription, secret = webhooks.webhook_subscribe(
            application=request.auth.application,  # type: ignore[union-attr]
            url=body.validated_data["url"],
            event_types=body.validated_data["event_types"],
            division_prefix=division.prefix,
        )
        data = SubscriptionSerializer(subscription).data | {"secret": secret}
        return Response(data, status=status.HTTP_201_CREATED)


class SubscriptionDetail(_ClientView):
    @extend_schema(responses={204: None})
    def delete(self, request: Request, uuid: Any) -> Response:
        application = request.auth.application  # type: ignore[union-attr]
        found = webhooks.subscriptions_of(application=application).filter(uuid=uuid)
        subscription = found.first()
        if subscription is None:
            raise Problem(status_code=404, code="not_found", detail=_("Not found."))
        webhooks.webhook_unsubscribe(subscription=subscription)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EventTypes(_ClientView):
    @extend_schema(responses=serializers.ListSerializer(child=serializers.CharField()))
    def get(self, request: Request) -> Response:
        return Response(sorted(webhooks.event_types()))


class AttemptSerializer(serializers.Serializer):
    attempted_at = serializers.DateTimeField()
    status_code = serializers.IntegerField(allow_null=True)
    error = serializers.CharField()
    replay = serializers.BooleanField()


class DeliverySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid")
    event_id = serializers.UUIDField(source="event.uuid")
    event_type = serializers.CharField(source="event.type")
    subscription_id = serializers.UUIDField(source="subscription.uuid")
    attempt_log = AttemptSerializer(many=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event_id",
            "event_type",
            "subject",
            "subscription_id",
            "status",
            "attempts",
            "replays",
            "next_attempt_at",
            "delivered_at",
            "attempt_log",
        ]


class Deliveries(_ClientView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "status", str, enum=["pending", "delivered", "dead"], required=False
            )
        ],
        responses=DeliverySerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        wanted = request.query_params.get("status", "")
        if wanted not in ("", *WebhookDelivery.Status.values):
            raise Problem(
                status_code=400,
                code="invalid_status",
                detail=_("status is one of pending, delivered, dead."),
            )
        rows = webhooks.deliveries_of(
            application=request.auth.application,  # type: ignore[union-attr]
            status=wanted,
        )[:MAX_ROWS]
        return Response(DeliverySerializer(rows, many=True).data)


class DeliveryReplay(_ClientView):
    @extend_schema(request=None, responses=DeliverySerializer)
    def post(self, request: Request, uuid: Any) -> Response:
        delivery = (
            webhooks.deliveries_of(application=request.auth.application)  # type: ignore[union-attr]
            .filter(uuid=uuid)
            .first()
        )
        if delivery is None:
            raise Problem(status_code=404, code="not_found", detail=_("Not found."))
        delivery = webhooks.webhook_replay(delivery=delivery)
        return Response(DeliverySerializer(delivery).data, status=202)

"""Internal supervision endpoints: warnings, metrics, and 督办 orders with one named
endpoint per action of the order lifecycle (derived from ``orders.ACTIONS``)."""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.core.api.serializers import StrictSerializer
from tongban.core.permissions import Perm, StaffPermission, not_found
from tongban.lifecycle.actions import Action
from tongban.supervision import metrics, selectors
from tongban.supervision.api import serializers as s
from tongban.supervision.orders import ORDERS
from tongban.supervision.services import orders as order_services
from tongban.supervision.services.baselines import baseline_mark
from tongban.supervision.views.common import chosen_division, chosen_months


class Warnings(generics.ListAPIView):
    permission_classes = [StaffPermission]
    required_permissions = {"GET": Perm.SUPERVISION_VIEW}
    serializer_class = s.WarningSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("state", str),
            OpenApiParameter("rule", str),
            OpenApiParameter("division", str),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        division = chosen_division(self.request.query_params.get("division"))
        return selectors.warnings_for(
            user=self.request.user,
            state=self.request.query_params.get("state") or "active",
            rule=self.request.query_params.get("rule") or None,
            division_prefix=division.prefix if division else "",
        )


class Metrics(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"GET": Perm.SUPERVISION_VIEW}

    @extend_schema(
        parameters=[OpenApiParameter("division", str), OpenApiParameter("month", str)],
        responses=s.MetricSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        division = chosen_division(request.query_params.get("division"))
        months = chosen_months(request.query_params.get("month"))
        values = metrics.figures(user=request.user, division=division, months=months)
        rows = [
            {
                "code": m.code,
                "label": str(m.label),
                "definition": str(m.definition),
                "value": values.get(m.code),
                "shown": metrics.shown(values.get(m.code), m),
            }
            for m in metrics.METRICS
        ]
        return Response(s.MetricSerializer(rows, many=True).data)


class Orders(generics.ListAPIView):
    permission_classes = [StaffPermission]
    required_permissions = {"POST": Perm.SUPERVISION_MANAGE}
    serializer_class = s.OrderSerializer

    def get_queryset(self) -> Any:
        return selectors.orders_for(user=self.request.user)

    @extend_schema(request=s.OrderIssueRequest, responses={201: s.OrderSerializer})
    def post(self, request: Request) -> Response:
        data = s.OrderIssueRequest(data=request.data)
        data.is_valid(raise_exception=True)
        order = order_services.order_issue_on(actor=request.user, **data.validated_data)
        return Response(s.OrderSerializer(order).data, status=status.HTTP_201_CREATED)


class OrderDetail(APIView):
    @extend_schema(responses=s.OrderSerializer)
    def get(self, request: Request, uuid: str) -> Response:
        order = selectors.order_get_for(user=request.user, uuid=uuid)
        return Response(s.OrderSerializer(order).data)


class OrderAction(APIView):
    declared: Action[Any, Any, Any]

    def act(self, request: Request, uuid: str) -> Response:
        order = selectors.order_get_for(user=request.user, uuid=uuid)
        serializer = self.declared.request
        if serializer is None:
            raise not_found()
        data = serializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = order_services.order_transition(
            order=order,
            event=self.declared.event,
            actor=request.user,
            data=data.validated_data,
        )
        return Response(s.OrderSerializer(order).data)


def order_action_view(declared: Action[Any, Any, Any]) -> type[OrderAction]:
    @extend_schema(
        operation_id=f"internal_supervision_orders_{declared.event}",
        request=declared.request,
        responses=s.OrderSerializer,
        description=_("{action} (a 督办 order)").format(action=declared.label),
    )
    def post(self: OrderAction, request: Request, uuid: str) -> Response:
        return self.act(request, uuid)

    return type(
        f"OrderAction_{declared.event}",
        (OrderAction,),
        {"declared": declared, "post": post},
    )


PEOPLE_ACTIONS = [a for a in ORDERS.actions.values() if a.request is not None]


class BaselineRequest(StrictSerializer):
    """Mark version ``version`` of implementation ``implementation`` as its baseline."""

    implementation = serializers.UUIDField()
    version = serializers.IntegerField(min_value=1, max_value=1_000_000)


class BaselineSerializer(serializers.Serializer[Any]):
    implementation = serializers.UUIDField(source="implementation.uuid")
    version = serializers.IntegerField(source="version.number")
    marked_at = serializers.DateTimeField()


class Baselines(APIView):
    permission_classes = [StaffPermission]
    required_permissions = {"POST": Perm.CATALOG_MANAGE}

    @extend_schema(request=BaselineRequest, responses={201: BaselineSerializer})
    def post(self, request: Request) -> Response:
        data = BaselineRequest(data=request.data)
        data.is_valid(raise_exception=True)
        mark = baseline_mark(
            implementation_uuid=data.validated_data["implementation"],
            number=data.validated_data["version"],
            actor=request.user,
        )
        return Response(BaselineSerializer(mark).data, status=status.HTTP_201_CREATED)

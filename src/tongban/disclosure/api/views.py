"""Public disclosure endpoints: the figures and the results publicity (masked)."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.disclosure import selectors


class FigureSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    definition = serializers.CharField()
    shown = serializers.CharField()


class ResultSerializer(serializers.Serializer[Any]):
    number = serializers.CharField()
    item = serializers.CharField()
    organisation = serializers.CharField()
    applicant = serializers.CharField(help_text="Masked for persons (张*).")
    applicant_id = serializers.CharField(help_text="Masked identity number.")
    decision = serializers.CharField()
    result_name = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)


class Figures(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=FigureSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = [
            {
                "code": row["metric"].code,
                "label": str(row["metric"].label),
                "definition": str(row["metric"].definition),
                "shown": row["shown"],
            }
            for row in selectors.figures()["rows"]
        ]
        return Response(FigureSerializer(rows, many=True).data)


class Results(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("page", int)],
        responses=ResultSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        try:
            page = max(1, min(int(request.query_params.get("page", "1")), 10_000))
        except ValueError:
            page = 1
        rows, _total = selectors.results(limit=50, offset=(page - 1) * 50)
        return Response(ResultSerializer([r.__dict__ for r in rows], many=True).data)

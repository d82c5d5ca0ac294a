"""``GET /api/v1/public/certificates/verify``: the verification answer for machines, the
same fields as the public page; no login. ``check`` is the 2-D code's check value."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.core.api.serializers import StrictSerializer

from .. import presentation
from ..domain.status import Verdict
from ..selectors import certificate_verify


class VerifyQuerySerializer(StrictSerializer):
    identifier = serializers.CharField(max_length=100)
    check = serializers.CharField(max_length=32, required=False, default="")


class DataRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, as DRF reads it
    value = serializers.CharField()


class VerificationSerializer(serializers.Serializer):
    identifier = serializers.CharField()
    verdict = serializers.ChoiceField(choices=[v.value for v in Verdict])
    verdict_label = serializers.CharField(help_text="In the request language.")
    genuine = serializers.BooleanField()
    signature_check = serializers.CharField(
        help_text="valid, invalid, unknown_key, algorithm_mismatch, malformed or empty."
    )
    replaced_by = serializers.CharField(help_text="The newer certificate, if replaced.")
    certificate_type = serializers.CharField(allow_null=True)
    issuer = serializers.CharField(allow_null=True)
    holder = serializers.CharField(allow_null=True, help_text="Masked for a person.")
    holder_id_masked = serializers.CharField(allow_null=True)
    valid_from = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    status_reason = serializers.CharField()
    data = DataRowSerializer(many=True)  # type: ignore[assignment]  # a field, as DRF reads it


class Verify(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("identifier", str, required=True),
            OpenApiParameter("check", str, required=False),
        ],
        responses=VerificationSerializer,
    )
    def get(self, request: Request) -> Response:
        query = VerifyQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        checked = certificate_verify(
            identifier=query.validated_data["identifier"],
            check=query.validated_data["check"],
        )
        # The view is already the contract's shape (``VerificationSerializer`` documents
        # it): building a serializer per answer cost more than the verification itself.
        return Response(presentation.public_view(checked))

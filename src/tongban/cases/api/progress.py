"""The public progress query of the API: ``POST /api/v1/public/case-progress/`` with the case
number and query code in the body (never in the address, where proxies and logs keep it). The
guard, the lookup and the representation are ``cases.progress``'s, shared with the page."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.cases.domain.query_code import QUERY_CODE_PATTERN
from tongban.cases.progress import ProgressRefused, progress_lookup
from tongban.core.api.problems import Problem
from tongban.core.permissions import not_found

_LOCKED = _(
    "This case number was asked about with too many wrong query codes and is locked "
    "for the progress query for up to {minutes} minutes."
)


class ProgressQuerySerializer(serializers.Serializer):
    number = serializers.CharField(max_length=64)
    query_code = serializers.RegexField(QUERY_CODE_PATTERN, max_length=10)


class MilestoneSerializer(serializers.Serializer):
    milestone = serializers.CharField(help_text="The event code, e.g. accept.")
    name = serializers.CharField(
        help_text="The milestone's name in the request language."
    )
    state = serializers.CharField(help_text="The state the case reached.")
    at = serializers.DateTimeField()


class ProgressSerializer(serializers.Serializer):
    """State, dates and milestone names: no reasons, no personal data, no staff names."""

    number = serializers.CharField()
    item_name = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    promised_due = serializers.DateField(allow_null=True)
    statutory_due = serializers.DateField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    events = MilestoneSerializer(many=True)


class Progress(APIView):
    """Progress by case number and query code, without logging in; throttled per client
    address and per case number, and a number is locked after repeated wrong codes."""

    permission_classes = [AllowAny]

    @extend_schema(request=ProgressQuerySerializer, responses=ProgressSerializer)
    def post(self, request: Request) -> Response:
        query = ProgressQuerySerializer(data=request.data)
        query.is_valid(raise_exception=True)
        try:
            found = progress_lookup(
                request=request,
                number=query.validated_data["number"],
                query_code=query.validated_data["query_code"],
            )
        except ProgressRefused as refused:
            if refused.locked:
                raise Problem(
                    status_code=429,
                    code="progress_locked",
                    detail=_LOCKED.format(minutes=refused.minutes),
                ) from refused
            raise Throttled(wait=refused.wait) from refused
        if found is None:
            raise not_found()
        return Response(ProgressSerializer(found).data)

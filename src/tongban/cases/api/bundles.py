"""Bundle case API (一件事): the applicant submits one multipart application for a bundle
and reads their bundle cases; a counter clerk submits for an applicant and hands every
result over at once. Thin: parse, call ``services.bundles`` or ``selectors_bundles``,
serialise.

Files travel as multipart parts named ``material_<merged key>`` — the keys the bundle's
guide lists (``GET /api/v1/public/bundles/{code}``), e.g. ``material_name:父母身份证``.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.accounts import selectors as account_selectors
from tongban.cases.api.views import _form, _intake_window
from tongban.cases.models import DELIVERY_LABELS, STATE_CHOICES
from tongban.cases.selectors_bundles import (
    BundleCaseView,
    bundle_case_get_for,
    bundle_case_get_own,
    bundle_case_list_for_applicant,
    bundle_case_view,
)
from tongban.cases.services.bundles import bundle_case_deliver, bundle_case_submit
from tongban.core.api.parsers import JSONParser, MultiPartParser
from tongban.core.api.serializers import CheckedJSONField, StrictSerializer
from tongban.core.permissions import Perm, StaffPermission

FILE_PREFIX = "material_"


class BundleCaseSubmitSerializer(serializers.Serializer):
    """Multipart: the one form as a JSON object, one file per merged material as
    ``material_<merged key>``; at a counter the applicant and the originals seen."""

    bundle_code = serializers.SlugField(max_length=40)
    client_key = serializers.RegexField(r"^[A-Za-z0-9_-]{8,64}$")
    form = CheckedJSONField(required=False)
    applicant = serializers.UUIDField(required=False)
    originals_seen = serializers.ListField(
        child=serializers.CharField(max_length=250), required=False, max_length=50
    )


class CounterBundleCaseSubmitSerializer(BundleCaseSubmitSerializer):
    """Counter intake of a bundle by a clerk (the internal API): the same, with the window
    it is taken in at — the hall's uuid and the window's number in it, both or neither,
    as for one case (``POST /api/v1/internal/cases/``) — which every sub-case records with
    its hall (the intakes and evaluation rates per hall, window and clerk)."""

    hall = serializers.UUIDField(required=False)
    window = serializers.CharField(max_length=20, required=False)


class BundleCaseSubmittedSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    number = serializers.CharField()
    query_code = serializers.CharField()


class BundleCasePartSerializer(serializers.Serializer):
    number = serializers.CharField(source="case.number")
    uuid = serializers.UUIDField(source="case.uuid")
    implementation_code = serializers.CharField(source="case.implementation.code")
    item_name = serializers.CharField(source="case.implementation.basic_item.name")
    organisation = serializers.CharField(source="case.organisation.name")
    step = serializers.IntegerField(source="part.step")
    state = serializers.ChoiceField(choices=STATE_CHOICES, source="case.state")
    waiting = serializers.BooleanField()
    promised_due = serializers.DateField(source="case.promised_due", allow_null=True)


class BundleCaseSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(source="bundle_case.uuid")
    number = serializers.CharField(source="bundle_case.number")
    bundle_code = serializers.CharField(source="bundle_case.bundle.code")
    bundle_name = serializers.CharField(source="bundle_case.bundle.name")
    bundle_version = serializers.IntegerField(source="bundle_case.bundle_version")
    submitted_at = serializers.DateTimeField(source="bundle_case.submitted_at")
    status = serializers.ChoiceField(
        choices=["in_progress", "action_needed", "ready", "delivered", "stopped"]
    )
    due = serializers.DateField(source="deadline.due", allow_null=True, default=None)
    due_estimated = serializers.BooleanField(
        source="deadline.estimated", allow_null=True, default=None
    )
    delivery_method = serializers.CharField(source="bundle_case.delivery_method")
    delivered_at = serializers.DateTimeField(
        source="bundle_case.delivered_at", allow_null=True
    )
    parts = BundleCasePartSerializer(many=True)


class BundleCaseDeliverSerializer(StrictSerializer):
    method = serializers.ChoiceField(choices=list(DELIVERY_LABELS))
    reference = serializers.CharField(max_length=64, required=False, allow_blank=True)


def _materials(request: Request, originals: list[str]) -> list[dict[str, Any]]:
    given: dict[str, dict[str, Any]] = {}
    for name, upload in request.FILES.items():
        if not name.startswith(FILE_PREFIX) or len(name) == len(FILE_PREFIX):
            raise ValidationError(
                {
                    name: ValidationError(
                        _(
                            "Name each file material_<key> after the bundle's checklist."
                        ),
                        code="unknown_file",
                    )
                }
            )
        given[name[len(FILE_PREFIX) :]] = {"file": upload}
    for key in originals:
        given.setdefault(key, {})["original_seen"] = True
    return [{"material": key, **item} for key, item in given.items()]


def _submit(
    request: Request,
    applicant: Any,
    serializer_class: type[BundleCaseSubmitSerializer] = BundleCaseSubmitSerializer,
) -> Response:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    # At a counter: the window, each mistake its own problem (as for one case); the
    # applicant's own serializer has neither field.
    window = _intake_window(request.user, data)
    bundle_case, query_code = bundle_case_submit(
        actor=request.user,
        bundle_code=data["bundle_code"],
        client_key=data["client_key"],
        form_data=_form(data.get("form")),
        materials=_materials(request, list(data.get("originals_seen") or [])),
        applicant=applicant,
        window=window,
    )
    body = {
        "uuid": bundle_case.uuid,
        "number": bundle_case.number,
        "query_code": query_code,
    }
    return Response(
        BundleCaseSubmittedSerializer(body).data, status=status.HTTP_201_CREATED
    )


def _body(view: BundleCaseView) -> dict[str, Any]:
    return dict(BundleCaseSerializer(view).data)


class MyBundleCases(APIView):
    """The applicant's bundle cases; POST applies for a bundle (idempotent on
    client_key)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, JSONParser]

    @extend_schema(responses=BundleCaseSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = bundle_case_list_for_applicant(user=request.user)[:50]
        return Response([_body(bundle_case_view(bundle_case=b)) for b in rows])

    @extend_schema(
        request=BundleCaseSubmitSerializer,
        responses={201: BundleCaseSubmittedSerializer},
    )
    def post(self, request: Request) -> Response:
        return _submit(request, None)


class MyBundleCase(APIView):
    """The applicant's own bundle case only (404 for anyone else, staff included):
    staff read it through ``/api/v1/internal/bundle-cases/{uuid}/``, behind the staff
    permission and scope checks, as for the bundle's notices."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=BundleCaseSerializer)
    def get(self, request: Request, uuid: str) -> Response:
        bundle_case = bundle_case_get_own(user=request.user, uuid=uuid)
        return Response(_body(bundle_case_view(bundle_case=bundle_case)))


class BundleIntake(APIView):
    """Counter intake of a bundle for a registered applicant (``applicant``: uuid), at
    the clerk's window when ``hall`` and ``window`` are given."""

    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"POST": Perm.CASE_INTAKE}
    parser_classes = [MultiPartParser, JSONParser]

    @extend_schema(
        request=CounterBundleCaseSubmitSerializer,
        responses={201: BundleCaseSubmittedSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = CounterBundleCaseSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        uuid = serializer.validated_data.get("applicant")
        applicant = account_selectors.applicant_by_uuid(uuid=uuid) if uuid else None
        if applicant is None:
            raise ValidationError(
                {
                    "applicant": ValidationError(
                        _("Find or register the applicant first."),
                        code="unknown_applicant",
                    )
                }
            )
        return _submit(request, applicant, CounterBundleCaseSubmitSerializer)


class BundleCaseDetail(APIView):
    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"GET": Perm.CASE_VIEW}

    @extend_schema(responses=BundleCaseSerializer)
    def get(self, request: Request, uuid: str) -> Response:
        bundle_case = bundle_case_get_for(user=request.user, uuid=uuid)
        return Response(_body(bundle_case_view(bundle_case=bundle_case)))


class BundleCaseDeliver(APIView):
    """统一出件: every result of the bundle handed over at once."""

    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"POST": Perm.CASE_VIEW}

    @extend_schema(request=BundleCaseDeliverSerializer, responses=BundleCaseSerializer)
    def post(self, request: Request, uuid: str) -> Response:
        bundle_case = bundle_case_get_for(user=request.user, uuid=uuid)
        data = BundleCaseDeliverSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = bundle_case_deliver(
            actor=request.user,
            bundle_case=bundle_case,
            method=data.validated_data["method"],
            reference=data.validated_data.get("reference", ""),
        )
        return Response(_body(bundle_case_view(bundle_case=done)))

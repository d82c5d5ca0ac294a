"""Thin API views for accounts."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.accounts import selectors, services
from tongban.accounts.api import serializers as s
from tongban.core import selectors as core_selectors
from tongban.core.permissions import Perm, StaffPermission, not_found, require_any
from tongban.regions import selectors as region_selectors


class Me(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(s.MeSerializer(request.user).data)


class MyApplicantProfile(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.ApplicantSerializer)
    def get(self, request: Request) -> Response:
        applicant = getattr(request.user, "applicant", None)
        if applicant is None:
            raise not_found()
        return Response(
            s.ApplicantSerializer(applicant, context={"request": request}).data
        )


class ApplicantRegister(APIView):
    """Register an applicant at a counter (综合窗口) or find one by ID number."""

    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"POST": Perm.APPLICANT_MANAGE}

    @extend_schema(
        request=s.ApplicantRegisterSerializer, responses={201: s.ApplicantSerializer}
    )
    def post(self, request: Request) -> Response:
        serializer = s.ApplicantRegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        applicant = services.applicant_register(
            actor=request.user, **serializer.validated_data
        )
        body = s.ApplicantSerializer(applicant, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


class ApplicantLookup(APIView):
    """Find an applicant by ID number: counter clerks only, with a purpose, audited."""

    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"POST": Perm.APPLICANT_LOOKUP}

    @extend_schema(request=s.ApplicantLookupSerializer, responses=s.ApplicantSerializer)
    def post(self, request: Request) -> Response:
        """POST, not GET, so the ID number never appears in URLs or access logs."""
        serializer = s.ApplicantLookupSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        applicant = services.applicant_lookup(
            actor=request.user,
            id_type=data["id_type"],
            id_number=data["id_number"],
            purpose=data["purpose"],
        )
        if applicant is None:
            raise not_found()
        return Response(
            s.ApplicantSerializer(applicant, context={"request": request}).data
        )


def _organisation(uuid: Any, field: str) -> Any:
    if not uuid:
        return None
    organisation = region_selectors.organisation_by_uuid(uuid=uuid)
    if organisation is None:
        raise ValidationError(
            {
                field: ValidationError(
                    _("Unknown organisation."), code="unknown_organisation"
                )
            }
        )
    return organisation


def _division(code: str, field: str) -> Any:
    if not code:
        return None
    division = region_selectors.division_get(code=code)
    if division is None:
        raise ValidationError(
            {
                field: ValidationError(
                    _("Unknown division code {code}.").format(code=code),
                    code="unknown_division",
                )
            }
        )
    return division


class StaffList(generics.ListAPIView):
    """Staff accounts whose organisation lies in the caller's scope; create with roles."""

    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"GET": Perm.STAFF_VIEW, "POST": Perm.STAFF_MANAGE}
    serializer_class = s.StaffSerializer

    def get_queryset(self) -> Any:
        return selectors.staff_list_for(user=self.request.user)

    @extend_schema(request=s.StaffCreateSerializer, responses={201: s.StaffSerializer})
    def post(self, request: Request) -> Response:
        serializer = s.StaffCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        roles = [
            (
                role["role"],
                _organisation(role.get("organisation"), f"roles[{index}].organisation"),
                _division(
                    role.get("division_code", ""), f"roles[{index}].division_code"
                ),
            )
            for index, role in enumerate(data.pop("roles"))
        ]
        data["organisation"] = _organisation(data.get("organisation"), "organisation")
        user = services.staff_create(actor=request.user, roles=roles, **data)
        return Response(s.StaffSerializer(user).data, status=status.HTTP_201_CREATED)


class AuditEventList(generics.ListAPIView):
    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"GET": Perm.AUDIT_VIEW}
    serializer_class = s.AuditEventSerializer

    def get_queryset(self) -> Any:
        return core_selectors.audit_event_list(
            scope=require_any(self.request.user, Perm.AUDIT_VIEW)
        )

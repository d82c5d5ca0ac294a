"""Thin API views for accounts."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.accounts import services
from tongban.accounts.api import serializers as s
from tongban.core import selectors as core_selectors
from tongban.core.permissions import Perm, StaffPermission, not_found, require_any


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
    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"POST": Perm.APPLICANT_VIEW}

    @extend_schema(request=s.ApplicantLookupSerializer, responses=s.ApplicantSerializer)
    def post(self, request: Request) -> Response:
        """POST, not GET, so the ID number never appears in URLs or access logs."""
        serializer = s.ApplicantLookupSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        applicant = services.applicant_find_by_identity(**serializer.validated_data)
        if applicant is None:
            raise not_found()
        return Response(
            s.ApplicantSerializer(applicant, context={"request": request}).data
        )


class AuditEventList(generics.ListAPIView):
    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"GET": Perm.AUDIT_VIEW}
    serializer_class = s.AuditEventSerializer

    def get_queryset(self) -> Any:
        return core_selectors.audit_event_list(
            scope=require_any(self.request.user, Perm.AUDIT_VIEW)
        )

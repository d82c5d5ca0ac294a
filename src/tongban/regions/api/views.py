"""Thin API views: parse, call a selector or service, serialise."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.core.permissions import Perm, StaffPermission, not_found
from tongban.regions import selectors, services
from tongban.regions.api import serializers as s
from tongban.regions.models import Hall, Organisation

STAFF: list[Any] = [IsAuthenticated, StaffPermission]
DIVISION_FILTERS = [
    OpenApiParameter("parent", str, description="Code of the parent division"),
    OpenApiParameter("level", int, description="1 province … 5 village"),
]


class PublicDivisionList(generics.ListAPIView):
    permission_classes: list[Any] = [AllowAny]
    serializer_class = s.DivisionSerializer

    @extend_schema(parameters=DIVISION_FILTERS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        level = self.request.query_params.get("level")
        return selectors.division_list(
            parent_code=self.request.query_params.get("parent"),
            level=int(level) if level and level.isdigit() else None,
        )


class PublicDivisionDetail(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=s.DivisionSerializer)
    def get(self, request: Request, code: str) -> Response:
        division = selectors.division_get(code=code)
        if division is None:
            raise not_found()
        return Response(s.DivisionSerializer(division).data)


class InternalDivisionList(PublicDivisionList):
    permission_classes = STAFF
    required_permissions = {"GET": Perm.DIVISION_VIEW, "POST": Perm.DIVISION_MANAGE}

    @extend_schema(
        request=s.DivisionCreateSerializer, responses={201: s.DivisionSerializer}
    )
    def post(self, request: Request) -> Response:
        data = _valid(s.DivisionCreateSerializer, request)
        division = services.division_create(actor=request.user, **data)
        return Response(
            s.DivisionSerializer(division).data, status=status.HTTP_201_CREATED
        )


def _valid(
    serializer_class: type, request: Request, partial: bool = False
) -> dict[str, Any]:
    serializer = serializer_class(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _parent(uuid: Any) -> Organisation | None:
    if uuid is None:
        return None
    parent = selectors.organisation_by_uuid(uuid=uuid)
    if parent is None:
        raise ValidationError(
            {
                "parent": ValidationError(
                    _("Unknown parent organisation."), code="unknown_organisation"
                )
            }
        )
    return parent


class OrganisationList(generics.ListAPIView):
    permission_classes = STAFF
    required_permissions = {
        "GET": Perm.ORGANISATION_VIEW,
        "POST": Perm.ORGANISATION_MANAGE,
    }
    serializer_class = s.OrganisationSerializer

    def get_queryset(self) -> Any:
        return selectors.organisation_list_for(user=self.request.user)

    @extend_schema(
        request=s.OrganisationWriteSerializer, responses={201: s.OrganisationSerializer}
    )
    def post(self, request: Request) -> Response:
        data = _valid(s.OrganisationWriteSerializer, request)
        data.pop("is_active", None)
        data["parent"] = _parent(data.get("parent"))
        organisation = services.organisation_create(actor=request.user, **data)
        return Response(
            s.OrganisationSerializer(organisation).data, status=status.HTTP_201_CREATED
        )


class OrganisationDetail(APIView):
    permission_classes = STAFF
    required_permissions = {
        "GET": Perm.ORGANISATION_VIEW,
        "PATCH": Perm.ORGANISATION_MANAGE,
    }

    @extend_schema(responses=s.OrganisationSerializer)
    def get(self, request: Request, uuid: str) -> Response:
        organisation = selectors.organisation_get_for(user=request.user, uuid=uuid)
        return Response(s.OrganisationSerializer(organisation).data)

    @extend_schema(
        request=s.OrganisationWriteSerializer, responses=s.OrganisationSerializer
    )
    def patch(self, request: Request, uuid: str) -> Response:
        organisation = selectors.organisation_get_for(
            user=request.user, uuid=uuid, permission=Perm.ORGANISATION_MANAGE
        )
        data = _valid(s.OrganisationWriteSerializer, request, partial=True)
        data.pop("parent", None)
        organisation = services.organisation_update(
            actor=request.user, organisation=organisation, **data
        )
        return Response(s.OrganisationSerializer(organisation).data)


class PublicHallList(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = s.HallSerializer

    @extend_schema(
        parameters=[OpenApiParameter("division", str, description="Division code")]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        code = self.request.query_params.get("division")
        division = selectors.division_get(code=code) if code else None
        if code and division is None:
            return Hall.objects.none()
        return selectors.hall_public_list(
            division_prefix=division.prefix if division else None
        )


class PublicHallDetail(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=s.HallSerializer)
    def get(self, request: Request, uuid: str) -> Response:
        return Response(s.HallSerializer(selectors.hall_public_get(uuid=uuid)).data)


class HallList(generics.ListAPIView):
    permission_classes = STAFF
    required_permissions = {"GET": Perm.HALL_VIEW, "POST": Perm.HALL_MANAGE}
    serializer_class = s.HallSerializer

    def get_queryset(self) -> Any:
        return selectors.hall_list_for(user=self.request.user)

    @extend_schema(request=s.HallWriteSerializer, responses={201: s.HallSerializer})
    def post(self, request: Request) -> Response:
        data = _valid(s.HallWriteSerializer, request)
        organisation = selectors.organisation_get_for(
            user=request.user,
            uuid=data.pop("organisation"),
            permission=Perm.HALL_MANAGE,
        )
        hall = services.hall_create(
            actor=request.user, organisation=organisation, **data
        )
        return Response(
            s.HallSerializer(selectors.hall_public_get(uuid=hall.uuid)).data,
            status=status.HTTP_201_CREATED,
        )


class HallDetail(APIView):
    permission_classes = STAFF
    required_permissions = {"GET": Perm.HALL_VIEW}

    @extend_schema(responses=s.HallSerializer)
    def get(self, request: Request, uuid: str) -> Response:
        return Response(
            s.HallSerializer(selectors.hall_get_for(user=request.user, uuid=uuid)).data
        )


class HallSessions(APIView):
    permission_classes = STAFF
    required_permissions = {"PUT": Perm.HALL_MANAGE}

    @extend_schema(request=s.SessionsWriteSerializer, responses=s.HallSerializer)
    def put(self, request: Request, uuid: str) -> Response:
        hall = selectors.hall_get_for(
            user=request.user, uuid=uuid, permission=Perm.HALL_MANAGE
        )
        data = _valid(s.SessionsWriteSerializer, request)
        sessions = [(x["weekday"], x["opens"], x["closes"]) for x in data["sessions"]]
        services.hall_set_sessions(actor=request.user, hall=hall, sessions=sessions)
        return Response(
            s.HallSerializer(selectors.hall_public_get(uuid=hall.uuid)).data
        )


class HallClosures(APIView):
    permission_classes = STAFF
    required_permissions = {"POST": Perm.HALL_MANAGE}

    @extend_schema(request=s.ClosureSerializer, responses={201: s.ClosureSerializer})
    def post(self, request: Request, uuid: str) -> Response:
        hall = selectors.hall_get_for(
            user=request.user, uuid=uuid, permission=Perm.HALL_MANAGE
        )
        data = _valid(s.ClosureSerializer, request)
        closure = services.hall_closure_add(actor=request.user, hall=hall, **data)
        return Response(
            s.ClosureSerializer(closure).data, status=status.HTTP_201_CREATED
        )


class HallWindows(APIView):
    permission_classes = STAFF
    required_permissions = {"POST": Perm.HALL_MANAGE}

    @extend_schema(request=s.WindowSerializer, responses={201: s.WindowSerializer})
    def post(self, request: Request, uuid: str) -> Response:
        hall = selectors.hall_get_for(
            user=request.user, uuid=uuid, permission=Perm.HALL_MANAGE
        )
        data = _valid(s.WindowSerializer, request)
        window = services.window_create(actor=request.user, hall=hall, **data)
        return Response(s.WindowSerializer(window).data, status=status.HTTP_201_CREATED)

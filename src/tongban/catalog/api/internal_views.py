"""Internal catalogue endpoints for catalogue managers, scoped by organisation and
region.

State changes are named actions (``…/submit``, ``…/approve``), never a PATCH of status.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.catalog import selectors, services
from tongban.catalog.api import serializers as s
from tongban.catalog.fields import CHILD_MODELS
from tongban.core.permissions import Perm, StaffPermission, not_found
from tongban.regions import selectors as region_selectors

STAFF = [IsAuthenticated, StaffPermission]
VIEW_MANAGE = {"GET": Perm.CATALOG_VIEW, "*": Perm.CATALOG_MANAGE}


class BasicItemList(generics.ListAPIView):
    permission_classes = STAFF
    required_permissions = VIEW_MANAGE
    serializer_class = s.BasicItemSerializer

    def get_queryset(self) -> Any:
        return selectors.basic_item_list()

    @extend_schema(
        request=s.BasicItemWriteSerializer, responses={201: s.BasicItemSerializer}
    )
    def post(self, request: Request) -> Response:
        data = s.data_of(s.BasicItemWriteSerializer, request.data)
        item = services.basic_item_create(actor=request.user, **data)
        return Response(
            s.BasicItemSerializer(item).data, status=status.HTTP_201_CREATED
        )


class BasicItemDetail(APIView):
    permission_classes = STAFF
    required_permissions = VIEW_MANAGE

    @extend_schema(responses=s.BasicItemSerializer)
    def get(self, request: Request, code: str) -> Response:
        return Response(s.BasicItemSerializer(selectors.basic_item_get(code=code)).data)

    @extend_schema(request=s.BasicItemWriteSerializer, responses=s.BasicItemSerializer)
    def patch(self, request: Request, code: str) -> Response:
        item = selectors.basic_item_get(code=code)
        serializer = s.BasicItemWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("code", None)
        item = services.basic_item_update(actor=request.user, item=item, **data)
        return Response(s.BasicItemSerializer(item).data)


class ImplementationList(generics.ListAPIView):
    permission_classes = STAFF
    required_permissions = VIEW_MANAGE
    serializer_class = s.ImplementationSerializer

    def get_queryset(self) -> Any:
        return selectors.implementation_list_for(user=self.request.user)

    @extend_schema(
        request=s.ImplementationWriteSerializer,
        responses={201: s.ImplementationSerializer},
    )
    def post(self, request: Request) -> Response:
        data = s.data_of(s.ImplementationWriteSerializer, request.data)
        organisation = region_selectors.organisation_get_for(
            user=request.user, uuid=data["organisation"], permission=Perm.CATALOG_MANAGE
        )
        division = None
        if data.get("division_code"):
            division = region_selectors.division_get(code=data["division_code"])
            if division is None:
                raise ValidationError(
                    {
                        "division_code": ValidationError(
                            _("Unknown division code."), code="unknown_division"
                        )
                    }
                )
        implementation = services.implementation_create(
            actor=request.user,
            basic_item=selectors.basic_item_get(code=data["basic_code"]),
            organisation=organisation,
            division=division,
            handling_item_code=data.get("handling_item_code", ""),
        )
        return Response(
            s.ImplementationSerializer(implementation).data,
            status=status.HTTP_201_CREATED,
        )


class ImplementationDetail(APIView):
    permission_classes = STAFF
    required_permissions = VIEW_MANAGE

    @extend_schema(responses=s.ImplementationSerializer)
    def get(self, request: Request, uuid: str) -> Response:
        implementation = selectors.implementation_get_for(user=request.user, uuid=uuid)
        body = dict(s.ImplementationSerializer(implementation).data)
        body["versions"] = selectors.version_history(implementation=implementation)
        return Response(body)

    @extend_schema(
        request=s.DraftSerializer,
        responses={201: s.VersionSerializer},
        operation_id="version_draft",
    )
    def post(self, request: Request, uuid: str) -> Response:
        """Start a new draft version."""
        data = s.data_of(s.DraftSerializer, request.data)
        implementation = selectors.implementation_get_for(
            user=request.user, uuid=uuid, permission=Perm.CATALOG_MANAGE
        )
        draft = services.version_draft(
            actor=request.user,
            implementation=implementation,
            change_summary=data["change_summary"],
        )
        return Response(s.VersionSerializer(draft).data, status=status.HTTP_201_CREATED)


class VersionDetail(APIView):
    permission_classes = STAFF
    required_permissions = VIEW_MANAGE

    @extend_schema(responses=s.VersionSerializer)
    def get(self, request: Request, uuid: str, number: int) -> Response:
        version = selectors.version_get_for(user=request.user, uuid=uuid, number=number)
        body = dict(s.VersionSerializer(version).data)
        result = selectors.version_completeness(version)
        body["completeness"] = {"score": result.score, "missing": list(result.missing)}
        return Response(body)

    @extend_schema(request=s.VersionWriteSerializer, responses=s.VersionSerializer)
    def patch(self, request: Request, uuid: str, number: int) -> Response:
        version = selectors.version_get_for(
            user=request.user, uuid=uuid, number=number, permission=Perm.CATALOG_MANAGE
        )
        changes = s.data_of(s.VersionWriteSerializer, request.data, partial=True)
        services.version_update(actor=request.user, version=version, **changes)
        version = selectors.version_get_for(user=request.user, uuid=uuid, number=number)
        return Response(s.VersionSerializer(version).data)


ACTIONS = {
    "submit": (
        Perm.CATALOG_MANAGE,
        lambda u, v, d: services.version_submit(actor=u, version=v),
    ),
    "approve": (
        Perm.CATALOG_REVIEW,
        lambda u, v, d: services.version_approve(
            actor=u, version=v, comment=d["comment"]
        ),
    ),
    "reject": (
        Perm.CATALOG_REVIEW,
        lambda u, v, d: services.version_reject(
            actor=u, version=v, comment=d["comment"]
        ),
    ),
    "publish": (
        Perm.CATALOG_MANAGE,
        lambda u, v, d: services.version_publish(
            actor=u, version=v, effective_from=d.get("effective_from")
        ),
    ),
    "cancel": (
        Perm.CATALOG_MANAGE,
        lambda u, v, d: services.version_cancel(
            actor=u, version=v, cancel_from=d.get("cancel_from")
        ),
    ),
}


class VersionAction(APIView):
    permission_classes = STAFF
    required_permissions = {"POST": Perm.CATALOG_VIEW}  # the action's own check follows

    @extend_schema(request=s.ActionSerializer, responses=s.VersionSerializer)
    def post(self, request: Request, uuid: str, number: int, action: str) -> Response:
        if action not in ACTIONS:
            raise not_found()
        permission, run = ACTIONS[action]
        version = selectors.version_get_for(
            user=request.user, uuid=uuid, number=number, permission=permission
        )
        run(request.user, version, s.data_of(s.ActionSerializer, request.data))
        version = selectors.version_get_for(user=request.user, uuid=uuid, number=number)
        return Response(s.VersionSerializer(version).data)


# The row body depends on the kind in the path: one schema per kind.
ROW_REQUEST = PolymorphicProxySerializer(
    component_name="CatalogueRowWrite",
    serializers=list(s.ROW_WRITE_SERIALIZERS.values()),
    resource_type_field_name=None,
)


class VersionChildren(APIView):
    permission_classes = STAFF
    required_permissions = {"POST": Perm.CATALOG_MANAGE}

    @extend_schema(request=ROW_REQUEST, responses={201: s.RowCreatedSerializer})
    def post(self, request: Request, uuid: str, number: int, kind: str) -> Response:
        if kind not in CHILD_MODELS:
            raise not_found()
        version = selectors.version_get_for(
            user=request.user, uuid=uuid, number=number, permission=Perm.CATALOG_MANAGE
        )
        data = s.data_of(s.ROW_WRITE_SERIALIZERS[kind], request.data)
        row = services.child_add(actor=request.user, version=version, kind=kind, **data)
        return Response({"id": row.pk}, status=status.HTTP_201_CREATED)


class VersionChild(APIView):
    permission_classes = STAFF
    required_permissions = {"PATCH": Perm.CATALOG_MANAGE, "DELETE": Perm.CATALOG_MANAGE}

    def _row(self, request: Request, uuid: str, number: int, kind: str, pk: int) -> Any:
        if kind not in CHILD_MODELS:
            raise not_found()
        version = selectors.version_get_for(
            user=request.user, uuid=uuid, number=number, permission=Perm.CATALOG_MANAGE
        )
        row = getattr(version, kind).filter(pk=pk).first()
        if row is None:
            raise not_found()
        return row

    @extend_schema(request=ROW_REQUEST, responses={200: s.RowCreatedSerializer})
    def patch(
        self, request: Request, uuid: str, number: int, kind: str, pk: int
    ) -> Response:
        row = self._row(request, uuid, number, kind, pk)
        data = s.data_of(s.ROW_WRITE_SERIALIZERS[kind], request.data, partial=True)
        services.child_update(actor=request.user, child=row, **data)
        return Response({"id": row.pk})

    @extend_schema(responses={204: None})
    def delete(
        self, request: Request, uuid: str, number: int, kind: str, pk: int
    ) -> Response:
        services.child_delete(
            actor=request.user, child=self._row(request, uuid, number, kind, pk)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

"""Internal bundle endpoints (一件事) that change a bundle: exactly what the workbench pages
at ``/workbench/catalog/bundles/`` do, for catalogue managers' tools —

- ``POST catalog/bundles/``: a new draft (code, name, guide texts in three languages);
- ``PATCH catalog/bundles/{code}/``: its name and guide texts (a draft only);
- ``POST catalog/bundles/{code}/items``: a published item of the manager's area added to
  a step; ``POST …/items/{id}/move``: another step; ``DELETE …/items/{id}``: removed;
- ``POST catalog/bundles/{code}/publish`` and ``…/withdraw`` (back to draft).

Permissions and audit as on the pages: the endpoints need ``catalog.view`` somewhere, and
every change goes through ``catalog.services.bundles``, which needs the region-wide
``catalog.manage`` (403 otherwise) and writes the audit row. A refusal is a problem in
the caller's language with a stable code. Repeating a request that already took effect
answers 200 with the bundle as it is and writes nothing (the same create, the same item
at the same step, a publish of the bundle already published, a withdraw of a draft).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.catalog import selectors_bundles as bundles
from tongban.catalog.api.workbench_bundles import (
    READ,
    STAFF,
    BundleWorkbenchDetail,
    BundleWorkbenchList,
    BundleWorkbenchSerializer,
)
from tongban.catalog.forms_bundles import MAX_STEP
from tongban.catalog.models import Bundle, Implementation
from tongban.catalog.services import bundles as services
from tongban.core.api.serializers import StrictModelSerializer, StrictSerializer
from tongban.core.permissions import Perm

WRITE = {"POST": Perm.CATALOG_VIEW, "PATCH": Perm.CATALOG_VIEW}
TEXT_FIELDS = sorted(services.BUNDLE_WRITABLE)


class BundleTextSerializer(StrictModelSerializer):
    """The name and guide texts: ``name``, ``summary``, ``conditions``,
    ``process_description``, ``delivery_note`` in Chinese, each also as ``<text>_bo``
    and ``<text>_en``; only the fields sent are changed."""

    class Meta:
        model = Bundle
        fields = TEXT_FIELDS


class BundleCreateSerializer(BundleTextSerializer):
    class Meta:
        model = Bundle
        fields = ["code", *TEXT_FIELDS]
        # The service's full_clean says a code is taken (the page shows it the same way).
        extra_kwargs: dict[str, dict[str, Any]] = {"code": {"validators": []}}


class BundleItemAddSerializer(StrictSerializer):
    implementation_code = serializers.CharField(max_length=50)
    step = serializers.IntegerField(min_value=1, max_value=MAX_STEP, default=1)


class BundleItemMoveSerializer(StrictSerializer):
    step = serializers.IntegerField(min_value=1, max_value=MAX_STEP)


def _body(request: Request, bundle: Bundle, code: int = status.HTTP_200_OK) -> Response:
    bundle = bundles.bundle_get(code=bundle.code)  # as stored, after the change
    context = {"request": request, "resolved": bundles.bundle_resolve(bundle=bundle)}
    return Response(
        BundleWorkbenchSerializer(bundle, context=context).data, status=code
    )


def _same(bundle: Bundle, content: dict[str, Any]) -> bool:
    return all(
        getattr(bundle, services.bundle_column(n)) == v for n, v in content.items()
    )


class BundleListCreate(BundleWorkbenchList):
    """Every bundle, draft or published, by code; POST creates a draft."""

    required_permissions = {**READ, **WRITE}

    @extend_schema(
        operation_id="internal_catalog_bundles_create",
        request=BundleCreateSerializer,
        responses={201: BundleWorkbenchSerializer, 200: BundleWorkbenchSerializer},
        description="A new draft bundle; 200 with it when the same code and texts "
        "were created before.",
    )
    def post(self, request: Request) -> Response:
        data = BundleCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        content = dict(data.validated_data)
        code = content.pop("code", "")
        existing = bundles.bundle_find(code=code)
        if existing is not None and _same(existing, content):
            services.bundle_require_manager(request.user)
            return _body(request, existing)
        bundle = services.bundle_create(actor=request.user, code=code, **content)
        return _body(request, bundle, status.HTTP_201_CREATED)


class BundleDetailTexts(BundleWorkbenchDetail):
    """One bundle as its workbench page shows it, published or draft; PATCH changes
    its name and guide texts (a draft only)."""

    required_permissions = {**READ, **WRITE}

    @extend_schema(
        operation_id="internal_catalog_bundles_update",
        request=BundleTextSerializer,
        responses=BundleWorkbenchSerializer,
    )
    def patch(self, request: Request, code: str) -> Response:
        bundle = bundles.bundle_get(code=code)
        data = BundleTextSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.bundle_update(
            actor=request.user, bundle=bundle, **dict(data.validated_data)
        )
        return _body(request, bundle)


class BundleItemAdd(APIView):
    permission_classes = STAFF
    required_permissions = WRITE

    @extend_schema(
        operation_id="internal_catalog_bundles_items_add",
        request=BundleItemAddSerializer,
        responses={201: BundleWorkbenchSerializer, 200: BundleWorkbenchSerializer},
        description="Add a published item of the caller's area to a step; 200 when it "
        "is already in that step.",
    )
    def post(self, request: Request, code: str) -> Response:
        bundle = bundles.bundle_get(code=code)
        data = BundleItemAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        wanted = data.validated_data["implementation_code"]
        step = data.validated_data["step"]
        there = bundle.items.select_related("implementation").filter(
            implementation__code=wanted
        )
        found = there.first()
        if found is not None and found.step == step:
            services.bundle_require_manager(request.user)
            return _body(request, bundle)
        implementation: Implementation | None
        if found is not None:
            implementation = found.implementation  # the service says it is there
        else:
            implementation = (
                bundles.bundle_item_candidates(user=request.user, bundle=bundle)
                .filter(code=wanted)
                .first()
            )
        if implementation is None:
            services.bundle_require_manager(request.user)
            raise ValidationError(
                {
                    "implementation_code": ValidationError(
                        _("Choose an item published in your area."),
                        code="invalid_choice",
                    )
                }
            )
        services.bundle_item_add(
            actor=request.user,
            bundle=bundle,
            implementation=implementation,
            step=step,
            order=bundle.items.count(),
        )
        return _body(request, bundle, status.HTTP_201_CREATED)


class BundleItemMove(APIView):
    permission_classes = STAFF
    required_permissions = WRITE

    @extend_schema(
        operation_id="internal_catalog_bundles_items_move",
        request=BundleItemMoveSerializer,
        responses=BundleWorkbenchSerializer,
    )
    def post(self, request: Request, code: str, pk: int) -> Response:
        bundle = bundles.bundle_get(code=code)
        item = bundles.bundle_item_get(bundle=bundle, pk=pk)
        data = BundleItemMoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.bundle_item_move(
            actor=request.user, item=item, step=data.validated_data["step"]
        )
        return _body(request, bundle)


class BundleItemRemove(APIView):
    permission_classes = STAFF
    required_permissions = {"DELETE": Perm.CATALOG_VIEW}

    @extend_schema(
        operation_id="internal_catalog_bundles_items_remove",
        responses={204: None},
    )
    def delete(self, request: Request, code: str, pk: int) -> Response:
        bundle = bundles.bundle_get(code=code)
        item = bundles.bundle_item_get(bundle=bundle, pk=pk)
        services.bundle_item_remove(actor=request.user, item=item)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BundlePublish(APIView):
    permission_classes = STAFF
    required_permissions = WRITE

    @extend_schema(
        operation_id="internal_catalog_bundles_publish",
        request=None,
        responses=BundleWorkbenchSerializer,
        description="Publish the draft as the next version (the reasons as a problem "
        "when it cannot be); 200 with it, unchanged, when it is published already.",
    )
    def post(self, request: Request, code: str) -> Response:
        bundle = bundles.bundle_get(code=code)
        if bundle.status == Bundle.Status.PUBLISHED:
            services.bundle_require_manager(request.user)
            return _body(request, bundle)
        services.bundle_publish(actor=request.user, bundle=bundle)
        return _body(request, bundle)


class BundleWithdraw(APIView):
    permission_classes = STAFF
    required_permissions = WRITE

    @extend_schema(
        operation_id="internal_catalog_bundles_withdraw",
        request=None,
        responses=BundleWorkbenchSerializer,
        description="Back to draft: off the public list until published again as a "
        "new version; a draft stays as it is.",
    )
    def post(self, request: Request, code: str) -> Response:
        bundle = bundles.bundle_get(code=code)
        services.bundle_revise(actor=request.user, bundle=bundle)
        return _body(request, bundle)

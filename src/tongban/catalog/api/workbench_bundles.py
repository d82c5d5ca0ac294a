"""Internal bundle endpoints (一件事) for catalogue managers: what the workbench pages at
``/workbench/catalog/bundles/`` show, read-only — every bundle, draft or published, and one
bundle with its texts in the three languages, its items by step, the merged form and
checklist resolved against today's catalogue, and what would stop its publication.

Permissions as for the pages: reading needs ``catalog.view`` somewhere (403 otherwise);
``may_manage`` says whether the caller may change bundles (``catalog.manage`` region-wide),
which the pages use to show their forms. The changes the pages make are the endpoints of
``catalog.api.workbench_bundle_writes``.
"""

from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema, extend_schema_field
from modeltranslation.utils import build_localized_fieldname
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.catalog import selectors_bundles as bundles
from tongban.catalog.api.bundles import (
    BundleFieldSerializer,
    BundleItemRefSerializer,
    BundleMaterialSerializer,
)
from tongban.catalog.models import Bundle
from tongban.catalog.services.bundles import bundle_may_manage, publication_errors
from tongban.catalog.translation import BundleTranslation
from tongban.core.permissions import Perm, StaffPermission

STAFF = [IsAuthenticated, StaffPermission]
READ = {"GET": Perm.CATALOG_VIEW}
TEXTS = tuple(BundleTranslation.fields)


class BundleRowSerializer(serializers.ModelSerializer[Bundle]):
    items = serializers.SerializerMethodField()

    class Meta:
        model = Bundle
        fields = [
            "uuid",
            "code",
            "name",
            "status",
            "version",
            "published_at",
            "updated_at",
            "items",
        ]

    def get_items(self, bundle: Bundle) -> int:
        """The number of items (prefetched by the list)."""
        return len(bundle.items.all())


class BundleWorkbenchItemSerializer(BundleItemRefSerializer):
    id = serializers.IntegerField(source="item.pk")
    order = serializers.IntegerField(source="item.order")


class BundleProblemSerializer(serializers.Serializer):
    name = serializers.CharField()
    code = serializers.CharField()
    reason = serializers.CharField()


class BundleWorkbenchSerializer(BundleRowSerializer):
    translations = serializers.SerializerMethodField(
        help_text="Each text of the guide in each language (`zh_hans`, `bo`, `en`); "
        "an empty text falls back to Chinese on the public pages."
    )
    parts = serializers.SerializerMethodField(
        help_text="The items in order of step; items of one step run in parallel."
    )
    form_fields = serializers.SerializerMethodField()
    materials = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField(
        help_text="What stops publication (or applications, once published): empty "
        "when the bundle can be published."
    )
    may_manage = serializers.SerializerMethodField()

    class Meta(BundleRowSerializer.Meta):
        fields = [
            *BundleRowSerializer.Meta.fields,
            "summary",
            "conditions",
            "process_description",
            "delivery_note",
            "translations",
            "parts",
            "form_fields",
            "materials",
            "problems",
            "may_manage",
        ]

    def _resolved(self) -> bundles.Resolved:
        resolved: bundles.Resolved = self.context["resolved"]
        return resolved

    @extend_schema_field(
        serializers.DictField(
            child=serializers.DictField(child=serializers.CharField())
        )
    )
    def get_translations(self, bundle: Bundle) -> dict[str, dict[str, str]]:
        return {
            text: {
                code.replace("-", "_"): getattr(
                    bundle, build_localized_fieldname(text, code), ""
                )
                or ""
                for code in settings.LANGUAGE_CODES
            }
            for text in TEXTS
        }

    @extend_schema_field(BundleWorkbenchItemSerializer(many=True))
    def get_parts(self, bundle: Bundle) -> Any:
        return BundleWorkbenchItemSerializer(self._resolved().parts, many=True).data

    @extend_schema_field(BundleFieldSerializer(many=True))
    def get_form_fields(self, bundle: Bundle) -> Any:
        return BundleFieldSerializer(self._resolved().fields, many=True).data

    @extend_schema_field(BundleMaterialSerializer(many=True))
    def get_materials(self, bundle: Bundle) -> Any:
        return BundleMaterialSerializer(self._resolved().materials, many=True).data

    @extend_schema_field(BundleProblemSerializer(many=True))
    def get_problems(self, bundle: Bundle) -> list[dict[str, str]]:
        return [
            {"name": name, "code": str(error.code or ""), "reason": str(message)}
            for name, errors in publication_errors(self._resolved()).items()
            for error in errors
            for message in error.messages
        ]

    def get_may_manage(self, bundle: Bundle) -> bool:
        return bundle_may_manage(self.context["request"].user)


class BundleWorkbenchList(APIView):
    """Every bundle, draft or published, by code."""

    permission_classes = STAFF
    required_permissions = READ

    @extend_schema(responses=BundleRowSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = bundles.bundle_list_all()
        return Response(BundleRowSerializer(rows, many=True).data)


class BundleWorkbenchDetail(APIView):
    """One bundle as its workbench page shows it, published or draft."""

    permission_classes = STAFF
    required_permissions = READ

    @extend_schema(responses=BundleWorkbenchSerializer)
    def get(self, request: Request, code: str) -> Response:
        bundle = bundles.bundle_get(code=code)
        context = {
            "request": request,
            "resolved": bundles.bundle_resolve(bundle=bundle),
        }
        return Response(BundleWorkbenchSerializer(bundle, context=context).data)

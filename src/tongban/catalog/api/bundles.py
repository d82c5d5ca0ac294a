"""Public bundle endpoints (一件事, AllowAny): the published list and one bundle's guide with
its items in order, the merged form (a field once, by key) and the merged checklist (a
material once, by its merged key — the name of its file part when applying)."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.catalog import selectors_bundles as bundles


class BundleItemRefSerializer(serializers.Serializer):
    implementation_code = serializers.CharField(source="item.implementation.code")
    name = serializers.CharField(source="item.implementation.name")
    organisation = serializers.CharField(source="item.implementation.organisation.name")
    step = serializers.IntegerField(source="item.step")
    live = serializers.SerializerMethodField()
    promised_limit = serializers.IntegerField(
        source="version.promised_limit", allow_null=True, default=None
    )

    def get_live(self, part: Any) -> bool:
        return part.version is not None


class BundleFieldSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField(source="row.label")  # type: ignore[assignment]  # a field named like Field.label
    field_type = serializers.CharField()
    required = serializers.BooleanField()  # type: ignore[assignment]  # a field named like Field.required
    items = serializers.ListField(child=serializers.CharField())


class BundleMaterialSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField(source="row.name")
    required = serializers.BooleanField()  # type: ignore[assignment]  # a field named like Field.required
    tolerance_allowed = serializers.BooleanField()
    items = serializers.ListField(child=serializers.CharField())


class BundleSummarySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    summary = serializers.CharField()
    version = serializers.IntegerField()


class BundleGuideSerializer(BundleSummarySerializer):
    conditions = serializers.CharField()
    process_description = serializers.CharField()
    delivery_note = serializers.CharField()
    items = BundleItemRefSerializer(many=True)
    form_fields = BundleFieldSerializer(many=True)
    materials = BundleMaterialSerializer(many=True)


class PublicBundleList(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=BundleSummarySerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(
            BundleSummarySerializer(bundles.bundle_list_published(), many=True).data
        )


class PublicBundleDetail(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=BundleGuideSerializer)
    def get(self, request: Request, code: str) -> Response:
        bundle = bundles.bundle_get_published(code=code)
        resolved = bundles.bundle_resolve(bundle=bundle)
        body = {
            **{
                name: getattr(bundle, name)
                for name in (
                    "code",
                    "name",
                    "summary",
                    "conditions",
                    "process_description",
                    "delivery_note",
                    "version",
                )
            },
            "items": resolved.parts,
            "form_fields": resolved.fields,
            "materials": resolved.materials,
        }
        return Response(BundleGuideSerializer(body).data)

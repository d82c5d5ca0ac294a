"""Serializers: shapes only; the rules are checked by the services."""

from typing import Any

from rest_framework import serializers

from tongban.catalog.models import (
    BasicItem,
    Faq,
    Fee,
    FormField,
    Implementation,
    ImplementationVersion,
    Material,
    SpecialProcedure,
)
from tongban.catalog.services.content import child_fields
from tongban.catalog.services.versions import version_fields


class BasicItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = BasicItem
        fields = [
            "uuid",
            "code",
            "local_code",
            "name",
            "name_zh_hans",
            "name_bo",
            "name_en",
            "item_type",
            "legal_basis",
            "exercise_levels",
            "status",
            "version",
            "planned_effective_date",
            "planned_cancel_date",
        ]


class BasicItemWriteSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=60)
    name = serializers.CharField(max_length=200)
    name_bo = serializers.CharField(max_length=200, required=False, allow_blank=True)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    item_type = serializers.CharField(max_length=2)
    legal_basis = serializers.CharField(required=False, allow_blank=True)
    exercise_levels = serializers.ListField(
        child=serializers.IntegerField(), required=False
    )
    status = serializers.CharField(required=False)


class ImplementationSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    basic_code = serializers.CharField(read_only=True)
    item_type = serializers.CharField(read_only=True)
    organisation = serializers.UUIDField(source="organisation.uuid", read_only=True)
    organisation_name = serializers.CharField(
        source="organisation.name", read_only=True
    )
    division_code = serializers.CharField(source="division.code", read_only=True)

    class Meta:
        model = Implementation
        fields = [
            "uuid",
            "code",
            "name",
            "basic_code",
            "item_type",
            "organisation",
            "organisation_name",
            "division_code",
            "exercise_level",
            "handling_item_code",
            "status",
        ]


class ImplementationWriteSerializer(serializers.Serializer):
    basic_code = serializers.CharField(max_length=60)
    organisation = serializers.UUIDField()
    division_code = serializers.CharField(max_length=12, required=False)
    handling_item_code = serializers.CharField(
        max_length=50, required=False, allow_blank=True
    )


def _child(model: type) -> type[serializers.ModelSerializer]:
    meta = type("Meta", (), {"model": model, "fields": ["id", *child_fields(model)]})
    return type(
        f"{model.__name__}Serializer", (serializers.ModelSerializer,), {"Meta": meta}
    )


MaterialSerializer = _child(Material)
FormFieldSerializer = _child(FormField)
FeeSerializer = _child(Fee)
FaqSerializer = _child(Faq)
SpecialProcedureSerializer = _child(SpecialProcedure)


class VersionSerializer(serializers.ModelSerializer):
    """A version with its child rows: the whole guide as data."""

    implementation = ImplementationSerializer(read_only=True)
    materials = MaterialSerializer(many=True, read_only=True)
    form_fields = FormFieldSerializer(many=True, read_only=True)
    fees = FeeSerializer(many=True, read_only=True)
    faqs = FaqSerializer(many=True, read_only=True)
    special_procedures = SpecialProcedureSerializer(many=True, read_only=True)

    class Meta:
        model = ImplementationVersion
        fields = [
            "implementation",
            "number",
            "status",
            "effective_from",
            "cancel_from",
            "review_comment",
            *version_fields(),
            "materials",
            "form_fields",
            "fees",
            "faqs",
            "special_procedures",
        ]


class GuideSerializer(VersionSerializer):
    """The public guide: the uniform elements of the basic item plus the live
    version."""

    basic_item = BasicItemSerializer(source="implementation.basic_item", read_only=True)

    class Meta(VersionSerializer.Meta):
        fields = ["basic_item", *VersionSerializer.Meta.fields]


class ItemSummarySerializer(serializers.Serializer):
    code = serializers.CharField(source="implementation.code")
    basic_code = serializers.CharField(source="implementation.basic_item.code")
    name = serializers.CharField(source="implementation.basic_item.name")
    item_type = serializers.CharField(source="implementation.basic_item.item_type")
    organisation_name = serializers.CharField(source="implementation.organisation.name")
    division_code = serializers.CharField(source="implementation.division.code")
    version = serializers.IntegerField(source="number")
    promised_limit = serializers.IntegerField(allow_null=True)
    promised_unit = serializers.CharField()
    online_depth = serializers.IntegerField(allow_null=True)
    visits_required = serializers.IntegerField(allow_null=True)


class ActionSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    effective_from = serializers.DateField(required=False, allow_null=True)
    cancel_from = serializers.DateField(required=False, allow_null=True)


def data_of(serializer_class: type, data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)

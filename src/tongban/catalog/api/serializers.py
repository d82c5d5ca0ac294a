"""Serializers: shapes only; the rules are checked by the services."""

from collections.abc import Iterable
from typing import Any

from django.db import models
from rest_framework import serializers

from tongban.catalog.fields import (
    CHILD_MODELS,
    child_fields,
    child_writable,
    version_fields,
    version_writable,
)
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
from tongban.core.api.serializers import StrictModelSerializer, StrictSerializer


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


class BasicItemWriteSerializer(StrictSerializer):
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


class ImplementationWriteSerializer(StrictSerializer):
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


class ActionSerializer(StrictSerializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    effective_from = serializers.DateField(required=False, allow_null=True)
    cancel_from = serializers.DateField(required=False, allow_null=True)


def data_of(
    serializer_class: type, data: Any, *, partial: bool = False
) -> dict[str, Any]:
    serializer = serializer_class(data=data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class DraftSerializer(StrictSerializer):
    change_summary = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )


def _api_writable(model: type[models.Model], names: Iterable[str]) -> list[str]:
    """The fields a manager writes through the API: files are uploaded on the workbench,
    never named by a path in JSON."""
    return sorted(
        name
        for name in names
        if not isinstance(model._meta.get_field(name), models.FileField)
    )


def _write(
    model: type[models.Model], names: Iterable[str], name: str
) -> type[StrictModelSerializer]:
    meta = type("Meta", (), {"model": model, "fields": _api_writable(model, names)})
    return type(name, (StrictModelSerializer,), {"Meta": meta})


# What PATCH of a draft version takes: its content fields (the lifecycle moves through
# the named actions), a translated field by its Chinese name plus ``_bo`` / ``_en``.
VersionWriteSerializer = _write(
    ImplementationVersion, version_writable(), "VersionWriteSerializer"
)
# What each kind of row takes (``…/rows/<kind>/``), keyed by kind.
ROW_WRITE_SERIALIZERS = {
    kind: _write(model, child_writable(model), f"{model.__name__}WriteSerializer")
    for kind, model in CHILD_MODELS.items()
}


class RowCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()

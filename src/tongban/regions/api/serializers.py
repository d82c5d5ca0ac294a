"""Serializers: shapes only; validation of rules happens in services."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tongban.core.api.serializers import StrictSerializer
from tongban.regions.models import (
    Division,
    Hall,
    HallClosure,
    OpeningSession,
    Organisation,
    Window,
)


class DivisionSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(
        source="parent.code", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = Division
        fields = [
            "code",
            "level",
            "name",
            "name_zh_hans",
            "name_bo",
            "name_en",
            "parent_code",
        ]


class DivisionCreateSerializer(StrictSerializer):
    code = serializers.CharField(max_length=20)
    name = serializers.CharField(max_length=100)
    name_bo = serializers.CharField(max_length=100, required=False, allow_blank=True)
    name_en = serializers.CharField(max_length=100, required=False, allow_blank=True)


class OrganisationSerializer(serializers.ModelSerializer):
    division_code = serializers.CharField(source="division.code", read_only=True)
    parent = serializers.UUIDField(  # type: ignore[assignment]  # a UUID, not a nested object
        source="parent.uuid", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = Organisation
        fields = [
            "uuid",
            "name",
            "name_zh_hans",
            "name_bo",
            "name_en",
            "uscc",
            "division_code",
            "exercise_level",
            "nature",
            "parent",
            "is_active",
        ]


class OrganisationWriteSerializer(StrictSerializer):
    name = serializers.CharField(max_length=200)
    name_bo = serializers.CharField(max_length=200, required=False, allow_blank=True)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    # Length and checksum are checked by the service so the message names the actual fault.
    uscc = serializers.CharField(max_length=40)
    division_code = serializers.CharField(max_length=12)
    exercise_level = serializers.ChoiceField(choices=Organisation.ExerciseLevel.choices)
    nature = serializers.ChoiceField(
        choices=Organisation.Nature.choices, required=False
    )
    parent = serializers.UUIDField(  # type: ignore[assignment]  # field named like Field.parent
        required=False, allow_null=True
    )
    is_active = serializers.BooleanField(required=False)


@extend_schema_field(
    {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2})?$", "example": "09:30:00"}
)
class WallClockField(serializers.TimeField):
    """A time of the hall's own day, without an offset: the contract says so, since
    OpenAPI's ``format: time`` (RFC 3339 full-time) would demand one."""


class SessionSerializer(serializers.ModelSerializer):
    opens = WallClockField()
    closes = WallClockField()

    class Meta:
        model = OpeningSession
        fields = ["weekday", "opens", "closes"]


class ClosureSerializer(serializers.ModelSerializer):
    class Meta:
        model = HallClosure
        fields = ["start_date", "end_date", "reason"]


class WindowSerializer(serializers.ModelSerializer):
    class Meta:
        model = Window
        fields = ["number", "name", "kind"]


class HallSerializer(serializers.ModelSerializer):
    division_code = serializers.CharField(source="division.code", read_only=True)
    organisation = serializers.UUIDField(source="organisation.uuid", read_only=True)
    sessions = SessionSerializer(many=True, read_only=True)
    closures = ClosureSerializer(many=True, read_only=True)
    windows = WindowSerializer(many=True, read_only=True)

    class Meta:
        model = Hall
        fields = [
            "uuid",
            "name",
            "kind",
            "division_code",
            "organisation",
            "address",
            "phone",
            "sessions",
            "closures",
            "windows",
        ]


class HallWriteSerializer(StrictSerializer):
    name = serializers.CharField(max_length=200)
    name_bo = serializers.CharField(max_length=200, required=False, allow_blank=True)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=Hall.Kind.choices)
    division_code = serializers.CharField(max_length=12)
    organisation = serializers.UUIDField()
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)


class SessionsWriteSerializer(StrictSerializer):
    sessions = SessionSerializer(many=True)

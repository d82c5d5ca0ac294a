"""Serializers: shapes only; the rules live in the domain and the services."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tongban.calendars.selectors import REASONS, DayInfo
from tongban.core.api.serializers import StrictSerializer

MAX_DAYS = 500  # no statutory or promised limit comes near; bounds the explanation


# Described by a pattern, not an enum: drf-spectacular names enums after the field, and
# a second "kind" enum would rename the halls' one in the committed OpenAPI file.
@extend_schema_field(
    {
        "type": "string",
        "pattern": "^(off|work)$",
        "description": "off: day off; work: make-up workday",
    }
)
class DayKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=["off", "work"], **kwargs)


class DeadlineQuerySerializer(serializers.Serializer):
    start = serializers.DateField(help_text="Day the clock starts (not counted)")
    working_days = serializers.IntegerField(min_value=0, max_value=MAX_DAYS)
    provisional = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Accept a provisional result for a year not yet published",
    )


class DaysQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1949, max_value=2100)


class SourceSerializer(serializers.Serializer):
    title = serializers.CharField()
    number = serializers.CharField()
    issued_on = serializers.DateField()
    url = serializers.CharField()
    source_note = serializers.CharField(source="source")
    scope = serializers.SerializerMethodField()

    def get_scope(self, notice: Any) -> str:
        return notice.division.code if notice.division else "national"


class DayInfoSerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = DayKindField()
    reason = serializers.CharField()
    reason_label = serializers.SerializerMethodField()
    name = serializers.CharField()
    scope = serializers.SerializerMethodField()
    # DRF's metaclass moves declared fields off the class, so this does not shadow
    # Field.source at run time; the stubs cannot know that.
    source = SourceSerializer(source="notice", allow_null=True)  # type: ignore[assignment]

    def get_reason_label(self, day: DayInfo) -> str:
        return str(REASONS.get(day.reason, day.reason))

    def get_scope(self, day: DayInfo) -> str:
        return day.scope or ("national" if day.notice else "statutory")


class DeadlineSerializer(serializers.Serializer):
    division_code = serializers.CharField()
    start = serializers.DateField()
    working_days = serializers.IntegerField()
    due_date = serializers.DateField()
    provisional = serializers.BooleanField()
    provisional_years = serializers.ListField(child=serializers.IntegerField())
    skipped = DayInfoSerializer(many=True)
    make_up_days = DayInfoSerializer(many=True)
    convention = serializers.CharField()


class YearDaysSerializer(serializers.Serializer):
    division_code = serializers.CharField()
    year = serializers.IntegerField()
    provisional = serializers.BooleanField()
    days = DayInfoSerializer(many=True)


class NoticeDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = DayKindField()
    name = serializers.CharField(max_length=100)
    name_bo = serializers.CharField(max_length=100, required=False, allow_blank=True)
    name_en = serializers.CharField(max_length=100, required=False, allow_blank=True)


class NoticeWriteSerializer(StrictSerializer):
    scope = serializers.CharField(
        max_length=12, help_text="Division code, or 'national'"
    )
    year = serializers.IntegerField(min_value=1949, max_value=2100)
    number = serializers.CharField(max_length=100)
    title = serializers.CharField(max_length=300)
    title_bo = serializers.CharField(max_length=300, required=False, allow_blank=True)
    title_en = serializers.CharField(max_length=300, required=False, allow_blank=True)
    issued_on = serializers.DateField()
    url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    # "source" is a DRF field attribute: the JSON key is source_note.
    source_note = serializers.CharField(
        source="source",
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text="Where the arrangement is known from, and what is not known",
    )
    days = NoticeDaySerializer(many=True)


class NoticeResultSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(source="notice.uuid")
    scope = serializers.SerializerMethodField()
    year = serializers.IntegerField(source="notice.year")
    number = serializers.CharField(source="notice.number")
    created = serializers.BooleanField()
    changed = serializers.BooleanField()
    changed_dates = serializers.ListField(child=serializers.DateField())
    recomputed = serializers.DictField(child=serializers.IntegerField())
    recomputed_total = serializers.IntegerField()

    def get_scope(self, result: Any) -> str:
        division = result.notice.division
        return division.code if division else "national"


class NoticeSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    scope = serializers.SerializerMethodField()
    year = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    issued_on = serializers.DateField()
    url = serializers.CharField()
    source_note = serializers.CharField(source="source")
    day_count = serializers.IntegerField()

    def get_scope(self, notice: Any) -> str:
        return notice.division.code if notice.division else "national"

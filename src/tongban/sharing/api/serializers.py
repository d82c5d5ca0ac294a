"""Serializers of the access-log API: the query (every filter optional, checked) and one
row (whose data masked, never the number)."""

from rest_framework import serializers

from tongban.core.api.serializers import StrictSerializer
from tongban.sharing.domain.registry import SOURCES
from tongban.sharing.models import AccessLog


class AccessLogQuerySerializer(StrictSerializer):
    data_source = serializers.ChoiceField(
        choices=[s.code for s in SOURCES], required=False
    )
    purpose = serializers.CharField(max_length=200, required=False)
    id_type = serializers.ChoiceField(choices=["111", "001"], required=False)
    id_number = serializers.RegexField(r"^[0-9A-Za-z]{18}$", required=False)
    actor = serializers.CharField(max_length=150, required=False)
    since = serializers.DateField(required=False)
    until = serializers.DateField(required=False)
    page = serializers.IntegerField(min_value=1, required=False)
    page_size = serializers.IntegerField(min_value=1, required=False)


class AccessLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = AccessLog
        fields = [
            "uuid",
            "created_at",
            "actor_repr",
            "office",
            "source",
            "subject_kind",
            "subject_masked",
            "fields",
            "purpose_kind",
            "purpose",
            "outcome",
            "error",
            "reference",
        ]
        read_only_fields = fields

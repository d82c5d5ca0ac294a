"""Case serializers: shapes only. Applicants and unprivileged staff see masked identities."""

from rest_framework import serializers

from tongban.cases.models import Case, CaseEvent, Notice
from tongban.cases.selectors import case_light
from tongban.cases.services.deadlines import remaining_working_days
from tongban.core.api.serializers import CheckedJSONField, id_field


class CaseEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseEvent
        fields = [
            "event",
            "from_state",
            "to_state",
            "actor_role",
            "reason",
            "created_at",
        ]


class CaseNoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notice
        fields = ["uuid", "kind", "number", "issued_on", "language"]


class CaseSerializer(serializers.ModelSerializer):
    implementation_code = serializers.CharField(
        source="implementation.code", read_only=True
    )
    item_name = serializers.CharField(
        source="implementation.basic_item.name", read_only=True
    )
    applicant_name = serializers.CharField(source="applicant.name", read_only=True)
    division_code = serializers.CharField(source="division.code", read_only=True)
    light = serializers.SerializerMethodField()
    remaining_working_days = serializers.SerializerMethodField()
    catalogue_version = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "uuid",
            "number",
            "state",
            "result_code",
            "implementation_code",
            "item_name",
            "catalogue_version",
            "applicant_name",
            "division_code",
            "channel",
            "submitted_at",
            "accepted_at",
            "decided_at",
            "closed_at",
            "statutory_due",
            "promised_due",
            "deadline_provisional",
            "extension_days",
            "light",
            "remaining_working_days",
            "supplement_due",
            "supplement_rounds",
            "tolerance_due",
            "decision",
            "decision_reasons",
            "result_name",
            "delivery_method",
        ]

    def get_catalogue_version(self, case: Case) -> int:
        # The queue annotates the number instead of loading the whole frozen version.
        number = getattr(case, "version_number", None)
        return int(number if number is not None else case.version.number)

    def get_light(self, case: Case) -> str | None:
        return case_light(case)

    def get_remaining_working_days(self, case: Case) -> int | None:
        if case.state not in ("accepted", "suspended"):
            return None
        return remaining_working_days(case)


class CaseDetailSerializer(CaseSerializer):
    events = CaseEventSerializer(many=True, read_only=True)
    notices = CaseNoticeSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "form_data", "events", "notices"]


class CaseSubmittedSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    number = serializers.CharField()
    query_code = serializers.CharField()
    state = serializers.CharField()


class CaseSubmitSerializer(serializers.Serializer):
    """Multipart: form fields as a JSON object, one file per material as ``material_<id>``."""

    implementation_code = serializers.CharField(max_length=64)
    client_key = serializers.RegexField(r"^[A-Za-z0-9_-]{8,64}$")
    form = CheckedJSONField(required=False)
    applicant = serializers.UUIDField(required=False)
    originals_seen = serializers.ListField(child=id_field(), required=False)


class ProgressSerializer(serializers.ModelSerializer):
    """What anyone holding the number and query code may see: no personal data."""

    item_name = serializers.CharField(
        source="implementation.basic_item.name", read_only=True
    )
    events = CaseEventSerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "number",
            "state",
            "item_name",
            "submitted_at",
            "accepted_at",
            "promised_due",
            "closed_at",
            "events",
        ]

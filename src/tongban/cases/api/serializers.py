"""Case serializers: shapes only. Applicants and unprivileged staff see masked identities:
the form's identity numbers are clear only for a caller (``context["request"]``) who may
unmask in the case's scope."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tongban.cases.models import Case, CaseEvent, Notice
from tongban.cases.presentation import upload_versions
from tongban.cases.selectors import (
    case_light,
    remaining_working_days,
    statutory_overdue,
)
from tongban.cases.services import form_values
from tongban.core.api.serializers import StrictSerializer, id_field


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
    statutory_overdue = serializers.SerializerMethodField()
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
            "statutory_overdue",
            "acceptance_due",
            "deadline_moved_from",
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

    def get_statutory_overdue(self, case: Case) -> bool:
        return statutory_overdue(case)


class CaseMaterialSerializer(serializers.Serializer):
    """One material on a case; uploads of one checklist material are numbered
    (``upload_version`` 1 = first, 2 = first re-upload after a supplement notice …)."""

    name = serializers.CharField(source="material.name")
    material = serializers.IntegerField(source="material.material_id", allow_null=True)
    material_source = serializers.CharField(source="material.source")
    shared_status = serializers.CharField(source="material.shared_status")
    shared_checked_at = serializers.DateTimeField(source="material.shared_checked_at")
    has_file = serializers.SerializerMethodField()
    original_seen = serializers.BooleanField(source="material.original_seen")
    tolerated = serializers.BooleanField(source="material.tolerated")
    supplement_round = serializers.IntegerField(source="material.supplement_round")
    upload_version = serializers.IntegerField(source="version")
    superseded = serializers.BooleanField()
    verified_at = serializers.DateTimeField(source="material.verified_at")
    verified_reference = serializers.CharField(source="material.verified_reference")
    provenance = serializers.CharField(source="material.provenance")
    trust_level = serializers.CharField(
        source="material.trust_level",
        help_text="A issued by the implementing body, B verified against the original, "
        "C uploaded by the applicant, D made under pledge.",
    )
    source_reference = serializers.CharField(source="material.source_reference")

    def get_has_file(self, row: Any) -> bool:
        return bool(row.material.file_id)


class CaseDetailSerializer(CaseSerializer):
    form_data = serializers.SerializerMethodField()
    events = CaseEventSerializer(many=True, read_only=True)
    notices = CaseNoticeSerializer(many=True, read_only=True)
    materials = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "form_data",
            "events",
            "notices",
            "materials",
        ]

    @extend_schema_field(CaseMaterialSerializer(many=True))
    def get_materials(self, case: Case) -> list[dict[str, Any]]:
        rows = upload_versions(list(case.materials.order_by("id")))
        return list(CaseMaterialSerializer(rows, many=True).data)

    def get_form_data(self, case: Case) -> dict[str, Any]:
        request = self.context.get("request")
        return form_values.for_viewer(case, getattr(request, "user", None))


class CaseSubmittedSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    number = serializers.CharField()
    query_code = serializers.CharField()
    state = serializers.CharField()


class MaterialVerifySerializer(StrictSerializer):
    """A shared-data or e-certificate material checked at its source."""

    material = id_field()
    reference = serializers.CharField(max_length=200, allow_blank=True)

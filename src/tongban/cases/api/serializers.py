"""Case serializers: shapes only. Applicants and unprivileged staff see masked identities:
the form's identity numbers are clear only for a caller (``context["request"]``) who may
unmask in the case's scope."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tongban.cases.domain.bundles import HeldState
from tongban.cases.models import STATE_CHOICES, Case, CaseEvent, Notice
from tongban.cases.presentation import upload_versions
from tongban.cases.selectors import (
    case_light,
    remaining_working_days,
    statutory_overdue,
)
from tongban.cases.selectors_bundles import SubCase
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


# What an applicant's case lists and pages call a case: its state, except that a sub-case
# of a bundle (一件事) kept in draft for the earlier steps is never the applicant's draft.
HELD_CHOICES = [
    (HeldState.WAITING.value, _("waiting for the items before it")),
    (
        HeldState.NOT_STARTED.value,
        _("not started: an item before it will not give a result"),
    ),
]
APPLICANT_STATES = [*STATE_CHOICES, *HELD_CHOICES]


class HeldFields(serializers.Serializer):
    """The applicant's view of a case that may be a bundle's sub-case; the bundle facts
    come in ``context["sub_cases"]`` (``selectors_bundles.sub_cases_of``)."""

    state = serializers.SerializerMethodField(
        help_text="The case's state, as the applicant's pages say it. A sub-case of a "
        "bundle (一件事) of a later step is kept unsubmitted until every sub-case of the "
        "steps before it has closed with approval: it is then `waiting` (see "
        "`waiting_for_step`), or `not_started` when an item before it gave no result "
        "(refused, withdrawn or denied), and never `draft`."
    )
    waiting_for_step = serializers.SerializerMethodField(
        help_text="For a `waiting` sub-case: the bundle's step it waits for (the one "
        'running now), as the pages\' "waiting for step N"; null otherwise, and in the '
        "moment between the last predecessor closing and its release."
    )
    bundle_case = serializers.SerializerMethodField(
        help_text="The uuid of the bundle case (一件事) this case is a sub-case of, "
        "else null (``/api/v1/public/bundle-cases/{uuid}/``)."
    )

    def _part(self, case: Case) -> SubCase | None:
        parts: dict[int, SubCase] = self.context.get("sub_cases") or {}
        return parts.get(case.pk)

    @extend_schema_field(serializers.ChoiceField(choices=APPLICANT_STATES))
    def get_state(self, case: Case) -> str:
        part = self._part(case)
        if part is not None and part.held is not None:
            return part.held.state.value
        return str(case.state)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_waiting_for_step(self, case: Case) -> int | None:
        part = self._part(case)
        return part.held.waiting_for_step if part and part.held else None

    @extend_schema_field(serializers.UUIDField(allow_null=True))
    def get_bundle_case(self, case: Case) -> str | None:
        part = self._part(case)
        return str(part.bundle_case) if part else None


class ApplicantCaseSerializer(HeldFields, CaseSerializer):
    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "waiting_for_step", "bundle_case"]


class ApplicantCaseDetailSerializer(HeldFields, CaseDetailSerializer):
    class Meta(CaseDetailSerializer.Meta):
        fields = [*CaseDetailSerializer.Meta.fields, "waiting_for_step", "bundle_case"]


class CaseSubmittedSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    number = serializers.CharField()
    query_code = serializers.CharField()
    state = serializers.CharField()


class MaterialVerifySerializer(StrictSerializer):
    """A shared-data or e-certificate material checked at its source."""

    material = id_field()
    reference = serializers.CharField(max_length=200, allow_blank=True)

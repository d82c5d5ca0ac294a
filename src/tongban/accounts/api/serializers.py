"""Serializers for accounts. Identity numbers are masked unless the caller may unmask."""

from django.conf import settings
from rest_framework import serializers

from tongban.accounts.models import Applicant, RoleAssignment, User
from tongban.core.models import AuditEvent
from tongban.core.permissions import Perm, has_permission


class RoleAssignmentSerializer(serializers.ModelSerializer):
    organisation = serializers.UUIDField(
        source="organisation.uuid", default=None, allow_null=True, read_only=True
    )
    division_code = serializers.CharField(
        source="division.code", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = RoleAssignment
        fields = ["role", "organisation", "division_code"]


class MeSerializer(serializers.ModelSerializer):
    roles = RoleAssignmentSerializer(
        source="role_assignments", many=True, read_only=True
    )

    class Meta:
        model = User
        fields = [
            "uuid",
            "username",
            "full_name",
            "kind",
            "preferred_language",
            "roles",
        ]


class ApplicantSerializer(serializers.ModelSerializer):
    id_number = serializers.SerializerMethodField()

    class Meta:
        model = Applicant
        fields = [
            "uuid",
            "applicant_type",
            "name",
            "id_type",
            "id_number",
            "legal_representative",
            "phone",
            "email",
            "assurance_level",
            "preferred_language",
        ]

    def get_id_number(self, applicant: Applicant) -> str:
        request = self.context.get("request")
        if request is not None and has_permission(request.user, Perm.IDENTITY_UNMASK):
            return applicant.id_number
        return applicant.id_masked


class ApplicantRegisterSerializer(serializers.Serializer):
    applicant_type = serializers.ChoiceField(choices=Applicant.Type.choices)
    name = serializers.CharField(max_length=200)
    id_type = serializers.ChoiceField(choices=Applicant.IdType.choices)
    id_number = serializers.CharField(max_length=40)
    legal_representative = serializers.CharField(
        max_length=100, required=False, allow_blank=True
    )
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    assurance_level = serializers.IntegerField(min_value=1, max_value=4, required=False)
    preferred_language = serializers.ChoiceField(
        choices=settings.LANGUAGES, required=False
    )


class ApplicantLookupSerializer(serializers.Serializer):
    id_type = serializers.ChoiceField(choices=Applicant.IdType.choices)
    id_number = serializers.CharField(max_length=40)
    purpose = serializers.CharField(
        max_length=200,
        help_text="Why the applicant is looked up (kept in the audit log), e.g. the "
        "service being applied for at the counter.",
    )


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "created_at",
            "actor_repr",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "changes",
            "request_id",
            "ip",
        ]


class StaffSerializer(serializers.ModelSerializer):
    organisation = serializers.UUIDField(
        source="organisation.uuid", default=None, allow_null=True, read_only=True
    )
    roles = RoleAssignmentSerializer(
        source="role_assignments", many=True, read_only=True
    )

    class Meta:
        model = User
        fields = [
            "uuid",
            "username",
            "full_name",
            "phone",
            "email",
            "organisation",
            "is_active",
            "roles",
        ]


class RoleInputSerializer(serializers.Serializer):
    role = serializers.CharField(max_length=30)
    organisation = serializers.UUIDField(required=False, allow_null=True)
    division_code = serializers.CharField(
        max_length=12, required=False, allow_blank=True
    )


class StaffCreateSerializer(serializers.Serializer):
    username = serializers.RegexField(r"^[A-Za-z0-9._-]{3,150}$", max_length=150)
    full_name = serializers.CharField(max_length=100)
    password = serializers.CharField(max_length=128, write_only=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    organisation = serializers.UUIDField(required=False, allow_null=True)
    roles = RoleInputSerializer(many=True)

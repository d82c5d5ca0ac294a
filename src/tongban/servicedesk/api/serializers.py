"""Service-desk API shapes: one request serializer per action, the ticket as each reader
may see it (the requester's identity only where ``requester_visible`` allows)."""

from typing import Any

from django.conf import settings
from rest_framework import serializers

from tongban.core.api.serializers import StrictSerializer
from tongban.servicedesk.models import CHANNEL_LABELS, TYPE_LABELS, Ticket

TYPES = [(t.value, str(label)) for t, label in TYPE_LABELS.items()]
CHANNELS = [(c.value, str(label)) for c, label in CHANNEL_LABELS.items()]
PHONE = r"^1[3-9]\d{9}$"


class TicketFileSerializer(StrictSerializer):
    ticket_type = serializers.ChoiceField(choices=TYPES)
    title = serializers.CharField(max_length=200)
    content = serializers.CharField(max_length=5000)
    language = serializers.ChoiceField(
        choices=[code for code, _name in settings.LANGUAGES], required=False
    )
    requester_name = serializers.CharField(
        max_length=100, required=False, allow_blank=True
    )
    requester_phone = serializers.RegexField(PHONE, required=False, allow_blank=True)
    phone_code = serializers.CharField(max_length=8, required=False, allow_blank=True)
    anonymous_to_unit = serializers.BooleanField(required=False, default=False)
    division_code = serializers.CharField(
        max_length=12, required=False, allow_blank=True
    )
    implementation_code = serializers.CharField(
        max_length=50, required=False, allow_blank=True
    )
    case_number = serializers.CharField(max_length=64, required=False, allow_blank=True)
    organisation_uuid = serializers.UUIDField(required=False, allow_null=True)
    hall_uuid = serializers.UUIDField(required=False, allow_null=True)
    subject_staff_username = serializers.CharField(
        max_length=150, required=False, allow_blank=True
    )
    attachments = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        required=False,
        max_length=10,
        help_text="Files checked as case materials are (PDF, JPEG, PNG, OFD).",
    )


class StaffTicketFileSerializer(TicketFileSerializer):
    channel = serializers.ChoiceField(choices=["phone", "hall"])


class PhoneCodeSerializer(StrictSerializer):
    phone = serializers.RegexField(PHONE)


class TicketFiledSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    number = serializers.CharField()
    state = serializers.CharField()
    due_on = serializers.DateField()


class TicketEventSerializer(serializers.Serializer):
    event = serializers.CharField()
    to_state = serializers.CharField()
    created_at = serializers.DateTimeField()


class TicketSerializer(serializers.Serializer):
    """What the requester sees of their ticket."""

    uuid = serializers.UUIDField()
    number = serializers.CharField()
    ticket_type = serializers.CharField()
    channel = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    title = serializers.CharField()
    content = serializers.CharField()
    received_at = serializers.DateTimeField()
    due_on = serializers.DateField()
    reply = serializers.CharField()
    replied_at = serializers.DateTimeField(allow_null=True)
    satisfaction = serializers.CharField()
    case_number = serializers.SerializerMethodField()

    def get_case_number(self, ticket: Ticket) -> str | None:
        return ticket.case.number if ticket.case else None


class StaffTicketSerializer(TicketSerializer):
    """What staff see; ``requester_*`` are null where the reader may not see them."""

    division_code = serializers.CharField(source="division.code")
    handling_organisation = serializers.SerializerMethodField()
    handler = serializers.SerializerMethodField()
    requester_name = serializers.SerializerMethodField()
    requester_phone = serializers.SerializerMethodField()
    anonymous_to_unit = serializers.BooleanField()
    clock_extension = serializers.IntegerField()
    overdue_days = serializers.IntegerField()
    ladder_step = serializers.IntegerField()
    supervised = serializers.BooleanField()
    reopen_count = serializers.IntegerField()
    implementation_code = serializers.SerializerMethodField()

    def _visible(self, ticket: Ticket) -> bool:
        return bool(self.context.get("requester_visible", {}).get(ticket.pk))

    def get_requester_name(self, ticket: Ticket) -> str | None:
        return ticket.requester_name if self._visible(ticket) else None

    def get_requester_phone(self, ticket: Ticket) -> str | None:
        return ticket.requester_phone if self._visible(ticket) else None

    def get_handling_organisation(self, ticket: Ticket) -> str | None:
        unit = ticket.handling_organisation
        return str(unit.uuid) if unit else None

    def get_handler(self, ticket: Ticket) -> str | None:
        return ticket.handler.get_username() if ticket.handler else None

    def get_implementation_code(self, ticket: Ticket) -> str | None:
        return ticket.implementation.code if ticket.implementation else None


class EmptySerializer(StrictSerializer):
    pass


class KnowledgeSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    question = serializers.CharField()
    answer = serializers.CharField()
    status = serializers.CharField()
    implementation_code = serializers.SerializerMethodField()
    organisation = serializers.CharField(source="organisation.name")

    def get_implementation_code(self, entry: Any) -> str | None:
        return entry.implementation.code if entry.implementation else None


class KnowledgeDraftSerializer(StrictSerializer):
    organisation_uuid = serializers.UUIDField()
    implementation_code = serializers.CharField(
        max_length=50, required=False, allow_blank=True
    )
    question_zh_hans = serializers.CharField(max_length=300)
    answer_zh_hans = serializers.CharField(max_length=5000)
    question_bo = serializers.CharField(
        max_length=300, required=False, allow_blank=True
    )
    answer_bo = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    question_en = serializers.CharField(
        max_length=300, required=False, allow_blank=True
    )
    answer_en = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class FiguresSerializer(serializers.Serializer):
    key = serializers.CharField()
    total = serializers.IntegerField()
    replied = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True)
    satisfaction_rate = serializers.FloatField(allow_null=True)
    reopen_rate = serializers.FloatField(allow_null=True)

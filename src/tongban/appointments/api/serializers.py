"""What the appointments API returns, and what booking and taking a number take."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tongban.appointments.domain.queue import Priority
from tongban.appointments.models import Appointment, QueueTicket, ServiceGroup
from tongban.core.api.serializers import StrictSerializer


class GroupSerializer(serializers.ModelSerializer[ServiceGroup]):
    class Meta:
        model = ServiceGroup
        fields = ["code", "name", "slot_minutes", "capacity", "book_days_ahead"]


class SlotSerializer(serializers.Serializer[Any]):
    day = serializers.DateField(source="slot.day")
    start = serializers.TimeField(source="slot.start", format="%H:%M")
    end = serializers.TimeField(source="slot.end", format="%H:%M")
    left = serializers.IntegerField()


class AppointmentSerializer(serializers.ModelSerializer[Appointment]):
    hall = serializers.UUIDField(source="group.hall.uuid")
    group = serializers.CharField(source="group.code")
    start = serializers.TimeField(format="%H:%M")
    end = serializers.TimeField(format="%H:%M")

    class Meta:
        model = Appointment
        fields = ["uuid", "reference", "hall", "group", "day", "start", "end", "state"]


class BookSerializer(StrictSerializer):
    hall = serializers.UUIDField()
    group = serializers.RegexField(r"^[A-Z]{1,2}$")
    day = serializers.DateField()
    start = serializers.TimeField()


class ChangeSerializer(StrictSerializer):
    """Another slot of the same queue for a booking (until its cut-off)."""

    day = serializers.DateField()
    start = serializers.TimeField()


class TakeSerializer(StrictSerializer):
    """A number for a window group, or (with ``reference``) the check-in of a booking."""

    group = serializers.RegexField(r"^[A-Z]{1,2}$", required=False)
    priority = serializers.ChoiceField(
        choices=[p.value for p in Priority], required=False, default="normal"
    )
    reference = serializers.RegexField(r"^[2-9A-Za-z]{8}$", required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("group") and not attrs.get("reference"):
            raise serializers.ValidationError(
                {"group": [_("Name a window group, or give a booking code.")]}
            )
        return attrs


class QueueTicketSerializer(serializers.ModelSerializer[QueueTicket]):
    group = serializers.CharField(source="group.code")
    window = serializers.CharField(source="window.number", default=None)
    ahead = serializers.SerializerMethodField()
    wait_minutes = serializers.SerializerMethodField()

    class Meta:
        model = QueueTicket
        fields = ["uuid", "label", "group", "state", "window", "ahead", "wait_minutes"]

    def get_ahead(self, ticket: QueueTicket) -> int | None:
        position = self.context.get("position")
        return position.ahead if position else None

    def get_wait_minutes(self, ticket: QueueTicket) -> int | None:
        position = self.context.get("position")
        return position.wait_minutes if position else None

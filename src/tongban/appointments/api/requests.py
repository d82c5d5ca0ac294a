"""What each queue action takes: one request serializer per action."""

from rest_framework import serializers

from tongban.core.api.serializers import StrictSerializer


class TicketActionSerializer(StrictSerializer):
    # recall, start, skip, requeue: no data.
    pass


class TicketCallSerializer(StrictSerializer):
    """call: the window that calls."""

    window = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class TicketTransferSerializer(StrictSerializer):
    """transfer: the letter of the window group that takes the ticket over."""

    group = serializers.RegexField(r"^[A-Z]{1,2}$")


class TicketFinishSerializer(StrictSerializer):
    """finish: the case taken in, if any (shown on the ticket's history)."""

    case_number = serializers.CharField(max_length=64, required=False, allow_blank=True)


class AppointmentActionSerializer(StrictSerializer):
    # cancel, check in: no data.
    pass

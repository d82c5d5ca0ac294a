"""Request shapes of the ticket actions, one serializer per action (the kernel's
``Action.request``): the API validates with them and the OpenAPI shows each."""

from rest_framework import serializers

from tongban.core.api.serializers import StrictSerializer
from tongban.servicedesk.models import Ticket


class RouteRequest(StrictSerializer):
    organisation_uuid = serializers.UUIDField()
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ReasonRequest(StrictSerializer):
    reason = serializers.CharField(max_length=2000)


class AssignRequest(StrictSerializer):
    handler_username = serializers.CharField(max_length=150)


class ReplyRequest(StrictSerializer):
    reply = serializers.CharField(max_length=5000)


class ExtensionRequestRequest(StrictSerializer):
    days = serializers.IntegerField(min_value=1, max_value=30)
    reason = serializers.CharField(max_length=2000)


class ExtensionDecisionRequest(StrictSerializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class TicketSatisfiedRequest(StrictSerializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class CallbackRequest(StrictSerializer):
    satisfaction = serializers.ChoiceField(choices=Ticket.Satisfaction.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)

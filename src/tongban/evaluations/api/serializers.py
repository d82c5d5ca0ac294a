"""Response bodies. An evaluation as its evaluator sees it; a ticket as staff see it (the
evaluator's name only for a supervisor, added by the view); statistics without personal
data."""

from typing import Any

from rest_framework import serializers

from tongban.evaluations.models import Evaluation, Rectification, RectificationEvent


class EvaluationSerializer(serializers.ModelSerializer[Evaluation]):
    case_number = serializers.CharField(source="case.number", default=None)
    # GB/T 39046 A.8 code, 1 非常满意 … 5 非常不满意 (an integer, not an enum component:
    # the division levels share the values 1–5 and would share its name).
    level = serializers.IntegerField(min_value=1, max_value=5)
    ticket = serializers.SerializerMethodField()

    class Meta:
        model = Evaluation
        fields = [
            "uuid",
            "case_number",
            "stage",
            "channel",
            "level",
            "scores",
            "options",
            "text",
            "indicator_kind",
            "indicator_version",
            "created_at",
            "ticket",
        ]

    def get_ticket(self, evaluation: Evaluation) -> str | None:
        ticket = getattr(evaluation, "rectification", None)
        return str(ticket.uuid) if ticket else None


class TicketEventSerializer(serializers.ModelSerializer[RectificationEvent]):
    class Meta:
        model = RectificationEvent
        fields = [
            "event",
            "from_state",
            "to_state",
            "actor_role",
            "reason",
            "data",
            "created_at",
        ]


class RectificationTicketSerializer(serializers.ModelSerializer[Rectification]):
    level = serializers.IntegerField(source="evaluation.level")
    options = serializers.JSONField(source="evaluation.options")
    text = serializers.CharField(source="evaluation.text")
    case_number = serializers.CharField(source="evaluation.case.number", default=None)
    unit = serializers.CharField(source="organisation.name")
    events = TicketEventSerializer(many=True, read_only=True)
    evaluator = serializers.SerializerMethodField()

    class Meta:
        model = Rectification
        fields = [
            "uuid",
            "state",
            "level",
            "options",
            "text",
            "case_number",
            "unit",
            "content_class",
            "contact_due",
            "due_on",
            "contacted_on",
            "rectified_on",
            "measures",
            "callback_outcome",
            "appeal_reasons",
            "appeal_decision",
            "escalated_at",
            "events",
            "evaluator",
        ]

    def get_evaluator(self, ticket: Rectification) -> dict[str, Any] | None:
        # Only a supervisor handling the bad review sees who gave it (the view says so).
        if not self.context.get("show_evaluator"):
            return None
        user = ticket.evaluation.evaluator
        if user is None:
            return None
        return {"name": user.display_name, "phone": user.phone}


class InvitationSerializer(serializers.Serializer[Any]):
    link = serializers.CharField()
    expires_at = serializers.DateTimeField()


class EvaluationChannelShareSerializer(serializers.Serializer[Any]):
    channel = serializers.CharField(help_text="评价渠道, GB/T 39046 表9 code")
    count = serializers.IntegerField()
    share = serializers.CharField(allow_null=True)


class StatisticsSerializer(serializers.Serializer[Any]):
    period = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField())
    rates = serializers.DictField(child=serializers.CharField(allow_null=True))
    level_shares = serializers.ListField(child=serializers.CharField(allow_null=True))
    channels = EvaluationChannelShareSerializer(many=True)

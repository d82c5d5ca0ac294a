"""Request bodies: a rating, and the bodies of the rectification actions (each action
names its own in ``evaluations.lifecycle``)."""

from typing import Any

from rest_framework import serializers

from tongban.core.api.serializers import StrictSerializer
from tongban.evaluations.domain.codes import Channel, ContentClass, Stage
from tongban.evaluations.domain.rating import Rating
from tongban.evaluations.domain.rectification import CALLBACK_OUTCOMES
from tongban.evaluations.domain.text import MAX_TEXT

REASONS_MAX = 2000


class RatingSerializer(StrictSerializer):
    """A rating: the level (GB/T 39046 A.8, 1 非常满意 … 5 非常不满意), the secondary
    indicators rated 1–5, the content options of that level and a comment."""

    level = serializers.IntegerField(min_value=1, max_value=5)
    scores = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=5),
        required=False,
        default=dict,
    )
    options = serializers.ListField(
        child=serializers.CharField(max_length=20),
        required=False,
        default=list,
        max_length=10,
    )
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=MAX_TEXT,
        trim_whitespace=True,
    )

    def rating(self) -> Rating:
        data = self.validated_data
        return Rating(
            level=data["level"],
            scores=dict(data["scores"]),
            options=list(data["options"]),
            text=data["text"],
        )


class CaseEvaluationSerializer(RatingSerializer):
    """一事一评: the stage evaluated and the channel used (PC 1, mobile 2)."""

    stage = serializers.ChoiceField(
        choices=[Stage.ACCEPTANCE.value, Stage.COMPLETION.value]
    )
    channel = serializers.ChoiceField(
        choices=[Channel.PC.value, Channel.MOBILE.value], required=False, default="1"
    )


class VisitEvaluationSerializer(RatingSerializer):
    """一次一评 through a window invitation: by QR code (3) or the hall tablet (4)."""

    channel = serializers.ChoiceField(
        choices=[Channel.QR_CODE.value, Channel.HALL_TABLET.value, Channel.SMS.value],
        required=False,
        default="3",
    )


class ReasonsSerializer(StrictSerializer):
    reasons = serializers.CharField(max_length=REASONS_MAX)

    def to_data(self) -> tuple[str, dict[str, Any]]:
        data = dict(self.validated_data)
        return str(data.pop("reasons", "")), data


class VerifySerializer(ReasonsSerializer):
    """verify: what the supervisor found and the class of the bad review."""

    content_class = serializers.ChoiceField(choices=[c.value for c in ContentClass])


class CallbackSerializer(ReasonsSerializer):
    """callback: how the evaluator was reached and what they said."""

    outcome = serializers.ChoiceField(choices=list(CALLBACK_OUTCOMES))

"""Supervision API shapes: warnings (GB/T 39046 表11 field names in the descriptions),
metric values, orders and the request to issue one."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tongban.core.api.serializers import StrictSerializer
from tongban.supervision.models import SupervisionOrder, Warning


class WarningSerializer(serializers.ModelSerializer):
    # Null for JC10: the service desk of ``division_code`` answers (``responsible``).
    organisation = serializers.CharField(source="organisation.name", allow_null=True)
    organisation_uscc = serializers.CharField(
        source="organisation.uscc", allow_null=True
    )
    responsible = serializers.CharField(source="responsible_label")
    division_code = serializers.CharField(source="division.code")
    rule_label = serializers.CharField(source="get_rule_display")
    # Plain strings: a second enum named "state" would rename the case's StateEnum.
    state = serializers.CharField(help_text="active | cleared")

    class Meta:
        model = Warning
        fields = [
            "uuid",
            "number",  # 监察编号
            "subject_kind",
            "subject_uuid",
            "subject_number",  # 办件编号
            "rule",  # 监察规则编号
            "rule_label",
            "severity",  # 监察预警类型代码
            "item_type",  # 事项类型代码
            "organisation",  # 责任部门
            "organisation_uscc",
            "responsible",
            "division_code",
            "description",  # 监察结果描述
            "state",
            "raised_at",
            "state_changed_at",  # 状态产生时间
        ]


class MetricSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    definition = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    shown = serializers.CharField()


class OrderSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")
    state_label = serializers.CharField(source="get_state_display")
    state = serializers.CharField(help_text="issued | replied | closed | escalated")

    class Meta:
        model = SupervisionOrder
        fields = [
            "uuid",
            "number",
            "subject_kind",
            "subject_uuid",
            "subject_number",
            "organisation",
            "content",  # 督办内容
            "state",
            "state_label",
            "due_on",
            "issued_at",  # 督办发出时间
            "reply",
            "replied_at",
            "outcome",
            "closed_at",
        ]


class OrderIssueRequest(StrictSerializer):
    """Issue a 督办 order on a case (``case``), on the subject of a warning (``warning``:
    a case, a service-desk ticket or a rectification) or on an organisation
    (``organisation``): exactly one of them."""

    case = serializers.UUIDField(required=False)
    warning = serializers.UUIDField(required=False)
    organisation = serializers.UUIDField(required=False)
    content = serializers.CharField(max_length=4000, trim_whitespace=True)
    days = serializers.IntegerField(min_value=1, max_value=60, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        named = [k for k in ("case", "warning", "organisation") if attrs.get(k)]
        if len(named) != 1:
            raise serializers.ValidationError(
                {"case": _("Name one case, warning or organisation.")},
                code="one_subject",
            )
        return attrs

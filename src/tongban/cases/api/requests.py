"""What each case action takes: one request serializer per action.

The named action endpoints (``POST /api/v1/internal/cases/{uuid}/<action>``) each validate
their body with the serializer their event's declaration names (``cases/events.py``), so
the OpenAPI contract says exactly what ``accept``, ``request-supplement``, ``decide`` … take,
and unknown keys are refused. The rules that depend on the case (is a pledge signed, are the
steps done, is the extension within the maximum) stay in the guards; these serializers say
only which keys, of which type and size. Submission, the supplement and the materials to
follow are multipart (files beside the fields).
"""

from typing import Any

from rest_framework import serializers

from tongban.cases.models import Case
from tongban.core.api.serializers import CheckedJSONField, StrictSerializer, id_field

# Free text a staff member writes into a notice or the history (issue 9 item 12).
REASONS_MAX = 2000
# A working-day count no calendar rule goes past; the guards narrow it per event.
DAYS_MAX = 365


def _reasons(*, required: bool) -> serializers.CharField:
    return serializers.CharField(
        max_length=REASONS_MAX, required=required, allow_blank=not required
    )


def _days(*, required: bool) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=DAYS_MAX, required=required)


class CaseActionSerializer(StrictSerializer):
    # An action without data (accept, resume, archive); a comment, not a docstring, so
    # that the subclasses' schemas do not inherit it as their description.

    def to_data(self) -> dict[str, Any]:
        return dict(self.validated_data)


class CaseReasonsSerializer(CaseActionSerializer):
    """refuse, return-step: the reasons go into the notice and the history."""

    reasons = _reasons(required=True)


class CaseWithdrawSerializer(CaseActionSerializer):
    """withdraw (撤回), the applicant's own: optional reasons."""

    reasons = _reasons(required=False)


class CaseOpinionSerializer(CaseActionSerializer):
    """approve-step: the reviewer's opinion, optional."""

    opinion = serializers.CharField(
        max_length=REASONS_MAX, required=False, allow_blank=True
    )


class CasePledgeSerializer(CaseActionSerializer):
    """accept-pledged (告知承诺): the applicant's signed written pledge."""

    pledge_signed = serializers.BooleanField()


class CaseToleratedAcceptSerializer(CasePledgeSerializer):
    """accept-tolerated (容缺受理): pledge, and working days to bring what is missing."""

    due_days = _days(required=False)


class CaseDecisionSerializer(CaseActionSerializer):
    """decide, decide-on-spot: reasons are required by the guards for a denial."""

    decision = serializers.ChoiceField(choices=Case.Decision.choices)
    reasons = _reasons(required=False)


class CaseSupplementItemSerializer(StrictSerializer):
    """One item of a supplement notice: a checklist material or a form field, what is
    needed and why."""

    material = id_field(required=False, allow_null=True)
    field_key = serializers.CharField(max_length=50, required=False, allow_blank=True)
    description = serializers.CharField(max_length=300)
    reason = serializers.CharField(max_length=300)


class CaseSupplementRequestSerializer(CaseActionSerializer):
    """request-supplement (一次性告知): every missing item at once, and the days to reply."""

    items = CaseSupplementItemSerializer(  # type: ignore[call-arg]  # DRF 3.14 many= kwarg the stubs lack
        many=True, allow_empty=False, max_length=100
    )
    due_days = _days(required=False)


class CaseSuspendSerializer(CaseActionSerializer):
    """suspend: the special procedure (clock paused), why, and how long it is expected
    (left out: the duration the catalogue gives the procedure)."""

    procedure = serializers.CharField(max_length=100)
    reasons = _reasons(required=True)
    expected_days = _days(required=False)


class CaseExtendSerializer(CaseActionSerializer):
    """extend (行政许可法 42): days, reasons, and who approved it."""

    days = _days(required=True)
    reasons = _reasons(required=True)
    approver = serializers.CharField(max_length=100)


class CaseCloseSerializer(CaseActionSerializer):
    """close (办结): the result (certificate or document); required for an approval
    unless already recorded."""

    result_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True
    )


class CaseDeliverSerializer(CaseActionSerializer):
    """deliver (送达): how the result reached the applicant; a courier needs a tracking
    number."""

    method = serializers.ChoiceField(choices=["pickup", "post", "electronic"])
    reference = serializers.CharField(max_length=64, required=False, allow_blank=True)


SUBMIT_CHANNELS = ["pc", "mobile", "terminal", "counter", "post"]


class CaseSubmitSerializer(serializers.Serializer):
    """Multipart: form fields as a JSON object, one file per material as ``material_<id>``."""

    implementation_code = serializers.CharField(max_length=64)
    client_key = serializers.RegexField(r"^[A-Za-z0-9_-]{8,64}$")
    form = CheckedJSONField(required=False)
    applicant = serializers.UUIDField(required=False)
    originals_seen = serializers.ListField(child=id_field(), required=False)
    # Materials the applicant agrees be fetched from their data source (docs/sharing.md);
    # a file sent beside one is used if the source does not answer.
    shared = serializers.ListField(child=id_field(), required=False, max_length=50)
    # 免提交: [{"material": id, "identifier": "...", "consent": true}] as JSON, for
    # materials that name an e-certificate type.
    certificates = CheckedJSONField(required=False)
    # 申报来源 (A.5): online ``pc``, ``mobile`` or ``terminal``; at a counter ``counter``
    # or ``post`` (received by courier). Left out: computer online, counter for clerks.
    channel = serializers.ChoiceField(choices=SUBMIT_CHANNELS, required=False)


class CounterCaseSubmitSerializer(CaseSubmitSerializer):
    """Counter intake by a clerk (the internal API): the same, with the window the case is
    taken in at — the hall's uuid and the window's number in it, both or neither — which
    the case records with its hall (the evaluation rates per hall, window and clerk)."""

    hall = serializers.UUIDField(required=False)
    window = serializers.CharField(max_length=20, required=False)


class CaseSupplementSerializer(serializers.Serializer):
    """The applicant's supplement (multipart): the corrected form fields as a JSON object,
    and one file per requested material as ``material_<id>``. Not strict: the file parts
    arrive beside the fields."""

    form = CheckedJSONField(required=False)


class CaseMaterialsToFollowSerializer(serializers.Serializer):
    """complete-tolerated (容缺 补齐, multipart, on the workbench): one file per material to
    follow as ``material_<id>``, and the materials whose paper original a counter clerk
    saw."""

    originals_seen = serializers.ListField(child=id_field(), required=False)


class ProxyActionSerializer(CaseActionSerializer):
    """receive-originals, receive-result (代收代办): a note for the history only."""

    reasons = _reasons(required=False)


class ProxyCourierSerializer(ProxyActionSerializer):
    """dispatch-originals, send-result: the courier and its tracking number."""

    courier = serializers.CharField(max_length=60)
    tracking_number = serializers.RegexField(r"^[A-Za-z0-9-]{6,40}$", max_length=40)

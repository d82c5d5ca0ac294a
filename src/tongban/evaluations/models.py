"""Evaluations (好差评), the invitations that open on-site and SMS evaluations, and the
rectification ticket of a bad review with its history.

An evaluation is written only by ``services.evaluation_submit`` on behalf of the person
evaluating: staff never create or alter one (DOMAIN.md §11.1 voluntary and authentic).
The evaluator's account is stored for the rules (someone else's case, how often) and shown
only to supervisors handling the bad review.
"""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongban.evaluations.domain.codes import Channel, ContentClass, Level, Stage
from tongban.evaluations.domain.indicators import SetKind
from tongban.evaluations.domain.rectification import State
from tongban.lifecycle.models import ClockFields, HistoryRow

LEVEL_LABELS = {
    Level.VERY_SATISFIED: _("very satisfied"),
    Level.SATISFIED: _("satisfied"),
    Level.BASICALLY_SATISFIED: _("basically satisfied"),
    Level.DISSATISFIED: _("dissatisfied"),
    Level.VERY_DISSATISFIED: _("very dissatisfied"),
}
CHANNEL_LABELS = {
    Channel.PC: _("computer"),
    Channel.MOBILE: _("mobile"),
    Channel.QR_CODE: _("QR code"),
    Channel.HALL_TABLET: _("hall tablet"),
    Channel.HALL_TERMINAL: _("other hall terminal"),
    Channel.PHONE: _("phone"),
    Channel.SMS: _("SMS"),
    Channel.HOTLINE_12345: _("12345 hotline"),
    Channel.SELF_SERVICE: _("self-service terminal"),
}
STAGE_LABELS = {
    Stage.ACCEPTANCE: _("at acceptance"),
    Stage.COMPLETION: _("at completion"),
    Stage.ON_SITE: _("on site"),
}
CONTENT_LABELS = {
    ContentClass.ATTITUDE: _("service attitude"),
    ContentClass.EFFICIENCY: _("efficiency"),
    ContentClass.GUIDE: _("guide and materials"),
    ContentClass.PROCESS: _("procedure and policy"),
    ContentClass.PLATFORM: _("system and platform"),
    ContentClass.FACILITIES: _("environment and facilities"),
    ContentClass.OTHER: _("other"),
}
STATE_LABELS = {
    State.REPORTED: _("awaiting verification"),
    State.RECTIFYING: _("being rectified"),
    State.CONTACTED: _("evaluator contacted"),
    State.RECTIFIED: _("rectified"),
    State.CALLED_BACK: _("called back"),
    State.APPEALED: _("under appeal"),
    State.DISMISSED: _("dismissed"),
    State.CLOSED: _("closed"),
}


def _choices(labels: dict[Any, Any]) -> list[tuple[str, Any]]:
    return [(key.value, label) for key, label in labels.items()]


LEVEL_CHOICES = [(k.value, v) for k, v in LEVEL_LABELS.items()]
STAGE_CHOICES = _choices(STAGE_LABELS)
CHANNEL_CHOICES = _choices(CHANNEL_LABELS)
CONTENT_CHOICES = _choices(CONTENT_LABELS)
TICKET_STATE_CHOICES = _choices(STATE_LABELS)


class Evaluation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField(_("stage"), max_length=8, choices=STAGE_CHOICES)
    channel = models.CharField(_("channel"), max_length=1, choices=CHANNEL_CHOICES)
    level = models.PositiveSmallIntegerField(_("satisfaction"), choices=LEVEL_CHOICES)
    indicator_kind = models.CharField(
        max_length=8, choices=[(k.value, k.value) for k in SetKind]
    )
    indicator_version = models.PositiveSmallIntegerField()
    scores = models.JSONField(_("indicator ratings"), default=dict, blank=True)
    options = models.JSONField(_("content"), default=list, blank=True)
    text = models.TextField(_("comment"), max_length=500, blank=True)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    real_name = models.BooleanField(default=False)
    # What is evaluated: the case and, derived from it or the window, the rest.
    implementation = models.ForeignKey(
        "catalog.Implementation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "regions.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    division = models.ForeignKey(
        "regions.Division", on_delete=models.PROTECT, related_name="+"
    )
    hall = models.ForeignKey(
        "regions.Hall",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    window = models.ForeignKey(
        "regions.Window",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    platform = models.CharField(max_length=40, blank=True)
    # Counted in the statistics: not superseded by a later one, not excluded on appeal.
    superseded = models.BooleanField(default=False)
    excluded = models.BooleanField(default=False)
    follow_up_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), db_index=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="evaluation_level_1_5"
            ),
        ]
        indexes = [
            models.Index(fields=["case", "stage"], name="evaluation_case_stage_idx"),
            models.Index(
                fields=["division", "created_at"], name="evaluation_division_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.uuid} {self.level}"

    @property
    def is_bad(self) -> bool:
        return Level(self.level).is_bad


class Invitation(models.Model):
    """An invitation to evaluate one visit (window QR code / tablet page) or one closed
    counter case (SMS link). Only a hash of its token is kept; it is used once."""

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    channel = models.CharField(max_length=1, choices=CHANNEL_CHOICES)
    stage = models.CharField(max_length=8, choices=STAGE_CHOICES)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    window = models.ForeignKey(
        "regions.Window",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "stage", "channel"],
                condition=Q(case__isnull=False),
                name="invitation_once_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"invitation {self.pk}"


class Rectification(ClockFields):
    """The ticket of a bad review: its state changes only through the ``rectification``
    lifecycle (``evaluations.lifecycle``). The kernel's clock is the rectification limit
    (整改, ``due_on``); the contact limit (核实联系) is the date ``contact_due``."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.PROTECT, related_name="rectification"
    )
    state = models.CharField(_("state"), max_length=12, choices=TICKET_STATE_CHOICES)
    organisation = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    division = models.ForeignKey(
        "regions.Division", on_delete=models.PROTECT, related_name="+"
    )
    content_class = models.CharField(
        _("class"), max_length=12, choices=CONTENT_CHOICES, blank=True
    )
    contact_due = models.DateField(_("contact by"), null=True, blank=True)
    contacted_on = models.DateField(null=True, blank=True)
    rectified_on = models.DateField(null=True, blank=True)
    measures = models.TextField(_("measures taken"), blank=True)
    callback_outcome = models.CharField(
        _("callback outcome"), max_length=12, blank=True
    )
    appeal_reasons = models.TextField(_("appeal reasons"), blank=True)
    appeal_decision = models.TextField(_("appeal decision"), blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    follow_up = models.ForeignKey(
        Evaluation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        indexes = [
            models.Index(fields=["state", "due_on"], name="rect_due_idx"),
            # The statistics count a period's tickets by the time of their bad review.
            models.Index(fields=["created_at"], name="rect_created_idx"),
        ]

    def __str__(self) -> str:
        return str(self.uuid)


class RectificationEvent(HistoryRow):
    """One step of a ticket (append-only), written by the lifecycle writer."""

    rectification = models.ForeignKey(
        Rectification, on_delete=models.CASCADE, related_name="events"
    )

    class Meta(HistoryRow.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.rectification_id} {self.event}"


class EvaluationRollup(models.Model):
    """Counted evaluations per day and combination of what they are about (maintained in
    the transaction of every change that counts or uncounts one; ``services.rollups``).
    Ids are plain integers, 0 for "none", so that one ``key`` names each combination."""

    key = models.CharField(max_length=120, unique=True)
    day = models.DateField()
    division_prefix = models.CharField(max_length=12)
    organisation_id = models.BigIntegerField()
    hall_id = models.BigIntegerField(default=0)
    window_id = models.BigIntegerField(default=0)
    staff_id = models.BigIntegerField(default=0)
    item_code = models.CharField(max_length=40, blank=True)
    channel = models.CharField(max_length=1)
    level = models.PositiveSmallIntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["day", "division_prefix"], name="rollup_day_division_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.key


class EvaluationMonthRollup(models.Model):
    """The same counts per month (first day of the month): the statistics of whole months
    read these, a few rows per combination and month instead of one per day."""

    key = models.CharField(max_length=120, unique=True)
    month = models.DateField()
    division_prefix = models.CharField(max_length=12)
    organisation_id = models.BigIntegerField()
    hall_id = models.BigIntegerField(default=0)
    window_id = models.BigIntegerField(default=0)
    staff_id = models.BigIntegerField(default=0)
    item_code = models.CharField(max_length=40, blank=True)
    channel = models.CharField(max_length=1)
    level = models.PositiveSmallIntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["month", "division_prefix"], name="rollup_month_division_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.key


class CaseRollup(models.Model):
    """Closed cases and closed cases evaluated (主动评价率) per month of 办结 and
    combination of what the case is about: region, unit, item, and the hall, window and
    clerk that took it in (0 for none). ``closed`` is counted in the row of ``channel`` ""
    when the case closes; ``evaluated`` in the row of the channel of the case's first
    evaluation, when the closed case is first evaluated (or closes already evaluated).
    Maintained in those transactions (``services.rollups``)."""

    key = models.CharField(max_length=120, unique=True)
    month = models.DateField()
    division_prefix = models.CharField(max_length=12)
    organisation_id = models.BigIntegerField()
    hall_id = models.BigIntegerField(default=0)
    window_id = models.BigIntegerField(default=0)
    staff_id = models.BigIntegerField(default=0)
    item_code = models.CharField(max_length=40, blank=True)
    channel = models.CharField(max_length=1, blank=True)
    closed = models.IntegerField(default=0)
    evaluated = models.IntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["month", "division_prefix"], name="case_rollup_month_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.key


class TicketRollupBase(models.Model):
    """Bad-review tickets per period and combination of what the review is about (the
    review's day or month, region, unit, hall, window, staff member, item, channel), with
    how far they got: ``domain.rectification.ticket_counts``. Maintained where the tickets
    change, in the same transaction (``services.ticket_rollups``)."""

    key = models.CharField(max_length=120, unique=True)
    division_prefix = models.CharField(max_length=12)
    organisation_id = models.BigIntegerField()
    hall_id = models.BigIntegerField(default=0)
    window_id = models.BigIntegerField(default=0)
    staff_id = models.BigIntegerField(default=0)
    item_code = models.CharField(max_length=40, blank=True)
    channel = models.CharField(max_length=1)
    bad = models.IntegerField(default=0)
    rectified = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    real_name = models.IntegerField(default=0)
    called_back = models.IntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.key


class TicketRollup(TicketRollupBase):
    """Per day of the review: the days around whole months."""

    day = models.DateField()

    class Meta:
        indexes = [
            models.Index(
                fields=["day", "division_prefix"], name="ticket_rollup_day_idx"
            ),
        ]


class TicketMonthRollup(TicketRollupBase):
    """Per month of the review (first day of the month): whole months."""

    month = models.DateField()

    class Meta:
        indexes = [
            models.Index(
                fields=["month", "division_prefix"], name="ticket_rollup_month_idx"
            ),
        ]

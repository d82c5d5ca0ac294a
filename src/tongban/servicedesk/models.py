"""Service-desk tickets (GB/T 39046 表10: consultation and complaint data), their history,
attachments and extension requests; the routing rules; the knowledge base.

The state of a ticket changes only in ``services.workflow.ticket_transition``. Table 10's
fields map as: 咨询编码/投诉编号 ``number``, 咨询人/投诉人 ``requester_name``, 标题
``title``, 内容 ``content``, 咨询时间/投诉时间 ``received_at``, 投诉来源 ``channel``,
被投诉单位/人 ``subject_organisation``/``subject_staff``, 承办单位 ``handling_organisation``
(its code is the organisation's USCC), 承办人 ``handler``, 承办时间 ``assigned_at``,
处理意见/反馈信息 ``reply``, 处理时间/反馈时间 ``replied_at``, 承诺时限 ``due_on``,
延期时限/原因 ``clock_extension``/``extension_reason``, 超期天数 ``overdue_days``,
行政区划 ``division``.
"""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tongban.lifecycle.models import ClockFields, HistoryRow
from tongban.servicedesk.domain.ladder import Step
from tongban.servicedesk.domain.lifecycle import State
from tongban.servicedesk.domain.types import Channel, TicketType

TYPE_LABELS = {
    TicketType.CONSULTATION: _("consultation"),
    TicketType.HELP: _("request for help"),
    TicketType.COMPLAINT: _("complaint"),
    TicketType.REPORT: _("report"),
    TicketType.SUGGESTION: _("suggestion"),
}
CHANNEL_LABELS = {
    Channel.PORTAL: _("online"),
    Channel.PHONE: _("by phone (12345)"),
    Channel.HALL: _("at a hall"),
}
STATE_LABELS = {
    State.RECEIVED: _("received"),
    State.IN_PROGRESS: _("being handled by the unit"),
    State.RETURNED: _("returned by the unit"),
    State.REPLIED: _("replied"),
    State.CLOSED: _("closed"),
}


def _user_fk(verbose_name: Any = None) -> Any:
    """An optional link to a user (staff or applicant account), never cascading."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )


class Ticket(ClockFields, models.Model):
    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("satisfied")
        UNSATISFIED = "unsatisfied", _("not satisfied")
        UNREACHABLE = "unreachable", _("could not be reached")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("ticket number"), max_length=32, unique=True)
    ticket_type = models.CharField(
        _("type"),
        max_length=16,
        choices=[(t.value, label) for t, label in TYPE_LABELS.items()],
    )
    channel = models.CharField(
        _("channel"),
        max_length=8,
        choices=[(c.value, label) for c, label in CHANNEL_LABELS.items()],
    )
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=[(s.value, label) for s, label in STATE_LABELS.items()],
    )
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"), max_length=5000)
    division = models.ForeignKey(
        "regions.Division",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    requester = _user_fk(verbose_name=_("requester account"))
    requester_name = models.CharField(_("requester"), max_length=100, blank=True)
    requester_phone = models.CharField(_("phone"), max_length=20, blank=True)
    language = models.CharField(_("language of replies"), max_length=10)
    anonymous_to_unit = models.BooleanField(
        _("keep my identity from the unit"), default=False
    )
    entered_by = _user_fk()  # the agent or hall clerk who entered it

    implementation = models.ForeignKey(
        "catalog.Implementation",
        verbose_name=_("service item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_organisation = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("organisation concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    hall = models.ForeignKey(
        "regions.Hall",
        verbose_name=_("hall"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_staff = _user_fk(verbose_name=_("staff member concerned"))

    handling_organisation = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("handling unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handler = _user_fk(verbose_name=_("handler"))
    received_at = models.DateTimeField(_("received"), db_index=True)
    routed_at = models.DateTimeField(_("routed"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reply = models.TextField(_("reply"), blank=True)

    # The limit (承诺时限) and its extensions (延期时限) are the kernel's clock fields:
    # clock_limit, clock_extension, due_on.
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    # Working days late at the reply (or now, while open); kept by the writer and the sweep.
    overdue_days = models.PositiveSmallIntegerField(_("days overdue"), default=0)
    ladder_step = models.PositiveSmallIntegerField(default=Step.NONE)
    supervised = models.BooleanField(_("under supervision"), default=False)
    reopen_count = models.PositiveSmallIntegerField(_("reopened"), default=0)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=12, choices=Satisfaction.choices, blank=True
    )
    callback_note = models.TextField(_("callback notes"), blank=True)
    # 回访: due the working day after the reply; the sweep invites the requester to answer
    # online that day and the ticket joins the callback worker's list.
    callback_due_on = models.DateField(_("callback due"), null=True, blank=True)
    callback_invited_at = models.DateTimeField(null=True, blank=True)
    answered_on_time = models.BooleanField(null=True, blank=True)

    class Meta:
        verbose_name = _("service desk ticket")
        verbose_name_plural = _("service desk tickets")
        indexes = [
            models.Index(
                fields=["division", "state", "due_on"], name="ticket_queue_idx"
            ),
            models.Index(
                fields=["handling_organisation", "state"], name="ticket_unit_idx"
            ),
            models.Index(
                fields=["state", "callback_due_on"], name="ticket_callback_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def workflow_state(self) -> State:
        return State(self.state)

    def get_ticket_type_label(self) -> str:
        return str(TYPE_LABELS[TicketType(self.ticket_type)])


class TicketEvent(HistoryRow):
    """One transition (append-only): the ticket's history."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")

    class Meta(HistoryRow.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.event}"


class TicketAttachment(models.Model):
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.ForeignKey(
        "documents.StoredFile", on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.file_id}"


class ExtensionRequest(models.Model):
    """延期申请: asked by the unit before the limit expires, decided by the dispatcher."""

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="extension_requests"
    )
    days = models.PositiveSmallIntegerField(_("extra working days"))
    reason = models.TextField(_("reason"))
    requested_by = _user_fk()
    requested_at = models.DateTimeField()
    approved = models.BooleanField(null=True, blank=True)
    decided_by = _user_fk()
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.ticket_id} +{self.days}"


class RoutingRule(models.Model):
    """派单规则: see ``domain.routing`` for matching; empty fields match every ticket."""

    ticket_type = models.CharField(
        _("type"),
        max_length=16,
        blank=True,
        choices=[(t.value, label) for t, label in TYPE_LABELS.items()],
    )
    implementation = models.ForeignKey(
        "catalog.Implementation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    subject_organisation = models.ForeignKey(
        "regions.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    division = models.ForeignKey(
        "regions.Division",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    target = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("responsible unit"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    priority = models.PositiveSmallIntegerField(default=100)
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"rule {self.pk} → {self.target_id}"


class KnowledgeEntry(models.Model):
    """A question and its answer (知识库), per organisation and optionally per item, in
    three languages (modeltranslation); draft → review → published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("awaiting review")
        PUBLISHED = "published", _("published")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    implementation = models.ForeignKey(
        "catalog.Implementation",
        verbose_name=_("service item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"), max_length=5000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    author = _user_fk()
    reviewer = _user_fk()
    source_ticket = models.ForeignKey(
        Ticket, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # The words it is found by, in all three languages (``domain.search.document``); set
    # by the services on every write. PostgreSQL indexes it with GIN (migration 0002).
    search_tokens = models.TextField(blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("knowledge-base answer")
        verbose_name_plural = _("knowledge-base answers")
        indexes = [
            models.Index(fields=["status", "organisation"], name="kb_org_idx"),
            models.Index(fields=["status", "-published_at"], name="kb_published_idx"),
        ]

    def __str__(self) -> str:
        return self.question

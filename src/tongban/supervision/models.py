"""Supervision data: warnings of the sweep (GB/T 39046 表11 fields), the yellow and red
cards they earn, 督办 orders, the metric rollups with each case's stored contribution, the
catalogue baselines managers mark, and the sweep's cursor over case events.

A warning names its subject by kind and UUID (a case, a service-desk ticket or a
rectification: the registered sources), not by a foreign key, so new subject kinds need no
migration here. The organisation, division and responsible staff member are foreign keys:
tallies and scopes filter on them in SQL.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongban.lifecycle.models import ClockFields, HistoryRow
from tongban.supervision.domain.rules import Rule, Severity

RULE_LABELS = {
    Rule.PROMISE_NEAR: _("promised limit near"),
    Rule.PROMISE_PASSED: _("promised limit passed"),
    Rule.STATUTORY_PASSED: _("statutory limit passed"),
    Rule.STEP_OVER_LIMIT: _("review step over its limit"),
    Rule.DEEMED_ACCEPTANCE_NEAR: _("deemed acceptance near"),
    Rule.NO_REASONS: _("refusal or denial without reasons"),
    Rule.SUPPLEMENT_ROUNDS: _("too many supplement rounds"),
    Rule.UNUSUALLY_FAST: _("unusually fast against the item's history"),
    Rule.UNUSUALLY_SLOW: _("unusually slow against the item's history"),
    Rule.NOT_ROUTED: _("not routed in time"),
}
KIND_LABELS = {
    "case": _("case"),
    "ticket": _("service desk ticket"),
    "rectification": _("bad-review rectification"),
}
SEVERITY_LABELS = {
    Severity.PROMPT: _("prompt"),
    Severity.YELLOW: _("yellow card"),
    Severity.RED: _("red card"),
}


class Warning(models.Model):
    """监察预警: one rule holding for one subject. Active while the rule holds; cleared
    (kept, with the time) when it stops holding."""

    class State(models.TextChoices):
        ACTIVE = "active", _("active")
        CLEARED = "cleared", _("cleared")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Unique by a constraint, not ``unique=True``: no pattern index beside it (the
    # number is never searched by prefix), one index fewer for the sweep to write.
    number = models.CharField(_("supervision number"), max_length=40)
    subject_kind = models.CharField(_("subject kind"), max_length=20)
    subject_uuid = models.UUIDField()
    subject_number = models.CharField(_("case number"), max_length=64)
    rule = models.CharField(
        _("rule"),
        max_length=8,
        choices=[(r.value, lb) for r, lb in RULE_LABELS.items()],
    )
    severity = models.CharField(
        _("warning type"),
        max_length=1,
        choices=[(s.value, lb) for s, lb in SEVERITY_LABELS.items()],
    )
    item_type = models.CharField(_("item type"), max_length=2, blank=True)
    # None: the service desk of ``division``, which must route a ticket naming no
    # organisation yet (rule JC10; the desk answers for it, not an organisation).
    # No index of its own: ``warning_org_idx`` (organisation, state) serves it.
    organisation = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("responsible organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    division = models.ForeignKey(
        "regions.Division", on_delete=models.PROTECT, related_name="+"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible staff member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.CharField(_("result description"), max_length=300)
    state = models.CharField(
        _("state"), max_length=8, choices=State.choices, default=State.ACTIVE
    )
    raised_at = models.DateTimeField(_("raised"), db_index=True)
    state_changed_at = models.DateTimeField(_("state since"))

    class Meta:
        verbose_name = _("supervision warning")
        verbose_name_plural = _("supervision warnings")
        constraints = [
            models.UniqueConstraint(
                fields=["subject_kind", "subject_uuid", "rule"],
                name="warning_one_per_subject_rule",
            ),
            models.UniqueConstraint(fields=["number"], name="warning_number_unique"),
        ]
        indexes = [
            models.Index(fields=["state", "rule"], name="warning_state_rule_idx"),
            models.Index(fields=["organisation", "state"], name="warning_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.rule} {self.subject_number}"

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.subject_kind, self.subject_kind))

    @property
    def responsible_label(self) -> str:
        """The responsible organisation's name, or the region's service desk."""
        if self.organisation is not None:
            return str(self.organisation.name)
        return str(_("service desk of %(region)s") % {"region": self.division.name})


class Card(models.Model):
    """A yellow or red card earned by an organisation (and its staff member, when the
    subject was assigned to one) for the warning behind it."""

    warning = models.OneToOneField(
        Warning, on_delete=models.PROTECT, related_name="card"
    )
    colour = models.CharField(
        _("card"), max_length=1, choices=[("2", _("yellow")), ("3", _("red"))]
    )
    rule = models.CharField(_("rule"), max_length=8)
    # None: the service desk of the warning's division (see ``Warning.organisation``).
    organisation = models.ForeignKey(
        "regions.Organisation",
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
    issued_at = models.DateTimeField(_("issued"), db_index=True)

    class Meta:
        verbose_name = _("card")
        verbose_name_plural = _("cards")

    def __str__(self) -> str:
        return f"{self.colour} {self.rule}"


class CaseContribution(models.Model):
    """What one case adds to the rollups now (``domain.rollup``), and from which event."""

    case_uuid = models.UUIDField(unique=True)
    version = models.BigIntegerField()
    division = models.ForeignKey(
        "regions.Division", on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "regions.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    implementation = models.ForeignKey(
        "catalog.Implementation", on_delete=models.PROTECT, related_name="+"
    )
    counts = models.JSONField(default=dict)

    def __str__(self) -> str:
        return str(self.case_uuid)


class MetricRollup(models.Model):
    """Case counters per month × division × organisation × implementation. Dashboards
    read these (a few rows per item and month), never the cases."""

    month = models.CharField(max_length=7)  # YYYY-MM
    division = models.ForeignKey(
        "regions.Division", on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "regions.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    implementation = models.ForeignKey(
        "catalog.Implementation", on_delete=models.PROTECT, related_name="+"
    )
    submitted = models.IntegerField(default=0)
    online = models.IntegerField(default=0)
    instant = models.IntegerField(default=0)
    refused = models.IntegerField(default=0)
    closed = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    late = models.IntegerField(default=0)
    timed = models.IntegerField(default=0)
    handling_days = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "division", "organisation", "implementation"],
                name="rollup_unique_cell",
            )
        ]
        indexes = [models.Index(fields=["month"], name="rollup_month_idx")]

    def __str__(self) -> str:
        return f"{self.month} {self.implementation_id}"


class Baseline(models.Model):
    """The catalogue version a manager marked as the baseline of an implementation, the
    reference of 申请材料精简率 and the reduction of 跑动次数 (DOMAIN §6)."""

    implementation = models.OneToOneField(
        "catalog.Implementation", on_delete=models.PROTECT, related_name="+"
    )
    version = models.ForeignKey(
        "catalog.ImplementationVersion", on_delete=models.PROTECT, related_name="+"
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    marked_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"baseline {self.version_id}"


class SweepCursor(models.Model):
    """How far the incremental sweep has read a source's change feed."""

    source = models.CharField(max_length=20, unique=True)
    position = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.source} {self.position}"


class SupervisionOrder(ClockFields):
    """督办: an order a supervisor issues on a case, a ticket or an organisation, with a
    reply deadline in working days of the organisation's region; the organisation replies;
    the supervisor closes it or escalates it (``supervision.orders`` declares the
    lifecycle on the shared kernel)."""

    class State(models.TextChoices):
        ISSUED = "issued", _("issued")
        REPLIED = "replied", _("replied")
        CLOSED = "closed", _("closed")
        ESCALATED = "escalated", _("escalated")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("order number"), max_length=40, unique=True)
    subject_kind = models.CharField(_("subject kind"), max_length=20)
    subject_uuid = models.UUIDField(null=True, blank=True)
    subject_number = models.CharField(_("case number"), max_length=64, blank=True)
    warning = models.ForeignKey(
        Warning, null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    organisation = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("supervised organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    division = models.ForeignKey(
        "regions.Division", on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField(_("what is to be done"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.ISSUED
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued"))
    reply = models.TextField(_("reply"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("supervision order")
        verbose_name_plural = _("supervision orders")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(subject_kind="organisation")
                | Q(subject_uuid__isnull=True),
                name="order_organisation_has_no_subject",
            )
        ]

    def __str__(self) -> str:
        return self.number


class SupervisionOrderEvent(HistoryRow):
    """One transition of a 督办 order (append-only)."""

    order = models.ForeignKey(
        SupervisionOrder, on_delete=models.CASCADE, related_name="events"
    )

    class Meta(HistoryRow.Meta):
        verbose_name = _("supervision order event")

    def __str__(self) -> str:
        return f"{self.order_id} {self.event}"

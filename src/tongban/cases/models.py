"""Cases (办件) and what belongs to them: history, pauses, materials, supplement items,
statutory notices, the per-day serial counters that number them, and the applicant's
application drafts (which are not cases: no number, no state, no history).

The state of a case changes only in ``services.transition.case_transition``; a test fails if
another module assigns ``.state``. Deadlines are snapshots: computed at acceptance from the
frozen catalogue version and the region's calendar, and recomputed only by transitions or a
calendar notice (with audit).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tongban.cases.domain.lights import NO_CLOCK
from tongban.cases.domain.workflow import State
from tongban.certificates.shared import SHARED_REFUSALS
from tongban.sharing.domain.registry import source_get

STATE_LABELS = {
    State.DRAFT: _("draft"),
    State.SUBMITTED: _("submitted"),
    State.SUPPLEMENT_REQUESTED: _("supplement requested"),
    State.ACCEPTED: _("accepted"),
    State.SUSPENDED: _("special procedure"),
    State.DECIDED: _("decided"),
    State.CLOSED: _("closed"),
    State.DELIVERED: _("delivered"),
    State.REFUSED: _("not accepted"),
    State.WITHDRAWN: _("withdrawn"),
    State.ARCHIVED: _("archived"),
}
# Named for the OpenAPI enum override (config.settings SPECTACULAR_SETTINGS).
STATE_CHOICES = [(s.value, label) for s, label in STATE_LABELS.items()]

# How the result reaches the applicant (DOMAIN §8: 窗口领取 / 邮寄 / 电子送达); the words
# the case page, the notices and the SMS show for ``Case.delivery_method``.
DELIVERY_LABELS = {
    "pickup": _("pickup at a window"),
    "post": _("by courier"),
    "electronic": _("electronic download"),
}


class Case(models.Model):
    class Channel(models.TextChoices):  # 申报来源 = GB/T 39046 A.5 办理形式
        COUNTER = "1", _("at a counter")
        ONLINE_PC = "2", _("online (computer)")
        ONLINE_MOBILE = "3", _("online (mobile)")
        POST = "4", _("by courier")
        # A.5 has no code of its own for the hall's self-service terminal: 9 其他.
        TERMINAL = "9", _("self-service terminal")

    class Decision(models.TextChoices):
        APPROVE = "approve", _("approved")
        DENY = "deny", _("denied")

    class ResultCode(models.TextChoices):  # 办结结果代码 (DOMAIN §8.0)
        CERTIFICATE = "0", _("closed with a certificate")
        RETURNED = "1", _("returned")
        VOID = "2", _("voided")
        DELETED = "3", _("deleted")
        FORWARDED = "4", _("forwarded")
        SUPPLEMENT_TIMEOUT = "5", _("rejected: supplement not received in time")
        CLOSED = "6", _("closed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("case number"), max_length=64, unique=True)
    query_code_encrypted = models.TextField(editable=False)
    client_key = models.CharField(max_length=64, editable=False)
    state = models.CharField(
        _("state"),
        max_length=24,
        choices=STATE_CHOICES,
    )
    result_code = models.CharField(
        _("result"), max_length=1, choices=ResultCode.choices, blank=True
    )
    # No single-column index on implementation and division: the queue's composite
    # indexes lead with them and serve every lookup by them.
    implementation = models.ForeignKey(
        "catalog.Implementation",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    version = models.ForeignKey(
        "catalog.ImplementationVersion",
        verbose_name=_("catalogue version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    division = models.ForeignKey(
        "regions.Division", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # No index of their own where another index begins with the column (every case
    # written updates each index): ``case_org_state_idx``, ``case_idempotent_submit``
    # and ``case_queue_assigned_idx`` serve the look-ups by these.
    organisation = models.ForeignKey(
        "regions.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    applicant = models.ForeignKey(
        "accounts.Applicant", on_delete=models.PROTECT, related_name="cases"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    channel = models.CharField(_("channel"), max_length=1, choices=Channel.choices)
    # Where a counter case was taken in (the clerk is ``submitted_by``): the hall and the
    # window, for the evaluation rates per hall, window and staff member (好差评). No
    # index: the rates read the evaluations' rollup, never the cases by these columns.
    intake_hall = models.ForeignKey(
        "regions.Hall",
        verbose_name=_("hall"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    intake_window = models.ForeignKey(
        "regions.Window",
        verbose_name=_("window"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    language = models.CharField(_("language of notices"), max_length=10)
    form_data = models.JSONField(_("application form"), default=dict, blank=True)

    submitted_at = models.DateTimeField(_("submitted"), db_index=True)
    # 行政许可法 32: unanswered after this day, the application counts as accepted.
    acceptance_due = models.DateField(_("deemed accepted after"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    # Snapshots of the limits of the frozen version, and the due dates computed from them.
    statutory_limit = models.PositiveIntegerField(null=True, blank=True)
    statutory_unit = models.CharField(max_length=15, blank=True)
    promised_limit = models.PositiveIntegerField(null=True, blank=True)
    promised_unit = models.CharField(max_length=15, blank=True)
    statutory_due = models.DateField(_("statutory due date"), null=True, blank=True)
    promised_due = models.DateField(
        _("promised due date"), null=True, blank=True, db_index=True
    )
    deadline_provisional = models.BooleanField(default=False)
    # The due date before a holiday notice last moved it, and when (told to the applicant).
    deadline_moved_from = models.DateField(null=True, blank=True)
    deadline_moved_on = models.DateField(null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(default=0)
    # Denormalised for the workbench queue (``services.deadlines.case_clock_columns``):
    # the date the light is measured against, 9999-12-31 when no clock runs.
    queue_due = models.DateField(default=NO_CLOCK, db_default=NO_CLOCK, editable=False)

    supplement_rounds = models.PositiveSmallIntegerField(
        _("supplement rounds"), default=0
    )
    supplement_due = models.DateField(_("supplement due"), null=True, blank=True)
    acceptance_mode = models.CharField(
        max_length=12, blank=True
    )  # normal, tolerated, pledged, on_the_spot, deemed
    tolerance_due = models.DateField(
        _("tolerated materials due"), null=True, blank=True
    )
    review_step = models.PositiveSmallIntegerField(default=0)
    decision = models.CharField(
        _("decision"), max_length=8, choices=Decision.choices, blank=True
    )
    decision_reasons = models.TextField(_("reasons"), blank=True)
    result_name = models.CharField(_("result"), max_length=200, blank=True)
    result_file = models.ForeignKey(
        "documents.StoredFile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    delivery_method = models.CharField(
        max_length=12, blank=True
    )  # pickup, post, electronic
    delivery_reference = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["submitted_by", "client_key"], name="case_idempotent_submit"
            ),
            models.CheckConstraint(
                condition=Q(promised_due__isnull=True)
                | Q(statutory_due__isnull=True)
                | Q(promised_due__lte=models.F("statutory_due")),
                name="case_promised_not_after_statutory",
            ),
        ]
        # The queue reads these in its order (``queue_due``, ``id``) and stops at a page:
        # a county's queue by its division, with or without a state or a service; a
        # region-wide one along the dates, with or without a state; an officer's own
        # cases; a service's cases.
        indexes = [
            models.Index(
                fields=["division", "queue_due", "id"], name="case_queue_division_idx"
            ),
            models.Index(
                fields=["division", "state", "queue_due", "id"],
                name="case_queue_state_idx",
            ),
            models.Index(fields=["queue_due", "id"], name="case_queue_due_idx"),
            models.Index(
                fields=["state", "queue_due", "id"], name="case_queue_any_state_idx"
            ),
            models.Index(
                fields=["assigned_to", "queue_due", "id"],
                name="case_queue_assigned_idx",
                condition=Q(assigned_to__isnull=False),
            ),
            models.Index(
                fields=["implementation", "queue_due", "id"],
                name="case_queue_item_idx",
            ),
            models.Index(
                fields=["division", "implementation", "queue_due", "id"],
                name="case_queue_county_item_idx",
            ),
            models.Index(fields=["organisation", "state"], name="case_org_state_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def workflow_state(self) -> State:
        return State(self.state)

    @staticmethod
    def delivery_method_label(method: str) -> str:
        """The delivery method in the active language (the code if it is unknown)."""
        return str(DELIVERY_LABELS.get(method, method))

    def get_delivery_method_display(self) -> str:
        return self.delivery_method_label(self.delivery_method)


class CaseEvent(models.Model):
    """One transition (append-only): the case history and the event feed for other systems."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    event = models.CharField(_("event"), max_length=32)
    from_state = models.CharField(max_length=24)
    to_state = models.CharField(max_length=24)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_role = models.CharField(max_length=20)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), db_index=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.case_id} {self.event} {self.from_state}→{self.to_state}"


class CasePause(models.Model):
    """A special procedure (特别程序) during which the limit does not run."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pauses")
    procedure = models.CharField(_("procedure"), max_length=100)
    special_procedure = models.ForeignKey(
        "catalog.SpecialProcedure",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Copied from the catalogue entry: such a procedure runs inside the limit.
    counts_toward_limit = models.BooleanField(default=False)
    reason = models.TextField(_("reason"))
    expected_days = models.PositiveSmallIntegerField(_("expected duration (days)"))
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    resumed_on = models.DateField(_("resumed on"), null=True, blank=True)

    class Meta:
        ordering = ["start_date", "id"]

    def __str__(self) -> str:
        return f"{self.procedure} {self.start_date}–{self.end_date or '…'}"


class CaseMaterial(models.Model):
    class Source(models.TextChoices):
        UPLOAD = "upload", _("uploaded")
        REUSE = "reuse", _("reused from an earlier case")
        COUNTER = "counter", _("scanned at the counter")
        SOURCE_CHECK = "source_check", _("checked at its source")

    class Provenance(models.TextChoices):
        UPLOAD = "upload", _("uploaded by the applicant")
        CERTIFICATE = "certificate", _("e-certificate")
        SHARED_DATA = "shared_data", _("shared government data")
        PAPER_ORIGINAL = "paper_original", _("paper original seen at the counter")
        PLEDGE = "pledge", _("made by the applicant under pledge")

    class SharedStatus(models.TextChoices):
        PENDING = "pending", _("to be fetched")
        RECEIVED = "received", _("record received")
        NOT_FOUND = "not_found", _("no record held")
        SOURCE_DOWN = "source_down", _("source did not answer")
        # An e-certificate the source returned that cannot be used (``shared_refusal``).
        REFUSED = "refused", _("certificate refused")

    class TrustLevel(models.TextChoices):
        # 国办函〔2016〕108号 (DOMAIN.md §7).
        A = "A", _("A: issued by the implementing body")
        B = "B", _("B: verified by a clerk against the original")
        C = "C", _("C: uploaded by the applicant")
        D = "D", _("D: made by the applicant under pledge")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="materials")
    material = models.ForeignKey(
        "catalog.Material",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("material"), max_length=200)
    file = models.ForeignKey(
        "documents.StoredFile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(
        max_length=12, choices=Source.choices, default=Source.UPLOAD
    )
    original_seen = models.BooleanField(_("paper original seen"), default=False)
    # 原件已核验 is a counter clerk's act: who saw the original and when.
    original_seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("original seen by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    original_seen_at = models.DateTimeField(
        _("original seen at"), null=True, blank=True
    )
    tolerated = models.BooleanField(_("to be supplied later (容缺)"), default=False)
    supplement_round = models.PositiveSmallIntegerField(default=0)
    # A shared-data or e-certificate material checked by a clerk at its source.
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    verified_reference = models.CharField(
        _("reference of the check"), max_length=200, blank=True
    )
    provenance = models.CharField(
        _("provenance"),
        max_length=15,
        choices=Provenance.choices,
        default=Provenance.UPLOAD,
    )
    trust_level = models.CharField(
        _("trust level"), max_length=1, choices=TrustLevel.choices, default=TrustLevel.C
    )
    # The certificate identifier, or the shared record's reference.
    source_reference = models.CharField(
        _("source reference"), max_length=200, blank=True
    )
    # A material the applicant asked to be fetched from its data source (docs/sharing.md):
    # when they agreed, how the last ask went (the case keeps that a source was down), and
    # the access-log row of the record received.
    shared_consent_at = models.DateTimeField(
        _("applicant agreed to data sharing"), null=True, blank=True
    )
    shared_status = models.CharField(
        _("data source"), max_length=12, choices=SharedStatus.choices, blank=True
    )
    shared_checked_at = models.DateTimeField(
        _("data source asked at"), null=True, blank=True
    )
    shared_access = models.UUIDField(null=True, blank=True, editable=False)
    # Why a certificate from the e-certificate source was refused (expired, revoked,
    # not_the_holder, forged, unknown_key, …: ``certificates.shared.SHARED_REFUSALS``).
    shared_refusal = models.CharField(max_length=20, blank=True, editable=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def shared_refusal_text(self) -> str:
        """Why the source's certificate was refused, in the reader's language."""
        return str(SHARED_REFUSALS.get(self.shared_refusal, ""))

    @property
    def shared_source_name(self) -> str:
        """The name of the material's data source in the reader's language."""
        source = source_get(self.material.data_source) if self.material else None
        return source.name_in(get_language() or "") if source else ""


class ApplicationDraft(models.Model):
    """An online application saved before submission: one per applicant user and service.

    Deliberately not a ``Case``: a draft has no case number, no state and no deadlines, and
    nobody but its applicant sees it. ``files`` maps a checklist material id (as a string,
    JSON keys are strings) to the uuid of a ``StoredFile`` the applicant uploaded. Known
    limit: material ids belong to one catalogue version, so when a new version is published
    the attachments of an older draft no longer match its checklist and are not offered.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    implementation = models.ForeignKey(
        "catalog.Implementation", on_delete=models.CASCADE, related_name="+"
    )
    form_data = models.JSONField(_("application form"), default=dict, blank=True)
    files = models.JSONField(_("attached materials"), default=dict, blank=True)
    # Material id → the applicant's choices to reuse instead of upload: {"shared": true}
    # (fetch from the data source) or {"certificate": identifier, "consent": true}.
    consents = models.JSONField(_("consents to reuse"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("saved"), auto_now=True)

    class Meta:
        verbose_name = _("application draft")
        verbose_name_plural = _("application drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "implementation"], name="draft_one_per_user_service"
            )
        ]

    def __str__(self) -> str:
        return f"draft {self.uuid}"


class SupplementItem(models.Model):
    """One item of a one-time supplement notice (一次性告知): what is missing and why."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="supplement_items"
    )
    round = models.PositiveSmallIntegerField()
    material = models.ForeignKey(
        "catalog.Material",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    field_key = models.CharField(max_length=50, blank=True)
    description = models.CharField(_("what is needed"), max_length=300)
    reason = models.CharField(_("why"), max_length=300)
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["round", "id"]

    def __str__(self) -> str:
        return self.description


class Notice(models.Model):
    """A statutory notice issued on a case; the public verification page looks it up by its
    ``verify_code`` (in the QR code)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(_("kind"), max_length=24)
    number = models.CharField(_("notice number"), max_length=64, unique=True)
    verify_code = models.CharField(max_length=32, unique=True)
    language = models.CharField(max_length=10)
    issued_on = models.DateField(_("issued on"))
    facts = models.JSONField(default=dict)
    file = models.ForeignKey(
        "documents.StoredFile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.number


class DailySerial(models.Model):
    """The last serial used for one numbering key on one day (locked while incremented)."""

    key = models.CharField(max_length=80)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "day"], name="daily_serial_unique")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.day} {self.last}"


# The bundle case (一件事) and the 代收 record of a case taken in elsewhere (跨域通办) live in
# their own modules; imported here so that Django registers their models with the cases app.
from tongban.cases.models_bundles import (  # noqa: E402
    BundleCase,
    BundleCasePart,
    BundleNotice,
)
from tongban.cases.models_crossregion import ProxyIntake, ProxyIntakeEvent  # noqa: E402

__all__ = [
    "ApplicationDraft",
    "BundleCase",
    "BundleCasePart",
    "BundleNotice",
    "Case",
    "CaseEvent",
    "CaseMaterial",
    "CasePause",
    "DailySerial",
    "Notice",
    "ProxyIntake",
    "ProxyIntakeEvent",
    "SupplementItem",
]

"""Versioned guide content of an implementation (every element of DOMAIN.md §5.2).

Life cycle: draft → submitted → approved → published (effective from a date, possibly in
the future) → superseded by a later published version, or cancelled (drafts at once,
published versions from a date). Published versions are immutable; services refuse edits
and only the status columns change afterwards. The live version is the published one
with the latest effective date not after today (see selectors), so a scheduled version
goes live without a sweep; the sweep only writes the ``superseded`` status for history.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongban.catalog.domain.tables import parse_themes
from tongban.catalog.models.choices import (
    CaseType,
    OnlineDepth,
    ResultType,
    ServiceScope,
    TimeUnit,
)
from tongban.catalog.models.items import Implementation

OPEN_STATUSES = ("draft", "submitted", "approved")


def validate_themes(value: str) -> None:
    _codes, unknown = parse_themes(value)
    if unknown or (value and ",".join(_codes) != value):
        raise ValidationError(
            _("Use theme codes separated by commas; unknown: {themes}.").format(
                themes=", ".join(unknown) or value
            ),
            code="unknown_theme",
        )


class ImplementationVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted for review")
        APPROVED = "approved", _("approved")
        PUBLISHED = "published", _("published")
        SUPERSEDED = "superseded", _("superseded")
        CANCELLED = "cancelled", _("cancelled")

    implementation = models.ForeignKey(
        Implementation, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    change_summary = models.CharField(
        _("summary of changes"), max_length=300, blank=True
    )
    # time limits
    statutory_limit = models.PositiveIntegerField(
        _("statutory time limit"), null=True, blank=True
    )
    statutory_unit = models.CharField(
        _("unit"),
        max_length=15,
        choices=TimeUnit.choices,
        default=TimeUnit.WORKING_DAYS,
    )
    statutory_note = models.TextField(_("note on the statutory limit"), blank=True)
    promised_limit = models.PositiveIntegerField(
        _("promised time limit"), null=True, blank=True
    )
    promised_unit = models.CharField(
        _("unit"),
        max_length=15,
        choices=TimeUnit.choices,
        default=TimeUnit.WORKING_DAYS,
    )
    promised_note = models.TextField(_("note on the promised limit"), blank=True)
    # classification and channels
    case_type = models.CharField(
        _("case type"), max_length=1, choices=CaseType.choices, blank=True
    )
    service_objects = models.JSONField(_("service objects"), default=list, blank=True)
    handling_forms = models.JSONField(_("handling forms"), default=list, blank=True)
    online_depth = models.PositiveSmallIntegerField(
        _("online handling depth"), choices=OnlineDepth.choices, null=True, blank=True
    )
    visits_required = models.PositiveSmallIntegerField(
        _("visits required"), null=True, blank=True
    )
    onsite_reason = models.TextField(_("why a visit is needed"), blank=True)
    online_url = models.URLField(_("online address"), max_length=500, blank=True)
    mobile_url = models.URLField(_("mobile address"), max_length=500, blank=True)
    supports_appointment = models.BooleanField(_("appointments"), default=False)
    supports_online_payment = models.BooleanField(_("online payment"), default=False)
    supports_delivery = models.BooleanField(_("result by post"), default=False)
    supports_kiosk = models.BooleanField(_("self-service kiosk"), default=False)
    service_scope = models.CharField(
        _("通办 scope"),
        max_length=10,
        choices=ServiceScope.choices,
        blank=True,
        default="",
    )
    # Comma-separated theme codes (catalog.domain.tables.THEMES); a plain string so the
    # same "contains" filter works on SQLite and PostgreSQL.
    themes = models.CharField(
        _("themes"),
        max_length=300,
        blank=True,
        default="",
        validators=[validate_themes],
    )
    min_assurance_level = models.PositiveSmallIntegerField(
        _("minimum identity assurance level"), default=1
    )
    at_most_one_visit = models.BooleanField(_("at most one visit"), default=False)
    tolerance_acceptance = models.BooleanField(
        _("acceptance with tolerated gaps"), default=False
    )
    notification_pledge = models.BooleanField(
        _("notification and pledge"), default=False
    )
    # 决定公开: the decisions on this item's cases are published (results publicity,
    # DOMAIN §10.1), with the applicant's name and ID number masked.
    decision_public = models.BooleanField(_("decisions published"), default=False)
    # substance
    conditions = models.TextField(_("conditions"), blank=True)
    quantity_limit = models.TextField(_("quantity limit"), blank=True)
    process_description = models.TextField(_("process"), blank=True)
    charges_fee = models.BooleanField(_("charges a fee"), default=False)
    # Unknown is not none: an imported guide whose source says nothing of fees or
    # materials publishes "not yet stated", never "free of charge" / "none needed".
    fees_stated = models.BooleanField(_("fees stated"), default=True)
    materials_stated = models.BooleanField(_("materials stated"), default=True)
    fee_basis = models.TextField(_("fee basis"), blank=True)
    location = models.TextField(_("where to apply"), blank=True)
    hours = models.TextField(_("when to apply"), blank=True)
    consultation = models.TextField(_("consultation"), blank=True)
    consultation_phone = models.CharField(
        _("consultation phone"), max_length=60, blank=True
    )
    complaint = models.TextField(_("supervision and complaints"), blank=True)
    complaint_phone = models.CharField(_("complaint phone"), max_length=60, blank=True)
    result_type = models.CharField(
        _("result type"), max_length=15, choices=ResultType.choices, blank=True
    )
    result_name = models.CharField(_("result name"), max_length=200, blank=True)
    # The e-certificate type (its code) a closed case of this version issues, if any.
    result_certificate_type = models.CharField(
        _("result e-certificate type"), max_length=20, blank=True
    )
    result_sample = models.FileField(
        _("result sample"), upload_to="catalog/samples/", blank=True
    )
    # life cycle
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    cancel_from = models.DateField(_("cancelled from"), null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("implementation version")
        verbose_name_plural = _("implementation versions")
        ordering = ["implementation", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["implementation", "number"], name="version_number_unique"
            ),
            # One version in the editing pipeline at a time, beside the live one.
            models.UniqueConstraint(
                fields=["implementation"],
                condition=Q(status__in=OPEN_STATUSES),
                name="version_one_open_per_implementation",
            ),
            models.UniqueConstraint(
                fields=["implementation", "effective_from"],
                condition=Q(status="published"),
                name="version_one_published_per_date",
            ),
            models.CheckConstraint(
                condition=Q(min_assurance_level__gte=1, min_assurance_level__lte=4),
                name="version_assurance_level_range",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(effective_from__isnull=False),
                name="version_published_has_effective_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.implementation.code} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

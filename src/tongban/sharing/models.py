"""The access log and the consents of data sharing.

``AccessLog`` is append-only: one row per access asked of a source, answered or not —
who asked (user and their office), whose data (the subject's blind index and masked
number, never the number itself), which source and fields, for which purpose, when, and
what came back. The record a source returned is kept encrypted on the row, so the case
that asked for it can show it again without asking the source a second time.
``Consent`` is the applicant's agreement that a source be asked for one purpose.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Consent(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source = models.CharField(_("data source"), max_length=40)
    subject_index = models.CharField(max_length=64, db_index=True, editable=False)
    subject_masked = models.CharField(_("whose data"), max_length=40)
    purpose_kind = models.CharField(max_length=10)
    purpose = models.CharField(_("purpose"), max_length=200)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField(_("given at"))

    class Meta:
        verbose_name = _("consent to data sharing")
        verbose_name_plural = _("consents to data sharing")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "subject_index", "purpose_kind", "purpose"],
                name="sharing_consent_once_per_purpose",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.subject_masked} {self.purpose}"


class AccessLog(models.Model):
    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("record received")
        NOT_FOUND = "not_found", _("no record held")
        UNAVAILABLE = "unavailable", _("source did not answer")
        # A record received minutes before for the same subject and fields, used again
        # without asking the source (a form opened twice); a use is logged like a read.
        REUSED = "reused", _("record received shortly before, used again")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_repr = models.CharField(_("who"), max_length=150)
    # The office the access was made for (scope of the supervisors' search).
    division_prefix = models.CharField(max_length=12, blank=True, db_index=True)
    organisation_path = models.CharField(max_length=255, blank=True)
    office = models.CharField(_("for the office"), max_length=200, blank=True)
    source = models.CharField(_("data source"), max_length=40, db_index=True)
    subject_kind = models.CharField(max_length=12)
    subject_index = models.CharField(max_length=64, db_index=True, editable=False)
    subject_masked = models.CharField(_("whose data"), max_length=40)
    fields = models.JSONField(_("fields"), default=list)
    purpose_kind = models.CharField(max_length=10)
    purpose = models.CharField(_("purpose"), max_length=200, db_index=True)
    consent = models.ForeignKey(
        Consent, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    error = models.CharField(max_length=40, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    record_encrypted = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("data-sharing access")
        verbose_name_plural = _("data-sharing accesses")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(purpose=""), name="sharing_access_has_purpose"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.subject_masked} {self.purpose}"

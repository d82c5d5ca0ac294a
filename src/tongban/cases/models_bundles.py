"""The bundle case (一件事 办件): one application for a catalogue bundle, and its link to the
sub-case each department handles.

A bundle case has no state of its own: its status and its deadline are derived from its
sub-cases (``cases.domain.bundles``), whose states change only through the case writer. A
sub-case of a later step waits in draft, numbered and checked, until every sub-case of the
steps before it is closed; the bundle service then submits it through the writer.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BundleCase(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("bundle case number"), max_length=64, unique=True)
    query_code_encrypted = models.TextField(editable=False)
    client_key = models.CharField(max_length=64, editable=False)
    bundle = models.ForeignKey(
        "catalog.Bundle",
        verbose_name=_("bundle"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    bundle_version = models.PositiveIntegerField(_("bundle version"))
    applicant = models.ForeignKey(
        "accounts.Applicant", on_delete=models.PROTECT, related_name="bundle_cases"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=1)
    language = models.CharField(_("language of notices"), max_length=10)
    submitted_at = models.DateTimeField(_("submitted"))
    # 统一出件: the one delivery of every sub-case's result.
    delivery_method = models.CharField(max_length=12, blank=True)
    delivery_reference = models.CharField(max_length=64, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    # Told to the applicant on the combined notice of acceptance; quoted when collecting
    # every result at once (统一出件). Blank on bundle cases made before it existed.
    pickup_code = models.CharField(_("pickup code"), max_length=6, blank=True)

    class Meta:
        verbose_name = _("bundle case")
        verbose_name_plural = _("bundle cases")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submitted_by", "client_key"],
                name="bundle_case_idempotent_submit",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class BundleCasePart(models.Model):
    bundle_case = models.ForeignKey(
        BundleCase, on_delete=models.CASCADE, related_name="parts"
    )
    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="bundle_part"
    )
    step = models.PositiveSmallIntegerField(_("step"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["bundle_case", "step", "order", "id"]

    def __str__(self) -> str:
        return f"{self.bundle_case_id}: {self.case_id} (step {self.step})"


class BundleNotice(models.Model):
    """A combined notice of acceptance issued on a bundle case: its facts (each sub-case's
    number, organisation, promised deadline and state, the bundle's deadline and pickup
    code) frozen in the notice's language when it was issued; the public verification
    page finds it by ``verify_code`` (in its QR code)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bundle_case = models.ForeignKey(
        BundleCase, on_delete=models.PROTECT, related_name="notices"
    )
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

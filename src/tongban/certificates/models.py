"""电子证照 data: certificate types, certificates, their signed states, shares and uses.

A certificate's current state is its newest ``CertificateState``; ``status`` on the
certificate repeats it for queries and is never trusted by a verifier, which checks the
signature of the newest state against a payload rebuilt from the columns. States are
append-only. The holder's identity number is never stored here: the certificate keeps
the applicant's masked number and keyed index (``accounts``) and a link to the applicant.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .domain.status import Status

LAYOUTS = (("certificates/layouts/standard.html", _("standard layout")),)


class FieldKind(models.TextChoices):
    TEXT = "text", _("text")
    DATE = "date", _("date")
    NUMBER = "number", _("number")


class CertificateType(models.Model):
    """证照类型: what a certificate of this kind holds and how long it is valid.

    ``fields`` is a list of ``{"key", "kind", "label", "label_bo", "label_en"}``; the
    case's form values of the same keys fill it at issuance. The catalogue names a type by
    ``code`` (a material's e-certificate type, a version's result certificate type)."""

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("Letters and digits; part of every identifier."),
    )
    name = models.CharField(_("name"), max_length=200)
    organisations = models.ManyToManyField(
        "regions.Organisation",
        verbose_name=_("issuing organisations"),
        related_name="+",
    )
    fields = models.JSONField(_("data fields"), default=list, blank=True)
    validity_years = models.PositiveSmallIntegerField(
        _("valid for (years)"),
        null=True,
        blank=True,
        help_text=_("Empty: valid until annulled or revoked."),
    )
    layout = models.CharField(
        _("layout template"), max_length=100, choices=LAYOUTS, default=LAYOUTS[0][0]
    )
    active = models.BooleanField(_("issued"), default=True)

    class Meta:
        verbose_name = _("certificate type")
        verbose_name_plural = _("certificate types")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Certificate(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    identifier = models.CharField(_("identifier"), max_length=80, unique=True)
    serial = models.PositiveBigIntegerField()
    certificate_type = models.ForeignKey(
        CertificateType, on_delete=models.PROTECT, related_name="certificates"
    )
    organisation = models.ForeignKey(
        "regions.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    holder = models.ForeignKey(
        "accounts.Applicant", on_delete=models.PROTECT, related_name="+"
    )
    holder_name = models.CharField(_("holder"), max_length=200)
    holder_id_masked = models.CharField(_("holder's ID number"), max_length=40)
    holder_index = models.CharField(max_length=64)
    data = models.JSONField(_("data"), default=dict)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=[(s.value, s.value) for s in Status],
        default=Status.VALID,
    )
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What the certificate was issued for (the case number); certificates know no cases.
    source_reference = models.CharField(max_length=100, blank=True)
    issued_at = models.DateTimeField()

    class Meta:
        verbose_name = _("e-certificate")
        verbose_name_plural = _("e-certificates")
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["holder", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate_type", "organisation", "serial"],
                name="certificate_serial_unique",
            )
        ]

    def __str__(self) -> str:
        return self.identifier


class CertificateState(models.Model):
    """One signed state; ``sequence`` 1 is the issuance."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="states"
    )
    sequence = models.PositiveIntegerField()
    status = models.CharField(max_length=10)
    reason = models.TextField(blank=True)
    at = models.DateTimeField()
    key_scope = models.CharField(max_length=40)  # the key store of the issuer
    signature = models.TextField()
    check_value = models.CharField(max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["certificate", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "sequence"], name="certificate_state_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id}#{self.sequence} {self.status}"


class CertificateShare(models.Model):
    """A time-limited link the holder gives to someone; revocable; every view logged."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="shares"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"share {self.pk} of {self.certificate_id}"


class CertificateShareView(models.Model):
    share = models.ForeignKey(
        CertificateShare, on_delete=models.CASCADE, related_name="views"
    )
    viewed_at = models.DateTimeField(auto_now_add=True)
    address = models.CharField(max_length=45, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-viewed_at"]

    def __str__(self) -> str:
        return f"view of share {self.share_id} at {self.viewed_at}"


class CertificateUse(models.Model):
    """The holder's consent to use a certificate instead of an upload, for one purpose."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="uses"
    )
    purpose = models.CharField(max_length=100)  # the case number
    material_name = models.CharField(max_length=200)
    consented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    consented_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-consented_at"]

    def __str__(self) -> str:
        return f"{self.certificate_id} for {self.purpose}"

"""Child rows of a version: materials, application form fields, fees, FAQ, special
procedures. They are copied into each new draft, so a published version keeps its
own."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tongban.catalog.models.choices import (
    FieldType,
    MaterialForm,
    MaterialSource,
    Necessity,
    SpecialProcedureKind,
    TimeUnit,
)
from tongban.catalog.models.versions import ImplementationVersion


class _Child(models.Model):
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["version", "order", "id"]


class Material(_Child):
    version = models.ForeignKey(
        ImplementationVersion, on_delete=models.CASCADE, related_name="materials"
    )
    name = models.CharField(_("name"), max_length=200)
    # Blank is allowed in storage so imports can keep a faulty row; the guide rules flag
    # it.
    necessity = models.CharField(
        _("necessity"), max_length=12, choices=Necessity.choices, blank=True
    )
    form = models.CharField(
        _("form"),
        max_length=12,
        choices=MaterialForm.choices,
        default=MaterialForm.BOTH,
    )
    original_copies = models.PositiveSmallIntegerField(_("originals"), default=1)
    photocopies = models.PositiveSmallIntegerField(_("photocopies"), default=0)
    paper_spec = models.CharField(_("paper size"), max_length=40, blank=True)
    source = models.CharField(
        _("source"), max_length=15, choices=MaterialSource.choices, blank=True
    )
    source_note = models.CharField(_("source details"), max_length=200, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=200, blank=True)
    e_certificate_type = models.CharField(
        _("e-certificate type"), max_length=60, blank=True
    )
    # The data-sharing source (its registry code, e.g. ``household``) the application
    # offers instead of an upload; blank: the applicant brings it (docs/sharing.md).
    data_source = models.CharField(_("data source"), max_length=40, blank=True)
    tolerance_allowed = models.BooleanField(
        _("may be supplied later (容缺)"), default=False
    )
    acceptance_standard = models.TextField(_("acceptance standard"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    template = models.FileField(
        _("blank form"), upload_to="catalog/templates/", blank=True
    )
    sample = models.FileField(
        _("filled-in sample"), upload_to="catalog/samples/", blank=True
    )

    class Meta(_Child.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return str(self.name)


class FormField(_Child):
    version = models.ForeignKey(
        ImplementationVersion, on_delete=models.CASCADE, related_name="form_fields"
    )
    key = models.SlugField(_("key"), max_length=50)
    label = models.CharField(_("label"), max_length=200)
    field_type = models.CharField(
        _("type"), max_length=10, choices=FieldType.choices, default=FieldType.TEXT
    )
    required = models.BooleanField(_("required"), default=True)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    # [{"value": "...", "label": "..."}] for the choice type.
    choices = models.JSONField(_("choices"), default=list, blank=True)
    # ``source.field`` of shared data that pre-fills this field (``population.address``).
    shared_field = models.CharField(
        _("pre-filled from shared data"), max_length=80, blank=True
    )

    class Meta(_Child.Meta):
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "key"], name="form_field_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.label}"


class Fee(_Child):
    version = models.ForeignKey(
        ImplementationVersion, on_delete=models.CASCADE, related_name="fees"
    )
    name = models.CharField(_("fee item"), max_length=200)
    standard = models.CharField(_("fee standard"), max_length=300, blank=True)
    basis = models.TextField(_("fee basis"), blank=True)
    # 支付 data set 金额 n..16,2 (元); empty: not a fixed amount, charged at the counter
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    waiver_allowed = models.BooleanField(_("may be waived"), default=False)
    waiver_basis = models.TextField(_("waiver basis"), blank=True)

    class Meta(_Child.Meta):
        verbose_name = _("fee")
        verbose_name_plural = _("fees")

    def __str__(self) -> str:
        return str(self.name)


class Faq(_Child):
    version = models.ForeignKey(
        ImplementationVersion, on_delete=models.CASCADE, related_name="faqs"
    )
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"))

    class Meta(_Child.Meta):
        verbose_name = _("frequently asked question")
        verbose_name_plural = _("frequently asked questions")

    def __str__(self) -> str:
        return str(self.question)[:60]


class SpecialProcedure(_Child):
    version = models.ForeignKey(
        ImplementationVersion,
        on_delete=models.CASCADE,
        related_name="special_procedures",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"),
        max_length=1,
        choices=SpecialProcedureKind.choices,
        default=SpecialProcedureKind.OTHER,
    )
    time_limit = models.PositiveIntegerField(_("time limit"), null=True, blank=True)
    unit = models.CharField(
        _("unit"),
        max_length=15,
        choices=TimeUnit.choices,
        default=TimeUnit.WORKING_DAYS,
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    counts_toward_limit = models.BooleanField(
        _("counts toward the time limit"), default=False
    )
    charges_fee = models.BooleanField(_("charges a fee"), default=False)

    class Meta(_Child.Meta):
        verbose_name = _("special procedure")
        verbose_name_plural = _("special procedures")

    def __str__(self) -> str:
        return str(self.name)

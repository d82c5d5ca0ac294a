"""基本目录 (basic items) and 实施清单 (implementations of an item by a body in a
region).

Uniformity (clause 5.2a): name, basic code, item type and legal basis live on
``BasicItem`` only; an implementation reads them through its FK, so no region or level
can diverge.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from tongban.catalog.domain.codes import BasicCode, parse_basic_code
from tongban.catalog.domain.tables import accepts_applications
from tongban.catalog.models.choices import ItemType


class BasicItem(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("in force")
        SUSPENDED = "suspended", _("suspended")
        CANCELLED = "cancelled", _("cancelled")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("basic code"), max_length=50, unique=True)
    local_code = models.CharField(_("local basic code"), max_length=50, blank=True)
    name = models.CharField(_("name"), max_length=200)
    item_type = models.CharField(_("item type"), max_length=2, choices=ItemType.choices)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    exercise_levels = models.JSONField(_("exercise levels"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    planned_effective_date = models.DateField(
        _("planned effective date"), null=True, blank=True
    )
    planned_cancel_date = models.DateField(
        _("planned cancellation date"), null=True, blank=True
    )
    # Precomputed from the Chinese name so SQL can match pinyin (domain/search_keys.py).
    search_pinyin = models.CharField(
        max_length=600, blank=True, editable=False, db_index=True
    )
    search_initials = models.CharField(
        max_length=200, blank=True, editable=False, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("basic catalogue item")
        verbose_name_plural = _("basic catalogue items")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def parsed_code(self) -> BasicCode:
        return parse_basic_code(self.code)


class Implementation(models.Model):
    """One body's implementation of a basic item; its content lives in versions."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        CANCELLED = "cancelled", _("cancelled")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    basic_item = models.ForeignKey(
        BasicItem,
        verbose_name=_("basic item"),
        on_delete=models.PROTECT,
        related_name="implementations",
    )
    organisation = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("implementing body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    division = models.ForeignKey(
        "regions.Division",
        verbose_name=_("division"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    exercise_level = models.PositiveSmallIntegerField(_("exercise level"))
    code = models.CharField(_("implementation code"), max_length=50, unique=True)
    handling_item_code = models.CharField(
        _("handling item code"), max_length=50, blank=True
    )
    local_code = models.CharField(
        _("local implementation code"), max_length=50, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("implementation")
        verbose_name_plural = _("implementations")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["basic_item", "organisation", "handling_item_code"],
                name="implementation_unique_per_body",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.basic_item.name} ({self.code})"

    # Uniformity: read, never stored (clause 5.2a).
    @property
    def name(self) -> str:
        return str(self.basic_item.name)

    @property
    def item_type(self) -> str:
        return self.basic_item.item_type

    @property
    def accepts_applications(self) -> bool:
        """False for the office's own acts (行政处罚, 行政强制, 行政检查 …)."""
        return accepts_applications(self.basic_item.item_type)

    @property
    def basic_code(self) -> str:
        return self.basic_item.code

    @property
    def legal_basis(self) -> str:
        return str(self.basic_item.legal_basis)

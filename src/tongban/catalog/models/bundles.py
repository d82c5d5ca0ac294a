"""一件事一次办 bundles: several departments' items offered as one life event (新生儿出生,
开办餐馆…) with one guide, one merged form and one merged checklist.

A bundle names implementations, not versions: what an applicant fills in is merged from the
live version of each item when they apply (``catalog.selectors_bundles``), so a bundle never
goes stale when an item publishes a new version. Life cycle: draft → published, and back to
draft to be revised; publishing checks that every item is live and that their forms merge
(``catalog.domain.bundles``), and counts the bundle's version, which each bundle case keeps.
Items of the same ``step`` are handled in parallel; an item of a later step waits until
every item of the steps before it is closed.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongban.catalog.models.items import Implementation


class Bundle(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("bundle code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("what it covers"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    process_description = models.TextField(_("process"), blank=True)
    delivery_note = models.TextField(_("how the results are delivered"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Counted up at each publication; a bundle case keeps the version it was made under.
    version = models.PositiveIntegerField(_("version"), default=0)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bundle (一件事)")
        verbose_name_plural = _("bundles (一件事)")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class BundleItem(models.Model):
    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="items")
    implementation = models.ForeignKey(
        Implementation,
        verbose_name=_("item"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    step = models.PositiveSmallIntegerField(_("step"), default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("item of a bundle")
        verbose_name_plural = _("items of a bundle")
        ordering = ["bundle", "step", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["bundle", "implementation"], name="bundle_item_once"
            ),
            models.CheckConstraint(condition=Q(step__gte=1), name="bundle_step_from_1"),
        ]

    def __str__(self) -> str:
        return f"{self.bundle_id}: {self.implementation_id} (step {self.step})"

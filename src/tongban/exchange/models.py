"""Exchange export rows: one cursor per data set and region (where the next batch
starts), the batches cut (批次号, 同步时间, counts, checksum and their frozen content)
and the records each batch held back with their problems."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExchangeCursor(models.Model):
    """Where the next batch of a data set for a region continues (keyset position)."""

    dataset = models.CharField(max_length=30)
    division_prefix = models.CharField(max_length=12)
    position_time = models.DateTimeField(null=True, blank=True)
    position_id = models.BigIntegerField(default=0)
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "division_prefix"], name="exchange_cursor_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dataset} {self.division_prefix} #{self.sequence}"


class ExchangeBatch(models.Model):
    """One batch, frozen when cut: the same 批次号 always gives the same bytes
    (``content`` is the JSON Lines of its records, gzip-compressed and encrypted, since
    records carry identity numbers; ``sha256`` is of the uncompressed lines)."""

    number = models.CharField(_("batch number"), max_length=40, unique=True)
    dataset = models.CharField(_("data set"), max_length=30)
    division_prefix = models.CharField(_("region"), max_length=12)
    sync_time = models.DateTimeField(_("sync time"))
    record_count = models.PositiveIntegerField(_("records"))
    held_count = models.PositiveIntegerField(_("held back"))
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField(editable=False)
    position_time = models.DateTimeField(null=True, blank=True)
    position_id = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("exchange batch")
        verbose_name_plural = _("exchange batches")
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["dataset", "division_prefix", "id"], name="exchange_batch_idx"
            )
        ]

    def __str__(self) -> str:
        return self.number


class ExchangeHeldRecord(models.Model):
    """A record that failed the field rules: kept out of its batch, reported."""

    batch = models.ForeignKey(
        ExchangeBatch, on_delete=models.CASCADE, related_name="held"
    )
    record_key = models.CharField(max_length=120)
    problems = models.JSONField(default=list)  # [{field, code, reason}]

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.batch_id} {self.record_key}"

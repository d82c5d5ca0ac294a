"""Stored files: one row per accepted upload; the bytes live in the storage backend under
their SHA-256 (identical uploads share one object)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size"))
    kind = models.CharField(_("type"), max_length=10)
    content_type = models.CharField(max_length=100)
    name = models.CharField(_("file name"), max_length=120)
    storage_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self) -> str:
        return f"{self.name} ({self.sha256[:12]})"

"""Read-only admin view of the outbox (support staff check what was sent)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tongban.notifications.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "channel",
        "recipient",
        "template",
        "language",
        "status",
        "attempts",
    )
    list_filter = ("status", "channel", "template")
    readonly_fields = [f.name for f in Message._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

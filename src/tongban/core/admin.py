"""Read-only admin for the audit log: it is evidence, nobody edits it."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tongban.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor_repr", "action", "object_repr", "ip")
    list_filter = ("action",)
    search_fields = ("object_repr", "actor_repr", "request_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

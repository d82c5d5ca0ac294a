"""Read-only admin view of the outbox (support staff check what was sent)."""

from django.contrib import admin

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

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

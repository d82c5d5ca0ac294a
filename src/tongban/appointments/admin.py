"""Admin of window groups (platform admins); bookings and numbers are read-only there."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin

from tongban.appointments import selectors
from tongban.appointments.models import Appointment, QueueTicket, ServiceGroup


@admin.register(ServiceGroup)
class ServiceGroupAdmin(TranslationAdmin):
    list_display = ("hall", "code", "name", "slot_minutes", "capacity", "is_active")
    list_filter = ("is_active",)
    filter_horizontal = ("windows", "items")

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        # The windows before and after: "call next" reads a window's groups from the
        # cache (``selectors.groups_of_window_cached``).
        before = (
            set(form.instance.windows.values_list("pk", flat=True)) if change else set()
        )
        super().save_related(request, form, formsets, change)
        after = set(form.instance.windows.values_list("pk", flat=True))
        selectors.window_groups_forget(window_ids=before | after)


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ("reference", "group", "day", "start", "state")
    list_filter = ("state",)
    readonly_fields = [f.name for f in Appointment._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(QueueTicket)
class QueueTicketAdmin(admin.ModelAdmin):
    list_display = ("label", "group", "day", "state", "window")
    list_filter = ("state",)
    readonly_fields = [f.name for f in QueueTicket._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

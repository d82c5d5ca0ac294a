"""Admin of window groups (platform admins); bookings and numbers are read-only there."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from tongban.appointments.models import Appointment, QueueTicket, ServiceGroup


@admin.register(ServiceGroup)
class ServiceGroupAdmin(TranslationAdmin):
    list_display = ("hall", "code", "name", "slot_minutes", "capacity", "is_active")
    list_filter = ("is_active",)
    filter_horizontal = ("windows", "items")


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

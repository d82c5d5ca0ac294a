"""Admin for divisions, organisations and halls; writes go through the services so every
change is validated, scoped and audited like any other."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin

from tongban.regions.models import Division, Hall, Organisation


@admin.register(Division)
class DivisionAdmin(TranslationAdmin):
    list_display = ("code", "name", "level", "parent")
    search_fields = ("code", "name")
    list_filter = ("level",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # codes are changed by adding divisions through the API or a migration

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(TranslationAdmin):
    list_display = ("name", "uscc", "division", "exercise_level")
    search_fields = ("name", "uscc")
    readonly_fields = ("uscc", "division", "parent", "path")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # created through the API/workbench so the USCC is validated and audited

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Hall)
class HallAdmin(TranslationAdmin):
    list_display = ("name", "kind", "division", "organisation")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

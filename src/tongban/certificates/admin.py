"""Admin: certificate types (read the certificates themselves through the pages)."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import CertificateType


@admin.register(CertificateType)
class CertificateTypeAdmin(TranslationAdmin):
    list_display = ("code", "name", "validity_years", "active")
    search_fields = ("code", "name")
    filter_horizontal = ("organisations",)

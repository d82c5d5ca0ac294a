"""Admin for users and role assignments (platform administrators only).

The admin site is django-otp's ``OTPAdminSite``: it lets in only sessions verified with a
second factor, and its login form asks for the TOTP code after the password, so a stolen
password does not open the admin either (the way django-otp documents for the default site).
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django_otp.admin import OTPAdminSite

from tongban.accounts.models import Applicant, RoleAssignment, User

admin.site.__class__ = OTPAdminSite


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ("organisation",)
    readonly_fields = ("role", "organisation", "division", "created_at")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # through staff services, so scope and audit apply


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "kind", "organisation", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("username", "full_name", "phone")
    inlines = [RoleAssignmentInline]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (
            "Tongban",
            {
                "fields": (
                    "kind",
                    "full_name",
                    "phone",
                    "organisation",
                    "preferred_language",
                )
            },
        ),
    )


@admin.register(Applicant)
class ApplicantAdmin(admin.ModelAdmin):
    list_display = ("name", "applicant_type", "id_type", "id_masked", "assurance_level")
    search_fields = ("name",)
    readonly_fields = ("id_masked",)
    exclude = ("id_number_encrypted", "id_index")

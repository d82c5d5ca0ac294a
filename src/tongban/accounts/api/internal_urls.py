"""Internal (staff) account endpoints."""

from django.urls import path

from tongban.accounts.api import views

urlpatterns = [
    path("me/", views.Me.as_view(), name="me"),
    path("staff/", views.StaffList.as_view(), name="staff-list"),
    path("applicants/", views.ApplicantRegister.as_view(), name="applicant-register"),
    path(
        "applicants/lookup/", views.ApplicantLookup.as_view(), name="applicant-lookup"
    ),
    path("audit-events/", views.AuditEventList.as_view(), name="audit-event-list"),
]

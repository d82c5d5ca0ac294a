"""Login, logout, workbench overview and audit pages."""

from django.urls import path

from tongban.accounts import oidc_views, second_factor_views, staff_pages, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.applicant_login, name="applicant-login"),
    path("login/unified/", oidc_views.unified_login, name="unified-login"),
    path(
        "login/unified/callback/",
        oidc_views.unified_callback,
        name="unified-callback",
    ),
    path("register/", views.applicant_register, name="applicant-register"),
    path(
        "register/details/",
        views.applicant_register_details,
        name="applicant-register-details",
    ),
    path("agreement/", views.service_agreement, name="service-agreement"),
    path("login/code/", views.applicant_code_request, name="applicant-code-request"),
    path("login/code/verify/", views.applicant_code_login, name="applicant-code-login"),
    path("logout/", views.logout, name="logout"),
    path("me/", views.applicant_home, name="applicant-home"),
    path("workbench/login/", views.staff_login, name="staff-login"),
    path(
        "workbench/login/second-factor/",
        second_factor_views.staff_second_factor,
        name="staff-second-factor",
    ),
    path(
        "workbench/recovery-codes/",
        second_factor_views.staff_recovery_codes,
        name="staff-recovery-codes",
    ),
    path(
        "workbench/staff/second-factor/",
        second_factor_views.staff_second_factor_admin,
        name="staff-second-factor-admin",
    ),
    path("workbench/", views.workbench, name="workbench"),
    path("workbench/audit/", views.audit_list, name="audit-list"),
    path("workbench/staff/", staff_pages.staff_list, name="staff-list"),
    path("workbench/staff/new/", staff_pages.staff_new, name="staff-new"),
    path(
        "workbench/staff/<str:username>/",
        staff_pages.staff_detail,
        name="staff-detail",
    ),
    path(
        "workbench/staff/<str:username>/roles/<int:pk>/withdraw",
        staff_pages.role_withdraw,
        name="staff-role-withdraw",
    ),
]

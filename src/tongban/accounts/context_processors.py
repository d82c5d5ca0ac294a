"""Workbench navigation flags from the signed-in staff member's permissions."""

from typing import Any

from django.http import HttpRequest

from tongban.core.permissions import Perm, has_permission


def workbench(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if (
        user is None
        or not user.is_authenticated
        or not getattr(user, "is_staff_member", False)
    ):
        return {}
    return {
        "perms_nav": {
            "audit": has_permission(user, Perm.AUDIT_VIEW),
            "cases": has_permission(user, Perm.CASE_VIEW),
            "intake": has_permission(user, Perm.CASE_INTAKE),
            "catalog": has_permission(user, Perm.CATALOG_VIEW),
            "catalog_manage": has_permission(user, Perm.CATALOG_MANAGE),
            "review": has_permission(user, Perm.CATALOG_REVIEW),
            "staff": has_permission(user, Perm.STAFF_VIEW),
            "halls": has_permission(user, Perm.HALL_VIEW),
            "servicedesk": any(
                has_permission(user, p)
                for p in (
                    Perm.TICKET_INTAKE,
                    Perm.TICKET_DISPATCH,
                    Perm.TICKET_HANDLE,
                    Perm.TICKET_SUPERVISE,
                )
            ),
            "invite": has_permission(user, Perm.EVALUATION_INVITE),
            "tickets": has_permission(user, Perm.EVALUATION_RECTIFY)
            or has_permission(user, Perm.EVALUATION_SUPERVISE),
            "evaluation_statistics": has_permission(user, Perm.EVALUATION_SUPERVISE),
            "supervision": has_permission(user, Perm.SUPERVISION_VIEW),
            "orders": has_permission(user, Perm.SUPERVISION_VIEW)
            or has_permission(user, Perm.SUPERVISION_REPLY),
            "integrations": has_permission(user, Perm.INTEGRATION_MANAGE),
        }
    }

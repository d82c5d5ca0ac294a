"""Permissions and the actor protocol every service and API view uses.

Services take an ``actor``: a staff user (whose ``scope_for(permission)`` says where they may
act), an applicant, or ``SYSTEM`` for commands, migrations and tasks. The kernel does not know
the user model; it only calls ``scope_for`` on it, so apps below ``accounts`` can check scopes
without importing it. Reading out of scope is answered as "not found", acting without the
permission at all as "not allowed".
"""

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from tongban.core.scopes import Scope


class Perm(StrEnum):
    DIVISION_VIEW = "division.view"
    DIVISION_MANAGE = "division.manage"
    ORGANISATION_VIEW = "organisation.view"
    ORGANISATION_MANAGE = "organisation.manage"
    HALL_VIEW = "hall.view"
    HALL_MANAGE = "hall.manage"
    STAFF_VIEW = "staff.view"
    STAFF_MANAGE = "staff.manage"
    APPLICANT_VIEW = "applicant.view"
    APPLICANT_MANAGE = "applicant.manage"
    # Finding an applicant by ID number: counter intake only, with a purpose, audited.
    APPLICANT_LOOKUP = "applicant.lookup"
    IDENTITY_UNMASK = "identity.unmask"
    AUDIT_VIEW = "audit.view"
    CASE_VIEW = "case.view"
    CASE_INTAKE = "case.intake"
    CASE_HANDLE = "case.handle"
    EXCHANGE_READ = "exchange.read"
    INTEGRATION_MANAGE = "integration.manage"  # webhook subscriptions of any system
    CALENDAR_MANAGE = "calendar.manage"
    CATALOG_VIEW = "catalog.view"
    CATALOG_MANAGE = "catalog.manage"
    CATALOG_REVIEW = "catalog.review"
    # 好差评: a clerk opens an on-site evaluation for the person just served (never fills
    # it in); the responsible unit works its rectification tickets; a supervisor verifies,
    # decides appeals, sees the evaluator of a bad review and the statistics.
    EVALUATION_INVITE = "evaluation.invite"
    EVALUATION_RECTIFY = "evaluation.rectify"
    EVALUATION_SUPERVISE = "evaluation.supervise"
    # Service desk (servicedesk app): agents take and route tickets, units handle them.
    TICKET_INTAKE = "ticket.intake"
    TICKET_DISPATCH = "ticket.dispatch"
    TICKET_HANDLE = "ticket.handle"
    TICKET_SUPERVISE = "ticket.supervise"
    KNOWLEDGE_MANAGE = "knowledge.manage"
    KNOWLEDGE_REVIEW = "knowledge.review"
    # Electronic supervision: warnings, metrics and dashboards; issuing and closing 督办
    # orders; an organisation's reply to an order addressed to it.
    SUPERVISION_VIEW = "supervision.view"
    SUPERVISION_MANAGE = "supervision.manage"
    SUPERVISION_REPLY = "supervision.reply"
    # Fees paid at the service counter: a clerk records them (with the receipt number);
    # only a supervisor takes a record back, with a reason.
    PAYMENT_COLLECT = "payment.collect"
    PAYMENT_REVERSE = "payment.reverse"


class _System:
    """The actor of commands, migrations and tasks: unlimited scope, audited as 'system'."""

    pk = None
    is_authenticated = True

    def scope_for(self, permission: str) -> Scope:
        return Scope(everything=True)

    def __str__(self) -> str:
        return "system"


SYSTEM = _System()


def scope_for(actor: Any, permission: str) -> Scope:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return Scope()
    method = getattr(actor, "scope_for", None)
    return method(permission) if method else Scope()


def has_permission(actor: Any, permission: str) -> bool:
    scope = scope_for(actor, permission)
    return scope.everything or bool(scope.grants)


def require(
    actor: Any,
    permission: str,
    *,
    organisation_path: str = "",
    division_prefix: str = "",
) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` holds ``permission`` for this place."""
    scope = scope_for(actor, permission)
    if not scope.covers(
        organisation_path=organisation_path, division_prefix=division_prefix
    ):
        raise PermissionDenied(
            _("You may not do this for this organisation or region.")
        )


def require_any(actor: Any, permission: str) -> Scope:
    """The actor's scope for ``permission``; ``PermissionDenied`` if they hold it nowhere."""
    scope = scope_for(actor, permission)
    if not (scope.everything or scope.grants):
        raise PermissionDenied(_("Your role does not allow this."))
    return scope


def not_found() -> Http404:
    return Http404(_("Not found, or outside your area of responsibility."))


class StaffPermission(BasePermission):
    """DRF permission: the view's ``required_permission`` (per method) is held somewhere."""

    message = _("Your role does not allow this.")

    def has_permission(self, request: Request, view: Any) -> bool:
        permissions = getattr(view, "required_permissions", {})
        needed = permissions.get(request.method, permissions.get("*"))
        return needed is None or has_permission(request.user, needed)

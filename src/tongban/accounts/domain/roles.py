"""Roles and the permissions each one holds.

A role is always granted within a scope (an organisation subtree and/or a region subtree);
only a platform administrator may hold a role without limits. Supervisors and platform
administrators must use a second factor (TOTP) because they see and change the most.
"""

from enum import StrEnum


class Role(StrEnum):
    COUNTER_CLERK = "counter_clerk"
    CASE_OFFICER = "case_officer"
    CATALOGUE_MANAGER = "catalogue_manager"
    SUPERVISOR = "supervisor"
    PLATFORM_ADMIN = "platform_admin"
    # Another government system (provincial platform, department system) reading the
    # exchange feeds of its region with an API token; no password login, no case reads.
    EXCHANGE_CLIENT = "exchange_client"
    # 12345 agent and dispatcher (调度员): takes calls, routes tickets, records callbacks,
    # and is the only one who sees who filed a complaint kept anonymous to the unit.
    SERVICE_DESK_AGENT = "service_desk_agent"


_VIEW_BASICS = frozenset(
    {"division.view", "organisation.view", "hall.view", "catalog.view"}
)
# Catalogue managers draft, review and publish; a reviewer never approves their own
# submission (enforced by the catalogue service), so review needs a second person.
_CATALOG = frozenset({"catalog.manage", "catalog.review"})

ROLE_PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.COUNTER_CLERK: _VIEW_BASICS
    | {
        "applicant.view",
        "applicant.manage",
        "applicant.lookup",
        "identity.unmask",
        "case.view",
        "case.intake",
        "evaluation.invite",
        "ticket.intake",
        "supervision.reply",
        "payment.collect",
    },
    Role.CASE_OFFICER: _VIEW_BASICS
    | {
        "applicant.view",
        "identity.unmask",
        "case.view",
        "case.handle",
        "evaluation.rectify",
        "ticket.handle",
        "knowledge.manage",
        "supervision.reply",
    },
    Role.CATALOGUE_MANAGER: _VIEW_BASICS | _CATALOG | {"knowledge.review"},
    Role.SUPERVISOR: _VIEW_BASICS
    | {
        "audit.view",
        "staff.view",
        "applicant.view",
        "case.view",
        "evaluation.supervise",
        "ticket.supervise",
        "supervision.view",
        "supervision.manage",
        "payment.reverse",
    },
    Role.PLATFORM_ADMIN: _VIEW_BASICS
    | {
        "division.manage",
        "organisation.manage",
        "hall.manage",
        "staff.view",
        "staff.manage",
        "audit.view",
        "calendar.manage",
        "catalog.review",
        "integration.manage",
    },
    Role.EXCHANGE_CLIENT: frozenset({"exchange.read"}),
    Role.SERVICE_DESK_AGENT: _VIEW_BASICS
    | {
        "ticket.intake",
        "ticket.dispatch",
        "knowledge.manage",
        "knowledge.review",
    },
}

SECOND_FACTOR_ROLES = frozenset({Role.SUPERVISOR, Role.PLATFORM_ADMIN})


def role_grants(role: str, permission: str) -> bool:
    try:
        return permission in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False


def needs_second_factor(roles: set[str]) -> bool:
    return any(role in SECOND_FACTOR_ROLES for role in roles)

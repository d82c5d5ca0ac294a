"""Reads of staff accounts and applicants, filtered by the caller's scope in SQL."""

from typing import Any

from django.db.models import Prefetch, QuerySet

from tongban.accounts.domain.roles import Role, role_grants
from tongban.accounts.models import Applicant, RoleAssignment, User
from tongban.core.permissions import Perm, has_permission, not_found, scope_for
from tongban.core.scopes import Scope


def staff_list_for(*, user: Any) -> QuerySet[User]:
    """Staff whose home organisation is in scope (by organisation path and its division)."""
    scope = scope_for(user, Perm.STAFF_VIEW)
    return (
        User.objects.filter(kind=User.Kind.STAFF)
        .filter(
            scope.q(
                organisation_path="organisation__path",
                division_prefix="organisation__division__prefix",
            )
        )
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "role_assignments",
                queryset=RoleAssignment.objects.select_related(
                    "organisation", "division"
                ),
            )
        )
        .order_by("username")
    )


def staff_of_organisation(*, organisation_id: int) -> QuerySet[User]:
    """The active staff whose home is the organisation, their roles loaded (for the
    caller's permission check): whom a message to the unit goes to."""
    return (
        User.objects.filter(
            kind=User.Kind.STAFF, is_active=True, organisation_id=organisation_id
        )
        .select_related("organisation__division")
        .prefetch_related(
            Prefetch(
                "role_assignments",
                queryset=RoleAssignment.objects.select_related(
                    "organisation", "division"
                ),
            )
        )
        .order_by("pk")
    )


def applicant_get_for(*, user: Any, uuid: Any) -> Applicant:
    """One applicant for a staff member allowed to see applicants (counter intake).
    Applicants are not bound to a region, so the permission anywhere is enough."""
    if not has_permission(user, Perm.APPLICANT_VIEW):
        raise not_found()
    applicant = Applicant.objects.filter(uuid=uuid).first()
    if applicant is None:
        raise not_found()
    return applicant


def applicant_by_uuid(*, uuid: Any) -> Applicant | None:
    """An applicant by uuid for a caller whose permission the view already checked
    (counter intake); ``None`` when there is none."""
    return Applicant.objects.filter(uuid=uuid).first()


def applicant_identity_indexes() -> QuerySet[Applicant, str]:
    """The blind indexes of every applicant's identity (to avoid collisions in bulk)."""
    return Applicant.objects.values_list("id_index", flat=True)


def staff_get_for(*, user: Any, username: str) -> User:
    """One staff member in the caller's scope; out of scope is "not found"."""
    member = staff_list_for(user=user).filter(username=username).first()
    if member is None:
        raise not_found()
    return member


def role_assignment_get(*, member: User, pk: int) -> RoleAssignment:
    assignment = member.role_assignments.filter(pk=pk).first()
    if assignment is None:
        raise not_found()
    return assignment


def staff_member_by_username(*, username: str) -> User | None:
    """An active staff member by user name, unscoped: a ticket may name the staff member it
    is about, and the service desk keeps it from them."""
    return User.objects.filter(
        username=username, kind=User.Kind.STAFF, is_active=True
    ).first()


def staff_holding(
    *, permission: str, organisation_path: str, division_prefix: str
) -> list[User]:
    """Active staff whose role grants ``permission`` over this unit and region (who to
    tell about an object there: a bad-review ticket's unit and supervisors)."""
    roles = [role.value for role in Role if role_grants(role.value, permission)]
    assignments = RoleAssignment.objects.filter(
        role__in=roles, user__is_active=True, user__kind=User.Kind.STAFF
    ).select_related("user", "organisation", "division")
    found: dict[int, User] = {}
    for assignment in assignments.order_by("user__username"):
        grant = assignment.grant()
        if grant is None or Scope(grants=(grant,)).covers(
            organisation_path=organisation_path, division_prefix=division_prefix
        ):
            found.setdefault(assignment.user_id, assignment.user)
    return list(found.values())

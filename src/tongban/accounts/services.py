"""Writes for staff, role assignments, applicants and one-time login codes (the second factor
is in ``second_factor``, other systems in ``client_systems``)."""

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.accounts.domain.assurance import Assurance
from tongban.accounts.domain.roles import Role
from tongban.accounts.models import Applicant, LoginCode, RoleAssignment, User
from tongban.core import crypto
from tongban.core.domain.identifiers import normalise
from tongban.core.domain.masking import mask_identifier
from tongban.core.permissions import Perm, require, require_any
from tongban.core.services import audit_record
from tongban.core.snapshots import changes_between, snapshot
from tongban.core.validators import validate_resident_id, validate_uscc
from tongban.notifications.services import notification_enqueue
from tongban.regions import selectors as region_selectors

USER_FIELDS = (
    "username",
    "full_name",
    "phone",
    "email",
    "kind",
    "organisation",
    "is_active",
)
APPLICANT_FIELDS = (
    "applicant_type",
    "name",
    "id_type",
    "id_masked",
    "phone",
    "email",
    "legal_representative",
    "assurance_level",
    "preferred_language",
)


def _assignment_scope(organisation: Any, division: Any) -> dict[str, str]:
    return {
        "organisation_path": organisation.path if organisation else "",
        "division_prefix": division.prefix if division else "",
    }


@transaction.atomic
def staff_create(
    *,
    actor: Any,
    username: str,
    full_name: str,
    password: str,
    phone: str = "",
    email: str = "",
    organisation: Any = None,
    roles: Sequence[tuple[str, Any, Any]] = (),
    preferred_language: str = settings.LANGUAGE_CODE,
) -> User:
    """Create a staff login with its role assignments ``(role, organisation, division)``."""
    require_any(actor, Perm.STAFF_MANAGE)
    if organisation is not None:
        require(
            actor,
            Perm.STAFF_MANAGE,
            **_assignment_scope(organisation, organisation.division),
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": ValidationError(_("This user name is taken."), code="unique")}
        )
    user = User(
        username=username,
        full_name=full_name,
        phone=phone,
        email=email,
        kind=User.Kind.STAFF,
        organisation=organisation,
        preferred_language=preferred_language,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from error
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(
        actor=actor,
        action="staff.create",
        instance=user,
        changes=changes_between({}, snapshot(user, USER_FIELDS)),
        **_assignment_scope(
            organisation, organisation.division if organisation else None
        ),
    )
    for role, role_org, role_division in roles:
        role_assign(
            actor=actor,
            user=user,
            role=role,
            organisation=role_org,
            division=role_division,
        )
    return user


@transaction.atomic
def role_assign(
    *, actor: Any, user: User, role: str, organisation: Any = None, division: Any = None
) -> RoleAssignment:
    try:
        Role(role)
    except ValueError as error:
        raise ValidationError(
            {"role": ValidationError(_("Unknown role."), code="invalid_role")}
        ) from error
    if role != Role.PLATFORM_ADMIN and organisation is None and division is None:
        raise ValidationError(
            {
                "role": ValidationError(
                    _("This role must be limited to an organisation or a region."),
                    code="scope_required",
                )
            }
        )
    # An organisation-only role lies in the organisation's own region (as in
    # staff_create), so an administrator limited to a region can grant it there.
    scope = _assignment_scope(
        organisation, division or (organisation.division if organisation else None)
    )
    require(actor, Perm.STAFF_MANAGE, **scope)
    assignment = RoleAssignment(
        user=user, role=role, organisation=organisation, division=division
    )
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as error:
        raise ValidationError(
            {
                "role": ValidationError(
                    _("This role is already assigned here."), code="unique"
                )
            }
        ) from error
    user.__dict__.pop("_role_cache", None)
    audit_record(
        actor=actor,
        action="staff.assign_role",
        instance=user,
        changes={"role": [None, str(assignment)]},
        **scope,
    )
    return assignment


def _validated_identity(applicant_type: str, id_type: str, id_number: str) -> str:
    number = normalise(id_number)
    try:
        if applicant_type == Applicant.Type.ORGANISATION:
            if id_type != Applicant.IdType.USCC:
                raise ValidationError(
                    _(
                        "An organisation is identified by its unified social credit code."
                    ),
                    code="id_type_mismatch",
                )
            validate_uscc(number)
        elif id_type == Applicant.IdType.RESIDENT_ID:
            validate_resident_id(
                number, division_known=region_selectors.division_exists
            )
        elif id_type == Applicant.IdType.USCC:
            raise ValidationError(
                _("A natural person cannot be identified by a credit code."),
                code="id_type_mismatch",
            )
        elif not 5 <= len(number) <= 20 or not number.isalnum():
            raise ValidationError(
                _("Enter the document number as printed, 5–20 letters and digits."),
                code="id_number_format",
            )
    except ValidationError as error:
        raise ValidationError({"id_number": error.error_list}) from error
    return number


def applicant_find_by_identity(*, id_type: str, id_number: str) -> Applicant | None:
    index = crypto.blind_index(f"{id_type}:{normalise(id_number)}")
    return Applicant.objects.filter(id_type=id_type, id_index=index).first()


def _asker_area(actor: Any, scope: Any) -> dict[str, str]:
    """Where an audit row about the asker belongs: their organisation, else their grant."""
    home = getattr(actor, "organisation", None)
    grant = scope.grants[0] if scope.grants else None
    return {
        "organisation_path": home.path
        if home
        else (grant and grant.organisation_path) or "",
        "division_prefix": (grant and grant.division_prefix) or "",
    }


@transaction.atomic
def applicant_lookup(
    *, actor: Any, id_type: str, id_number: str, purpose: str
) -> Applicant | None:
    """Find an applicant by ID number for a staff member who takes in applications.

    Only ``applicant.lookup`` (counter clerks) may, and only with a purpose; each lookup,
    found or not, is audited with who asked, the number asked (masked) and why, in the
    asker's own area so their supervisor sees it.
    """
    scope = require_any(actor, Perm.APPLICANT_LOOKUP)
    purpose = purpose.strip()
    if not purpose:
        raise ValidationError(
            {
                "purpose": ValidationError(
                    _("Say why you look this applicant up."), "required"
                )
            }
        )
    found = applicant_find_by_identity(id_type=id_type, id_number=id_number)
    audit_record(
        actor=actor,
        action="applicant.lookup",
        instance=found,
        object_type="accounts.applicant",
        object_repr=mask_identifier(normalise(id_number)),
        changes={"purpose": [None, purpose[:200]], "found": [None, found is not None]},
        **_asker_area(actor, scope),
    )
    return found


@transaction.atomic
def applicant_register(
    *,
    actor: Any,
    applicant_type: str,
    name: str,
    id_type: str,
    id_number: str,
    phone: str = "",
    email: str = "",
    legal_representative: str = "",
    address: str = "",
    assurance_level: int = Assurance.L1_BASIC,
    preferred_language: str = settings.LANGUAGE_CODE,
    password: str | None = None,
) -> Applicant:
    """Register an applicant (online by themselves, or at a counter by a clerk).

    With ``password`` a login is created too; the login name is the phone number.
    """
    if actor is not None and getattr(actor, "is_staff_member", False):
        require_any(actor, Perm.APPLICANT_MANAGE)
    number = _validated_identity(applicant_type, id_type, id_number)
    if applicant_find_by_identity(id_type=id_type, id_number=number):
        raise ValidationError(
            {
                "id_number": ValidationError(
                    _("An applicant with this ID number is already registered."),
                    code="unique",
                )
            }
        )
    applicant = Applicant(
        applicant_type=applicant_type,
        name=name.strip(),
        id_type=id_type,
        phone=phone,
        email=email,
        legal_representative=legal_representative,
        address=address,
        assurance_level=assurance_level,
        preferred_language=preferred_language,
    )
    applicant.set_id_number(number)
    if password is not None:
        applicant.user = _applicant_user(
            name=name,
            phone=phone,
            email=email,
            password=password,
            preferred_language=preferred_language,
        )
    applicant.full_clean(exclude=["id_number_encrypted", "id_index", "id_masked"])
    applicant.save()
    audit_record(
        actor=actor or applicant.user,
        action="applicant.register",
        instance=applicant,
        changes=changes_between({}, snapshot(applicant, APPLICANT_FIELDS)),
    )
    return applicant


def _applicant_user(
    *, name: str, phone: str, email: str, password: str, preferred_language: str
) -> User:
    if not phone:
        raise ValidationError(
            {
                "phone": ValidationError(
                    _("A mobile phone number is needed to log in."), code="required"
                )
            }
        )
    if User.objects.filter(username=phone).exists():
        raise ValidationError(
            {
                "phone": ValidationError(
                    _("This phone number already has an account; log in instead."),
                    code="unique",
                )
            }
        )
    user = User(
        username=phone,
        phone=phone,
        email=email,
        full_name=name,
        kind=User.Kind.APPLICANT,
        preferred_language=preferred_language,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from error
    user.set_password(password)
    user.save()
    return user


# --- one-time login codes --------------------------------------------------------------------

CODE_RESEND_SECONDS = 60


def _code_hash(code: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256
    ).hexdigest()


@transaction.atomic
def login_code_issue(*, phone: str) -> None:
    """Send a 6-digit code to an applicant's phone through the outbox.

    Says nothing about whether the number is registered (the caller shows the same message
    either way), and sends at most one code a minute per account.
    """
    user = User.objects.filter(
        phone=phone, kind=User.Kind.APPLICANT, is_active=True
    ).first()
    if user is None:
        return
    recent = timezone.now() - timedelta(seconds=CODE_RESEND_SECONDS)
    if LoginCode.objects.filter(user=user, created_at__gte=recent).exists():
        return
    code = f"{secrets.randbelow(10**6):06d}"
    ttl = settings.LOGIN_CODE_TTL_SECONDS
    LoginCode.objects.create(
        user=user,
        code_hash=_code_hash(code),
        expires_at=timezone.now() + timedelta(seconds=ttl),
    )
    notification_enqueue(
        channel="sms",
        recipient=phone,
        template="login_code",
        language=user.preferred_language,
        context={"code": code, "minutes": ttl // 60},
    )


def login_code_verify(*, phone: str, code: str) -> User:
    """The applicant whose latest unused, unexpired code matches; ``ValidationError`` otherwise.
    Each code allows ``LOGIN_CODE_MAX_ATTEMPTS`` tries, so guessing six digits is hopeless."""
    invalid = ValidationError(
        {
            "code": ValidationError(
                _("The code is wrong or has expired. Request a new code."),
                code="invalid_code",
            )
        }
    )
    user = User.objects.filter(
        phone=phone, kind=User.Kind.APPLICANT, is_active=True
    ).first()
    if user is None:
        raise invalid
    with transaction.atomic():  # the failed attempt must be counted, so no raise inside
        login_code = (
            LoginCode.objects.select_for_update()
            .filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now())
            .order_by("-created_at")
            .first()
        )
        matched = False
        if (
            login_code is not None
            and login_code.attempts < settings.LOGIN_CODE_MAX_ATTEMPTS
        ):
            matched = hmac.compare_digest(
                login_code.code_hash, _code_hash(code.strip())
            )
            if matched:
                login_code.used_at = timezone.now()
                login_code.save(update_fields=["used_at"])
            else:
                login_code.attempts += 1
                login_code.save(update_fields=["attempts"])
    if not matched:
        raise invalid
    return user


@transaction.atomic
def role_revoke(*, actor: Any, assignment: RoleAssignment) -> None:
    """Withdraw one role assignment; the actor needs staff management over its scope,
    and nobody withdraws their own roles (an administrator cannot lock the platform
    out by accident, nor hide what they held)."""
    assignment = (
        # of=self: PostgreSQL locks no row of the nullable organisation/division joins
        RoleAssignment.objects.select_for_update(of=("self",))
        .select_related("user", "organisation", "division")
        .get(pk=assignment.pk)
    )
    organisation, division = assignment.organisation, assignment.division
    scope = _assignment_scope(
        organisation, division or (organisation.division if organisation else None)
    )
    require(actor, Perm.STAFF_MANAGE, **scope)
    if assignment.user_id == getattr(actor, "pk", None):
        raise ValidationError(
            {
                "role": ValidationError(
                    _("Another administrator must withdraw your own roles."),
                    code="own_role",
                )
            }
        )
    user = assignment.user
    label = str(assignment)
    assignment.delete()
    user.__dict__.pop("_role_cache", None)
    audit_record(
        actor=actor,
        action="staff.revoke_role",
        instance=user,
        changes={"role": [label, None]},
        **scope,
    )

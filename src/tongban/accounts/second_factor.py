"""Second factor of supervisors and platform administrators: enrolment codes, the TOTP
device, recovery codes and the reset by another administrator.

A password alone never reaches the TOTP secret. Enrolment needs a one-time **enrolment
code** that an administrator issues (workbench, or ``tongban second_factor enrol-code``) and
hands over on a second channel; it is shown once, stored as a keyed hash, expires after
``SECOND_FACTOR_ENROLMENT_HOURS`` and allows ``SECOND_FACTOR_ENROLMENT_TRIES`` wrong tries.
Only after it is entered is a fresh TOTP key made and shown. Confirming the device issues ten
**recovery codes** (django-otp's static device; the token column holds a keyed hash, not the
code), each good for one login. A lost device is **reset** by another administrator: with
a reason, audited, never by oneself. Kept beside ``services.py``, which is already long.
"""

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tongban.accounts.models import EnrolmentCode, User
from tongban.core.permissions import Perm, require, require_any
from tongban.core.services import audit_record

RECOVERY_CODES = 10
_ALPHABET = (
    "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud, typed by hand
)


def _keyed(purpose: str, value: str) -> str:
    key = hashlib.sha256(f"second-factor:{purpose}:{settings.SECRET_KEY}".encode())
    return hmac.new(key.digest(), value.encode(), hashlib.sha256).hexdigest()


def _random_code(length: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def normalise_code(value: str) -> str:
    return "".join(ch for ch in value.lower() if ch.isalnum())


def _group(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def is_enrolled(*, user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _require_manager(actor: Any, user: User) -> None:
    require_any(actor, Perm.STAFF_MANAGE)
    organisation = user.organisation
    require(
        actor,
        Perm.STAFF_MANAGE,
        organisation_path=organisation.path if organisation else "",
        division_prefix=organisation.division.prefix if organisation else "",
    )


def _refuse(field: str, message: Any, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


@transaction.atomic
def second_factor_enrolment_issue(*, actor: Any, user: User) -> str:
    """A new enrolment code for ``user`` (returned once; earlier unused codes end)."""
    _require_manager(actor, user)
    if not user.is_active or not user.requires_second_factor:
        raise _refuse(
            "user",
            _("This account does not use a second factor."),
            "no_second_factor",
        )
    if is_enrolled(user=user):
        raise _refuse(
            "user",
            _("This account already has a second factor; reset it first."),
            "already_enrolled",
        )
    now = timezone.now()
    EnrolmentCode.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
    code = _random_code(12)
    EnrolmentCode.objects.create(
        user=user,
        code_hash=_keyed("enrolment", code),
        created_at=now,
        expires_at=now + timedelta(hours=settings.SECOND_FACTOR_ENROLMENT_HOURS),
    )
    audit_record(
        actor=actor,
        action="staff.second_factor_enrolment_issue",
        instance=user,
        changes={"enrolment_code": [None, "issued"]},
    )
    return _group(code)


def second_factor_enrolment_redeem(*, user: User, code: str) -> bool:
    """Spend ``user``'s live enrolment code if ``code`` matches it; a wrong try counts."""
    with transaction.atomic():  # the failed try must be counted, so no raise inside
        live = (
            EnrolmentCode.objects.select_for_update()
            .filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now())
            .order_by("-created_at")
            .first()
        )
        if live is None or live.attempts >= settings.SECOND_FACTOR_ENROLMENT_TRIES:
            return False
        if not hmac.compare_digest(
            live.code_hash, _keyed("enrolment", normalise_code(code))
        ):
            live.attempts += 1
            live.save(update_fields=["attempts"])
            return False
        live.used_at = timezone.now()
        live.save(update_fields=["used_at"])
        # A fresh key, made only now: whatever secret anyone saw before is worthless.
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        TOTPDevice.objects.create(user=user, name="Tongban", confirmed=False)
        audit_record(
            actor=user,
            action="staff.second_factor_enrolment_redeem",
            instance=user,
            changes={"enrolment_code": ["issued", "used"]},
        )
    return True


def pending_device(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


@transaction.atomic
def second_factor_confirm(*, user: User, token: str) -> list[str] | None:
    """Confirm the pending TOTP device with a code from it; the new recovery codes
    (shown once) on success, ``None`` when the code is wrong."""
    device = pending_device(user=user)
    if device is None or not device.verify_token(token.strip()):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_replace(user=user)
    audit_record(
        actor=user,
        action="staff.enrol_totp",
        instance=user,
        changes={"totp": [False, True], "recovery_codes": [None, len(codes)]},
    )
    return codes


def recovery_codes_replace(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [_random_code(10) for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=_keyed("recovery", code)[:16])
        for code in codes
    )
    return [_group(code) for code in codes]


@transaction.atomic
def second_factor_verify(*, user: User, token: str) -> TOTPDevice | StaticDevice | None:
    """The device that accepts ``token``: a 6-digit TOTP code, or a recovery code (spent)."""
    value = token.strip()
    if value.isdigit() and len(value) == 6:
        totp = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        return totp if totp is not None and totp.verify_token(value) else None
    static = StaticDevice.objects.filter(user=user, confirmed=True).first()
    digest = _keyed("recovery", normalise_code(value))[:16]
    if static is None or not static.verify_token(digest):
        return None
    audit_record(
        actor=user,
        action="staff.recovery_code_use",
        instance=user,
        changes={"recovery_codes_left": [None, static.token_set.count()]},
    )
    return static


@transaction.atomic
def second_factor_reset(*, actor: Any, user: User, reason: str) -> None:
    """Remove ``user``'s TOTP device and recovery codes so they enrol again; by another
    administrator only, with a reason."""
    _require_manager(actor, user)
    if getattr(actor, "pk", None) == user.pk:
        raise _refuse(
            "user",
            _("Another administrator must reset your second factor."),
            "not_yourself",
        )
    if not reason.strip():
        raise _refuse("reason", _("Say why the second factor is reset."), "required")
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    StaticDevice.objects.filter(user=user).delete()
    EnrolmentCode.objects.filter(user=user, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action="staff.second_factor_reset",
        instance=user,
        changes={"totp": [bool(removed), False], "reason": [None, reason.strip()]},
    )


def second_factor_enrolment_issue_unenrolled(
    *, actor: Any, usernames: Sequence[str]
) -> list[tuple[str, str]]:
    """``(username, enrolment code)`` for each of these accounts that needs a second factor
    and has not enrolled one yet (used for the demo logins)."""
    users = User.objects.filter(
        username__in=usernames, kind=User.Kind.STAFF, is_active=True
    ).order_by("username")
    return [
        (user.username, second_factor_enrolment_issue(actor=actor, user=user))
        for user in users
        if user.requires_second_factor and not is_enrolled(user=user)
    ]

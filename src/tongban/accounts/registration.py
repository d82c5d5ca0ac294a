"""Online self-registration of a natural person, in two steps: the phone is proven by an SMS
code before the account exists, then name, ID number and password are given with the code.

No answer tells the requester whether a phone or an ID number is already registered:

- asking for a code answers the same for every phone; a phone that already has an account
  gets an SMS saying so instead of a code, so only its owner learns it;
- an ID number that already has an account is refused with the same words as any other
  detail that cannot be registered online, and the phone registered on that account is told
  by SMS. The requester must have proven a phone first, and both steps are throttled.

Codes live in the cache (Redis in production) with their expiry and a count of wrong tries:
the account they lead to does not exist yet, so there is no row to hang them on.

Limits: real-name assurance stays L1 (name and ID number as typed; no check against the
public-security database). Whoever holds a phone learns, once per attempt, that an ID number
cannot be registered online; that is the remaining disclosure.
"""

import hashlib
import hmac
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tongban.accounts.models import Applicant, User
from tongban.accounts.services import applicant_find_by_identity, applicant_register
from tongban.notifications.services import notification_enqueue

REFUSED = _(
    "These details cannot be registered online. If you already have an account, log in "
    "with it (a code by SMS works too); otherwise register at a service counter with your "
    "ID card."
)


class RegistrationRefused(Exception):
    """The details cannot be registered; the message says no more than ``REFUSED``."""


def _digest(text: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"registration:{text}".encode(), hashlib.sha256
    ).hexdigest()


def _key(phone: str) -> str:
    return f"tongban:registration:code:{_digest(phone)[:32]}"


def _phone_taken(phone: str) -> bool:
    return User.objects.filter(username=phone).exists() or (
        User.objects.filter(phone=phone, kind=User.Kind.APPLICANT).exists()
    )


@transaction.atomic
def registration_code_issue(*, phone: str, language: str) -> None:
    """A code to ``phone``, or, when it already has an account, an SMS saying so."""
    if _phone_taken(phone):
        notification_enqueue(
            channel="sms",
            recipient=phone,
            template="registration_phone_taken",
            language=language,
            context={},
        )
        return
    code = f"{secrets.randbelow(10**6):06d}"
    ttl = settings.LOGIN_CODE_TTL_SECONDS
    entry = {"hash": _digest(code), "tries": 0, "expires": time.time() + ttl}
    cache.set(_key(phone), entry, timeout=ttl)
    notification_enqueue(
        channel="sms",
        recipient=phone,
        template="registration_code",
        language=language,
        context={"code": code, "minutes": ttl // 60},
    )


def registration_code_check(*, phone: str, code: str) -> bool:
    """Whether ``code`` is the phone's current code; a wrong one uses up one of its
    ``LOGIN_CODE_MAX_ATTEMPTS`` tries. A right one stays valid until the account exists."""
    entry = cache.get(_key(phone))
    if not entry or entry["tries"] >= settings.LOGIN_CODE_MAX_ATTEMPTS:
        return False
    if hmac.compare_digest(entry["hash"], _digest(code.strip())):
        return True
    entry["tries"] += 1
    remaining = int(entry["expires"] - time.time())
    if remaining > 0:
        cache.set(_key(phone), entry, timeout=remaining)
    return False


def applicant_self_register(
    *, name: str, id_number: str, phone: str, password: str, language: str
) -> Applicant:
    """The applicant and their login, for a phone whose code was checked; raises
    ``RegistrationRefused`` when the ID number or phone already has an account."""
    existing = applicant_find_by_identity(id_type="111", id_number=id_number)
    if existing is not None:
        if existing.phone:
            with transaction.atomic():
                notification_enqueue(
                    channel="sms",
                    recipient=existing.phone,
                    template="registration_id_taken",
                    language=existing.preferred_language,
                    context={},
                )
        raise RegistrationRefused
    try:
        applicant = applicant_register(
            actor=None,
            applicant_type="person",
            name=name,
            id_type="111",
            id_number=id_number,
            phone=phone,
            password=password,
            preferred_language=language,
        )
    except ValidationError as error:
        if any(
            e.code == "unique"
            for errors in getattr(error, "error_dict", {}).values()
            for e in errors
        ):
            raise RegistrationRefused from error
        raise
    cache.delete(_key(phone))
    return applicant

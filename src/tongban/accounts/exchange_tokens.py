"""Writes and reads for the API tokens of other systems (``exchange_client`` accounts), and
the DRF authentication that accepts them on the exchange API only.

A key is shown once, when issued; the database keeps its SHA-256 and its first eight
characters (the prefix people use to name it). Issuing a new key rotates: the account's
other live keys stay valid for ``EXCHANGE_TOKEN_OVERLAP_HOURS`` (the other system switches
in that window) or end at once with ``overlap=False``. Kept beside ``services.py``, which
the account pages share and which is already long.
"""

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from tongban.accounts.domain.roles import Role
from tongban.accounts.models import ExchangeToken, User
from tongban.core.services import audit_record

PREFIX_LENGTH = 8
KEYWORDS = (b"token", b"bearer")
# A used token records when, at most this often, so polling does not write every request.
LAST_USED_RESOLUTION = timedelta(minutes=5)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _live(now: datetime) -> Q:
    return Q(revoked_at__isnull=True, expires_at__gt=now)


def _require_exchange_client(user: User) -> None:
    if not user.is_active or Role.EXCHANGE_CLIENT not in user.roles:
        raise ValidationError(
            {
                "user": ValidationError(
                    _("Only an active exchange client account holds API tokens."),
                    code="not_exchange_client",
                )
            }
        )


@transaction.atomic
def exchange_token_issue(
    *, actor: Any, user: User, overlap: bool = True, days: int | None = None
) -> str:
    """A new key for ``user`` (returned once); the other live keys end after the overlap
    or, with ``overlap=False``, now."""
    _require_exchange_client(user)
    now = timezone.now()
    ends = now + timedelta(hours=settings.EXCHANGE_TOKEN_OVERLAP_HOURS)
    for old in ExchangeToken.objects.select_for_update().filter(_live(now), user=user):
        if overlap:
            old.expires_at = min(old.expires_at, ends)
            old.save(update_fields=["expires_at"])
        else:
            old.revoked_at = now
            old.save(update_fields=["revoked_at"])
    key = secrets.token_hex(20)
    token = ExchangeToken(
        user=user,
        prefix=key[:PREFIX_LENGTH],
        key_hash=key_hash(key),
        created_at=now,
        expires_at=now + timedelta(days=days or settings.EXCHANGE_TOKEN_TTL_DAYS),
    )
    token.full_clean()
    token.save()
    audit_record(
        actor=actor,
        action="exchange_token.issue",
        instance=user,
        changes={
            "token": [None, token.prefix],
            "expires_at": [None, token.expires_at.isoformat()],
            "previous": ["live", "overlap" if overlap else "revoked"],
        },
    )
    return key


@transaction.atomic
def exchange_token_revoke(*, actor: Any, user: User, prefix: str = "") -> int:
    """Revoke the live keys of ``user`` starting with ``prefix`` (all with ``""``)."""
    now = timezone.now()
    tokens = ExchangeToken.objects.select_for_update().filter(_live(now), user=user)
    if prefix:
        tokens = tokens.filter(prefix=prefix[:PREFIX_LENGTH])
    prefixes = sorted(tokens.values_list("prefix", flat=True))
    tokens.update(revoked_at=now)
    if prefixes:
        audit_record(
            actor=actor,
            action="exchange_token.revoke",
            instance=user,
            changes={"tokens": [prefixes, None]},
        )
    return len(prefixes)


def exchange_token_list(*, user: User) -> QuerySet[ExchangeToken]:
    return ExchangeToken.objects.filter(user=user).order_by("-created_at")


def exchange_token_user(*, key: str) -> tuple[User, ExchangeToken] | None:
    """The exchange client a live key belongs to, or ``None``."""
    now = timezone.now()
    token = (
        ExchangeToken.objects.filter(_live(now), key_hash=key_hash(key))
        .select_related("user")
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if Role.EXCHANGE_CLIENT not in token.user.roles:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ExchangeToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, token


class ExchangeTokenAuthentication(BaseAuthentication):
    """``Authorization: Token <key>`` (or ``Bearer <key>``) on the exchange API."""

    def authenticate(self, request: Request) -> tuple[User, ExchangeToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("Malformed token header."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise AuthenticationFailed(_("Invalid or expired token.")) from error
        found = exchange_token_user(key=key)
        if found is None:
            raise AuthenticationFailed(_("Invalid or expired token."))
        return found

    def authenticate_header(self, request: Request) -> str:
        return "Token"


class ExchangeTokenScheme(OpenApiAuthenticationExtension):
    """Names the token scheme in the OpenAPI file (drf-spectacular finds it by class)."""

    target_class = ExchangeTokenAuthentication
    name = "exchangeToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                'An exchange client\'s token with the prefix "Token " (or "Bearer "); '
                "issued by `tongban exchange_token`, expiring, revocable."
            ),
        }

"""Other systems (department business systems, the provincial platform) as OAuth2 clients
with the client-credentials grant (django-oauth-toolkit): ``POST /oauth/token`` with the
client id and secret gives a bearer token for the exchange API.

- Secrets are hashed by django-oauth-toolkit (Django's password hasher), shown once when
  issued; access tokens are kept as SHA-256 checksums only
  (``COMPLIANT_BCP_RFC9700_TOKEN_STORAGE``), so the database holds no usable credential.
- Scopes per API: a client system may ask only for the scopes it was granted
  (``ClientSystem.scopes``, a subset of ``OAUTH2_PROVIDER["SCOPES"]``); each exchange view
  names the scope it needs. Region: every client system acts as its ``exchange_client``
  account, whose role assignment limits it to a region (or organisation) subtree, and
  every exchange selector filters by that scope in SQL, as for staff.
- Rate limit per client: ``ClientSystemThrottle`` counts requests per client id against
  ``ClientSystem.rate_per_minute`` in the shared cache (Redis in production).

This replaces the exchange tokens (hashed API keys) that came before: a client-credentials
token expires within the hour and a secret can be rotated or the client disabled at once;
the old keys could not be turned into secrets (only their hashes were kept), so each
system is issued client credentials (``tongban client_system``) once.
"""

import secrets
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from oauth2_provider.models import AccessToken, get_application_model
from oauth2_provider.scopes import BaseScopes
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from tongban.accounts.domain.roles import Role
from tongban.accounts.models import ClientSystem, User
from tongban.core.services import audit_record


def _require_exchange_client(user: User) -> None:
    if not user.is_active or Role.EXCHANGE_CLIENT not in user.roles:
        raise ValidationError(
            {
                "user": ValidationError(
                    _("Only an active exchange client account can be a client system."),
                    code="not_exchange_client",
                )
            }
        )


def _check_scopes(scopes: list[str]) -> str:
    known = settings.OAUTH2_PROVIDER["SCOPES"]
    unknown = sorted(set(scopes) - set(known))
    if unknown or not scopes:
        raise ValidationError(
            {
                "scopes": ValidationError(
                    _("Unknown scopes: {scopes}.").format(scopes=", ".join(unknown)),
                    code="unknown_scope",
                )
            }
        )
    return " ".join(sorted(set(scopes)))


@transaction.atomic
def client_system_create(
    *,
    actor: Any,
    user: User,
    name: str,
    scopes: list[str],
    rate_per_minute: int = 600,
) -> tuple[ClientSystem, str]:
    """A client system acting as ``user``; returns it and its secret (shown once)."""
    _require_exchange_client(user)
    allowed = _check_scopes(scopes)
    secret = secrets.token_urlsafe(32)
    application = get_application_model()(
        name=name,
        user=user,
        client_type="confidential",
        authorization_grant_type="client-credentials",
        client_secret=secret,  # hashed by the model's save()
        hash_client_secret=True,
    )
    application.full_clean()
    application.save()
    system = ClientSystem(
        application=application,
        scopes=allowed,
        rate_per_minute=rate_per_minute,
    )
    system.full_clean()
    system.save()
    audit_record(
        actor=actor,
        action="client_system.create",
        instance=user,
        changes={
            "client_id": [None, application.client_id],
            "scopes": [None, allowed],
            "rate_per_minute": [None, rate_per_minute],
        },
    )
    return system, secret


@transaction.atomic
def client_secret_rotate(*, actor: Any, system: ClientSystem) -> str:
    """A new secret; the old one stops at once, tokens already issued run out (≤ 1 hour)."""
    secret = secrets.token_urlsafe(32)
    application = system.application
    application.client_secret = secret
    application.save()
    audit_record(
        actor=actor,
        action="client_system.rotate_secret",
        instance=application.user,
        changes={"client_id": [application.client_id, application.client_id]},
    )
    return secret


@transaction.atomic
def client_system_disable(*, actor: Any, system: ClientSystem) -> None:
    """Disable a client system and end its tokens now; its secret is replaced by one
    nobody knows, so the token endpoint refuses it too."""
    system.disabled_at = timezone.now()
    system.save(update_fields=["disabled_at"])
    system.application.client_secret = secrets.token_urlsafe(32)
    system.application.save()
    AccessToken.objects.filter(application=system.application).delete()
    audit_record(
        actor=actor,
        action="client_system.disable",
        instance=system.application.user,
        changes={"client_id": [system.application.client_id, None]},
    )


class ClientSystemScopes(BaseScopes):
    """django-oauth-toolkit's scopes backend: a client may ask for what it was granted."""

    def get_all_scopes(self) -> dict[str, str]:
        return dict(settings.OAUTH2_PROVIDER["SCOPES"])

    def get_available_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        system = ClientSystem.objects.filter(
            application=application, disabled_at__isnull=True
        ).first()
        return system.scopes.split() if system else []

    def get_default_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        return self.get_available_scopes(application, request)


class ClientSystemAuthentication(OAuth2Authentication):
    """A bearer token of an enabled client system; ``request.user`` is its exchange
    account (whose role scopes it to a region), ``request.auth`` the access token."""

    def authenticate(self, request: Request) -> tuple[User, AccessToken] | None:
        found = super().authenticate(request)
        if found is None:
            return None
        token = found[1]
        application = token.application
        system = ClientSystem.objects.filter(
            application=application, disabled_at__isnull=True
        ).first()
        user = application.user if application else None
        if system is None or user is None or not user.is_active:
            raise AuthenticationFailed(_("Invalid or expired token."))
        if Role.EXCHANGE_CLIENT not in user.roles:
            raise AuthenticationFailed(_("Invalid or expired token."))
        request.client_system = system  # type: ignore[attr-defined]  # for the throttle
        return user, token


class TokenScope(BasePermission):
    """The view's ``required_scope`` must be among the token's scopes."""

    message = _("This client system was not granted the scope this API needs.")

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        scope = getattr(view, "required_scope", None)
        return bool(
            scope and isinstance(token, AccessToken) and token.allow_scopes([scope])
        )


class ClientSystemThrottle(SimpleRateThrottle):
    """Requests per minute per client system, from its own ``rate_per_minute``."""

    cache = cache
    scope = "client_system"

    def allow_request(self, request: Request, view: Any) -> bool:
        system = getattr(request, "client_system", None)
        if system is None:
            return True
        self.rate = f"{system.rate_per_minute}/minute"
        self.num_requests, self.duration = system.rate_per_minute, 60
        self.key = f"throttle_client_system_{system.application.client_id}"
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - 60:
            self.history.pop()
        if len(self.history) >= system.rate_per_minute:
            return self.throttle_failure()
        return self.throttle_success()

    def get_rate(self) -> str:
        return "600/minute"  # replaced per client in allow_request


class ClientCredentialsScheme(OpenApiAuthenticationExtension):
    """Names the scheme in the OpenAPI file (drf-spectacular finds it by class)."""

    target_class = ClientSystemAuthentication
    name = "clientCredentials"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "oauth2",
            "flows": {
                "clientCredentials": {
                    "tokenUrl": "/oauth/token/",
                    "scopes": dict(settings.OAUTH2_PROVIDER["SCOPES"]),
                }
            },
        }


def client_systems_enabled() -> Any:
    """The enabled client systems with their OAuth2 applications, by name."""
    return (
        ClientSystem.objects.filter(disabled_at__isnull=True)
        .select_related("application")
        .order_by("application__name")
    )

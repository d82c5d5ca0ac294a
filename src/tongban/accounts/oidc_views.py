"""Applicant login and logout through the unified identity provider (OpenID Connect
authorization code flow with PKCE and a nonce), on authlib's Django client.

authlib rather than mozilla-django-oidc: it validates the ID token (signature from the
provider's JWKS, issuer, audience, expiry, nonce) and does RP-initiated logout, and the same
library is the server of the reference provider, so both ends share one JOSE stack.

Every failure (the provider unreachable, a refused or forged callback, claims that vouch for
nothing) ends on the login page with words saying what happened; local login stays there.
"""

import logging
from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.contrib import auth
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from joserfc.errors import JoseError

from tongban.accounts.domain.realname import ClaimsRefused, identity_from_claims
from tongban.accounts.federation import applicant_sign_in_federated
from tongban.accounts.forms import PasswordLoginForm, PhoneForm

logger = logging.getLogger(__name__)
BACKEND = "tongban.accounts.backends.PeopleBackend"
ID_TOKEN_KEY = "tongban_oidc_id_token"  # noqa: S105 - a session key, for id_token_hint
NEXT_KEY = "tongban_oidc_next"
_clients: dict[tuple[str, str, str], Any] = {}

REFUSALS = {
    "unknown_level": lambda: _(
        "The unified identity service did not say how your identity was verified, so "
        "Tongban cannot accept this login. Log in with a password or an SMS code, or ask "
        "a service counter."
    ),
    "no_subject": lambda: _("The unified identity service sent an incomplete answer."),
    "no_organisation": lambda: _(
        "The unified identity service sent no organisation for this legal-person login."
    ),
    "no_identity_document": lambda: _(
        "The unified identity service sent no verified identity document."
    ),
}


def enabled() -> bool:
    return bool(settings.OIDC_ISSUER)


def client() -> Any:
    """authlib's client for the configured provider (metadata fetched once per issuer)."""
    key = (settings.OIDC_ISSUER, settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET)
    if key not in _clients:
        registry = OAuth()
        _clients[key] = registry.register(
            name="unified",
            client_id=settings.OIDC_CLIENT_ID,
            client_secret=settings.OIDC_CLIENT_SECRET,
            server_metadata_url=settings.OIDC_ISSUER
            + "/.well-known/openid-configuration",
            client_kwargs={
                "scope": settings.OIDC_SCOPE,
                "code_challenge_method": "S256",
                "default_timeout": settings.OIDC_TIMEOUT_SECONDS,
            },
        )
    return _clients[key]


def _refused(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    context = {
        "form": PasswordLoginForm(),
        "code_form": PhoneForm(),
        "lockout": message,
        "unified_login": enabled(),
    }
    return render(request, "accounts/applicant_login.html", context, status=status)


def _unavailable(request: HttpRequest) -> HttpResponse:
    return _refused(
        request,
        _(
            "The unified identity service cannot be reached just now. Try again later, "
            "or log in with a password or an SMS code."
        ),
        status=503,
    )


@require_GET
def unified_login(request: HttpRequest) -> HttpResponse:
    if not enabled():
        raise Http404
    from tongban.accounts.views import safe_next

    request.session[NEXT_KEY] = safe_next(request)
    callback = request.build_absolute_uri(reverse("accounts:unified-callback"))
    try:
        response: HttpResponse = client().authorize_redirect(request, callback)
    except (requests.RequestException, AuthlibBaseError, ValueError):
        logger.warning("unified identity provider metadata unavailable", exc_info=True)
        return _unavailable(request)
    return response


@require_GET
def unified_callback(request: HttpRequest) -> HttpResponse:
    if not enabled():
        raise Http404
    try:
        token = client().authorize_access_token(request)
    except requests.RequestException:
        logger.warning("unified identity provider unreachable", exc_info=True)
        return _unavailable(request)
    except (AuthlibBaseError, JoseError, ValueError, KeyError, TypeError):
        logger.info("unified identity callback refused", exc_info=True)
        return _refused(
            request,
            _("The login through the unified identity service failed. Try again."),
        )
    claims = token.get("userinfo")
    if not claims:
        return _refused(
            request,
            _("The login through the unified identity service failed. Try again."),
        )
    try:
        identity = identity_from_claims(claims, settings.OIDC_ACR_LEVELS)
        user = applicant_sign_in_federated(
            issuer=settings.OIDC_ISSUER, identity=identity
        )
    except ClaimsRefused as refusal:
        return _refused(request, REFUSALS[refusal.code]())
    except ValidationError as error:
        return _refused(request, " ".join(error.messages))
    target = request.session.pop(NEXT_KEY, "")
    auth.login(request, user, backend=BACKEND)
    request.session[ID_TOKEN_KEY] = token.get("id_token", "")
    return HttpResponseRedirect(target or reverse("accounts:applicant-home"))


def provider_logout(request: HttpRequest, id_token: str) -> HttpResponse | None:
    """After the local logout: the redirect that ends the provider's session too, or
    ``None`` when there is none to end (no provider, or it cannot be reached)."""
    if not enabled() or not id_token:
        return None
    home = request.build_absolute_uri(reverse("home"))
    try:
        response: HttpResponse = client().logout_redirect(
            request, post_logout_redirect_uri=home, id_token_hint=id_token
        )
    except (requests.RequestException, AuthlibBaseError, ValueError, RuntimeError):
        logger.warning("unified identity provider logout unavailable", exc_info=True)
        return None
    return response

"""Request id and client IP for every request, echoed in ``X-Request-ID``; the language
of the portal's pages (``PortalLocaleMiddleware``).

A caller-supplied ``X-Request-ID`` is kept when it looks like an id (so a department system can
correlate), otherwise a fresh one is made; the IP is ``core.client_address``'s (``REMOTE_ADDR``
or the address the trusted proxies saw, ``NUM_PROXIES``; see docs/OPERATIONS.md).
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import get_supported_language_variant

from tongban.core.client_address import client_address
from tongban.core.context import request_context

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_API_PREFIX = "/api/"


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        supplied = request.headers.get("X-Request-ID", "")
        request_id = supplied if _SAFE_ID.match(supplied) else None
        with request_context(
            request_id=request_id, ip=client_address(request) or None, channel="web"
        ) as ctx:
            request.request_id = ctx.request_id  # type: ignore[attr-defined]  # for templates and views
            response = self.get_response(request)
            response["X-Request-ID"] = ctx.request_id
            return response


class PortalLocaleMiddleware(LocaleMiddleware):
    """Pages speak zh-hans unless the visitor chose a language with the switcher (its
    cookie); the browser's Accept-Language is not taken as a choice, because a phone set
    to English in Lhasa is not a request for English pages. The API keeps Django's
    negotiation: clients ask for the language of problem texts with Accept-Language.
    See docs/decisions/0002-language-and-error-pages.md."""

    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith(_API_PREFIX):
            super().process_request(request)
            return
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        try:
            language = get_supported_language_variant(chosen) if chosen else ""
        except LookupError:
            language = ""
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

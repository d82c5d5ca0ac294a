"""Request id and client IP for every request, echoed in ``X-Request-ID``; the language
of the portal's pages (``PortalLocaleMiddleware``); the guard that refuses oversized bodies
and NUL characters before any view reads them.

A caller-supplied ``X-Request-ID`` is kept when it looks like an id (so a department system can
correlate), otherwise a fresh one is made; the IP is ``core.client_address``'s (``REMOTE_ADDR``
or the address the trusted proxies saw, ``NUM_PROXIES``; see docs/OPERATIONS.md).
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_supported_language_variant

from tongban.core.api.problems import INPUT_PROBLEMS, problem_response
from tongban.core.client_address import client_address
from tongban.core.context import request_context
from tongban.core.inputs import NUL, has_nul

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

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        """A page's language comes from the cookie alone, so it varies on ``Cookie``
        and not on ``Accept-Language`` (which would split a CDN's copies of one page
        by every browser's language list for nothing)."""
        if request.path_info.startswith(_API_PREFIX):
            return super().process_response(request, response)
        response.headers.setdefault("Content-Language", translation.get_language())
        patch_vary_headers(response, ("Cookie",))
        return response


class RequestGuardMiddleware:
    """Refuse, before any view reads it, input no part of Tongban accepts.

    - A body longer than the limit: 413. Multipart bodies (uploads) may reach
      ``REQUEST_MAX_BYTES``; every other body ``DATA_UPLOAD_MAX_MEMORY_SIZE``, which DRF's
      JSON parser would otherwise not enforce (it reads the stream, not ``request.body``).
    - A NUL character in the path, a query parameter, or a posted page form: 400.

    The API gets problem+json, pages an error page. JSON bodies are checked by the API's
    parser (``core.api.parsers``), multipart fields too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit(request)
        length = _content_length(request)
        if limit is not None and length > limit:
            return refusal(request, status=413, code="too_large")
        try:
            if _nul_in(request):
                return refusal(request, status=400, code="nul_character")
        except SuspiciousOperation:  # too many fields: Django's own limit
            return refusal(request, status=400, code="parse_error")
        return self.get_response(request)


def body_limit(request: HttpRequest) -> int | None:
    if request.content_type == "multipart/form-data":
        return int(settings.REQUEST_MAX_BYTES)
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return None if limit is None else int(limit)


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _nul_in(request: HttpRequest) -> bool:
    if NUL in request.path or has_nul(_pairs(request.GET)):
        return True
    # Page forms only: the API's parsers check their own bodies, and multipart bodies
    # are left to the forms (Django's CharField refuses NUL) so uploads stream once.
    return (
        request.method == "POST"
        and request.content_type == "application/x-www-form-urlencoded"
        and not is_api(request)
        and has_nul(_pairs(request.POST))
    )


def _pairs(query: QueryDict) -> list[str]:
    return [text for key, values in query.lists() for text in (key, *values)]


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def refusal(request: HttpRequest, *, status: int, code: str) -> HttpResponse:
    """The 400/413 answer: problem+json on the API, the error page elsewhere."""
    if is_api(request):
        return problem_response(
            status_code=status,
            code=code,
            detail=INPUT_PROBLEMS[code],
            instance=request.path.replace(NUL, ""),
        )
    return render(
        request, "core/error.html", {"status": status, "code": code}, status=status
    )

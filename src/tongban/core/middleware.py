"""Request id and client IP for every request, echoed in ``X-Request-ID``.

A caller-supplied ``X-Request-ID`` is kept when it looks like an id (so a department system can
correlate), otherwise a fresh one is made; the IP is ``core.client_address``'s (``REMOTE_ADDR``
or the address the trusted proxies saw, ``NUM_PROXIES``; see docs/OPERATIONS.md).
"""

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from tongban.core.client_address import client_address
from tongban.core.context import request_context

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


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

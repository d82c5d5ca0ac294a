"""Rate limits per client (anonymous by address, staff by user), rates read from settings at
call time so a deployment or a test can change them without reloading DRF's class attributes.

The address is ``core.client_address``'s, never the raw ``X-Forwarded-For`` header (DRF's
default without ``NUM_PROXIES`` keys on the whole header, so each new header value started
a fresh count). ``ScopedThrottle`` is the base of the throttles of one use (the progress
query, registration, SMS codes): a rate from ``settings.SCOPED_THROTTLE_RATES`` counted per
address or per any key the caller names (a case number, a phone number).
"""

import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import (
    AnonRateThrottle,
    SimpleRateThrottle,
    UserRateThrottle,
)

from tongban.core.client_address import client_address


class AnonThrottle(AnonRateThrottle):
    def get_rate(self) -> str:
        return str(settings.API_THROTTLE_RATES["anon"])

    def get_ident(self, request: Any) -> str:
        return client_address(request)


class UserThrottle(UserRateThrottle):
    def get_rate(self) -> str:
        return str(settings.API_THROTTLE_RATES["user"])

    def get_ident(self, request: Any) -> str:
        return client_address(request)


class ScopedThrottle(SimpleRateThrottle):
    """A named rate counted per key, for anonymous and logged-in callers alike.

    ``ScopedThrottle("progress_address").allow(request)`` counts the client address;
    ``allow(request, key=number)`` counts a key of the caller's choosing instead.
    """

    cache = cache

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__()

    def get_rate(self) -> str:
        return str(settings.SCOPED_THROTTLE_RATES[str(self.scope)])

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self._ident}

    def allow(self, request: Any, *, key: str | None = None) -> bool:
        # Keys such as phone numbers are hashed: cache keys show up in monitoring.
        self._ident = (
            hashlib.sha256(key.encode()).hexdigest()[:32]
            if key is not None
            else client_address(request)
        )
        return bool(self.allow_request(request, None))  # type: ignore[arg-type]  # DRF reads only META

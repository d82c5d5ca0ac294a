"""The client's address, the one answer every throttle, lockout, audit row and log line uses.

Behind ``NUM_PROXIES`` trusted reverse proxies, each proxy appends the address of its peer to
``X-Forwarded-For``; the client is the entry the outermost trusted proxy appended, counted from
the right. Entries further left were written by the caller and are never believed. With
``NUM_PROXIES = 0`` (the default: Tongban reached directly, or a proxy that sets
``REMOTE_ADDR`` itself) the header is ignored altogether.

Limits: a header with fewer entries than trusted proxies means the request did not pass every
proxy (or a proxy is misconfigured); the peer address is used then. Only
``X-Forwarded-For`` is read, not RFC 7239 ``Forwarded``.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The client's IP address as the trusted proxies saw it ('' when none is known)."""
    peer = request.META.get("REMOTE_ADDR") or ""
    proxies = int(getattr(settings, "NUM_PROXIES", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return peer
    entries = forwarded.split(",")
    if len(entries) < proxies:
        return peer
    return _address(entries[-proxies]) or peer

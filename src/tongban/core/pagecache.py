"""Whole pages kept in the shared cache, with what belongs to one request left out.

A page is rendered for a *variant* of reader — anonymous, signed-in applicant, other
signed-in user — never for a person: the CSRF token is rendered as ``PLACEHOLDER`` and
the CSP nonce is left out (``script-src 'self'`` needs none). When the cached page is
served:

- a page without the placeholder holds nothing of anyone (the anonymous portal page:
  its preference forms need no token, see ``core.views``) and is sent as it is, with
  ``Cache-Control: public`` so a browser or a CDN may keep it;
- a page with the placeholder gets this request's own token in its place (a string
  replacement) and is ``private``.

A request with pending flash messages or a query string is not served from here (its
page shows something of that request alone); the caller renders it as before.
Conditional GET: the ETag names the cached entry (and the session, for a private page),
so a revalidating browser gets a 304 without the page being sent.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag

PLACEHOLDER = "tb-csrf-3f9c0e7a-placeholder"
ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Page:
    """A rendered page as kept in the cache."""

    html: str
    last_modified: int | None = None  # a POSIX timestamp

    @property
    def personal(self) -> bool:
        return PLACEHOLDER in self.html


def variant(request: HttpRequest, *, query: bool = False) -> str | None:
    """Which shell the page shows this reader, or ``None`` when the page must be
    rendered for this request alone: flash messages waiting, or a query string where
    the page's key does not hold it (``query=False``)."""
    if (request.GET and not query) or len(get_messages(request)):
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    return "applicant" if getattr(user, "is_applicant", False) else "signed-in"


def render(request: HttpRequest, template: str, context: dict[str, Any]) -> str:
    """The page as every reader of this variant sees it: placeholder token, no nonce."""
    shared = {**context, "csrf_token": PLACEHOLDER, "csp_nonce": None}
    return render_to_string(template, shared, request=request)


def etag(parts: Iterable[object]) -> str:
    """A strong ETag naming what ``parts`` name (a cache entry's key)."""
    text = ":".join(str(part) for part in parts)
    return quote_etag(hashlib.sha256(text.encode()).hexdigest()[:32])


def etag_for(request: HttpRequest, page: Page, parts: Iterable[object]) -> str:
    """The ETag of a cached page for this reader. A private copy is kept by one browser
    for one session: after a new login (new session, new CSRF secret) the old copy is
    not revalidated."""
    if page.personal:
        return etag([*parts, request.session.session_key or ""])
    return etag(parts)


def respond(
    request: HttpRequest,
    page: Page,
    *,
    etag: str,
    max_age: int,
    content_type: str = "text/html; charset=utf-8",
) -> HttpResponse:
    """The cached page for this request: a 304 when the browser's copy is current."""
    response = get_conditional_response(
        request, etag=etag, last_modified=page.last_modified
    )
    if response is None:
        html = page.html
        if page.personal:
            html = html.replace(PLACEHOLDER, get_token(request))
        response = HttpResponse(html, content_type=content_type)
    return cache_headers(
        response,
        etag=etag,
        last_modified=page.last_modified,
        public=not page.personal,
        max_age=max_age,
    )


def cache_headers(
    response: HttpResponse,
    *,
    etag: str,
    last_modified: int | None,
    public: bool,
    max_age: int,
    vary: tuple[str, ...] = ("Cookie",),
) -> HttpResponse:
    """ETag, Last-Modified, Cache-Control and Vary of a cacheable answer. Pages choose
    their language and text size by cookie, so they vary on ``Cookie``; the API also
    on ``Accept-Language``."""
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = (
        f"public, max-age={max_age}"
        if public
        else "private, max-age=0, must-revalidate"
    )
    patch_vary_headers(response, vary)
    return response

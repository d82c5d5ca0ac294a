"""Kernel pages: health probes, large-text preference, error pages. The portal home page
reads the catalogue and the cases, so it lives with them (cases/views/portal.py)."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from tongban.core import selectors
from tongban.core.context_processors import LARGE_TEXT_COOKIE
from tongban.core.middleware import refusal


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Nothing else is checked on purpose."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers and a task worker beat recently."""
    database = selectors.database_ready()
    worker = database and selectors.worker_alive(
        max_age_seconds=settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS
    )
    ready = database and worker
    body = {
        "status": "ok" if ready else "unavailable",
        "checks": {"database": database, "worker": worker},
    }
    return JsonResponse(body, status=200 if ready else 503)


@csrf_exempt
@require_POST
def large_text(request: HttpRequest) -> HttpResponse:
    """Toggle the large-text mode (适老化) for this browser; works without JavaScript.

    No CSRF token: the answer only sets a display cookie of this browser (no account or
    session state; ``next`` is checked against the host), so a forged post can do no
    more than switch the text size; and without a token the anonymous pages hold
    nothing of their reader and are cached whole (core/pagecache.py)."""
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    enabled = request.COOKIES.get(LARGE_TEXT_COOKIE) == "1"
    response.set_cookie(
        LARGE_TEXT_COOKIE,
        "0" if enabled else "1",
        max_age=365 * 24 * 3600,
        samesite="Lax",
    )
    return response


# Django's language switcher, without a CSRF token for the same reason as ``large_text``:
# it sets the language cookie of this browser and nothing else.
set_language = csrf_exempt(i18n.set_language)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "core/error.html", {"status": 404}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "core/error.html", {"status": 500}, status=500)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's answer to unreadable input; a body over the limit is a 413, not a 400."""
    if isinstance(exception, RequestDataTooBig):
        return refusal(request, status=413, code="too_large")
    return refusal(request, status=400, code="parse_error")

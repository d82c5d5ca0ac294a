"""RFC 9457 problem details for every API error.

Every error body has ``type``, ``title``, ``status``, ``detail``, a stable ``code`` (never
translated) and, for invalid input, ``invalid_params: [{name, code, reason}]``. ``title`` and
``detail`` follow the request language (LocaleMiddleware reads ``Accept-Language``).
Services raise Django ``ValidationError`` or ``Problem``; both arrive here.
"""

import logging
from typing import Any

from django.core.exceptions import (
    PermissionDenied as DjangoPermissionDenied,
)
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from tongban.core.inputs import INPUT_PROBLEMS

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: _("Invalid request"),
    401: _("Not logged in"),
    403: _("Not allowed"),
    404: _("Not found"),
    405: _("Method not allowed"),
    406: _("Not acceptable"),
    409: _("Conflict"),
    413: _("Too large"),
    415: _("Unsupported media type"),
    429: _("Too many requests"),
    500: _("Server error"),
    503: _("Service unavailable"),
}


class Problem(exceptions.APIException):
    """A domain error with its own status and stable code, e.g. a forbidden transition (409)."""

    def __init__(self, *, status_code: int, code: str, detail: Any) -> None:
        self.status_code = status_code
        super().__init__(detail=detail, code=code)
        self.problem_code = code


def problem_body(
    *, status_code: int, code: str, detail: Any, instance: str = "", **extra: Any
) -> dict[str, Any]:
    body = {
        "type": f"urn:tongban:problem:{code}",
        "title": str(TITLES.get(status_code, _("Error"))),
        "status": status_code,
        "detail": str(detail),
        "code": code,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return body


def _invalid_params(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """Flatten DRF's nested error detail into ``[{name, code, reason}]`` with dotted names."""
    params: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = key if key != "non_field_errors" else "__all__"
            if isinstance(
                key, int
            ):  # DRF's errors of a list item: items[0], as guards say
                path = f"{prefix}[{key}]"
            else:
                path = f"{prefix}.{name}" if prefix else str(name)
            params += _invalid_params(value, path)
    elif isinstance(detail, list):
        if all(isinstance(item, exceptions.ErrorDetail | str) for item in detail):
            for item in detail:
                code = getattr(item, "code", "invalid") or "invalid"
                params.append(
                    {"name": prefix or "__all__", "code": code, "reason": str(item)}
                )
        else:
            for index, item in enumerate(detail):
                params += _invalid_params(item, f"{prefix}[{index}]")
    else:
        code = getattr(detail, "code", "invalid") or "invalid"
        params.append(
            {"name": prefix or "__all__", "code": code, "reason": str(detail)}
        )
    return params


def _as_api_exception(exc: Exception) -> exceptions.APIException | None:
    if isinstance(exc, exceptions.APIException):
        return exc
    # Django's body limits, raised while DRF parses: the caller's fault, not ours.
    if isinstance(exc, RequestDataTooBig):
        return Problem(
            status_code=413, code="too_large", detail=INPUT_PROBLEMS["too_large"]
        )
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return Problem(
            status_code=400, code="parse_error", detail=INPUT_PROBLEMS["parse_error"]
        )
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(detail=_with_codes(exc))
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    return None


def _detail(error: DjangoValidationError) -> exceptions.ErrorDetail:
    message = error.message % error.params if error.params else error.message
    return exceptions.ErrorDetail(str(message), error.code or "invalid")


def _with_codes(exc: DjangoValidationError) -> Any:
    """Keep each Django error's code (``ValidationError.messages`` loses it)."""
    if hasattr(exc, "error_dict"):
        return {
            field: [_detail(error) for error in errors]
            for field, errors in exc.error_dict.items()
        }
    return [_detail(error) for error in exc.error_list]


_SUMMARY = {
    "validation_error": _("Some of the data sent is not valid; see invalid_params."),
    # DRF's parser message is English-only and quotes the parser's internals.
    "parse_error": _("The request body could not be read; send valid JSON."),
}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    request = context.get("request")
    instance = request.get_full_path() if request is not None else ""
    api_exc = _as_api_exception(exc)
    if api_exc is None:
        if isinstance(exc, OperationalError | InterfaceError):
            logger.warning("database unavailable: %s", exc)
            body = problem_body(
                status_code=503,
                code="service_unavailable",
                detail=_("The service is briefly unavailable; please try again."),
                instance=instance,
            )
            set_rollback()
            return Response(body, status=503, content_type=CONTENT_TYPE)
        if isinstance(exc, DatabaseError):
            logger.exception("database error")
        else:
            logger.exception("unhandled error in API view")
        body = problem_body(
            status_code=500,
            code="server_error",
            detail=_("Something went wrong on our side; the error has been logged."),
            instance=instance,
        )
        set_rollback()
        return Response(body, status=500, content_type=CONTENT_TYPE)

    set_rollback()
    status_code = api_exc.status_code
    headers = {}
    wait = getattr(api_exc, "wait", None)
    if isinstance(api_exc, exceptions.Throttled) and wait is not None:
        headers["Retry-After"] = str(int(wait))
    if isinstance(api_exc, exceptions.ValidationError):
        code = "validation_error"
        extra = {"invalid_params": _invalid_params(api_exc.detail)}
        detail: Any = _SUMMARY[code]
    else:
        code = getattr(api_exc, "problem_code", None) or _default_code(api_exc)
        extra = {}
        detail = _SUMMARY.get(code) or (
            api_exc.detail
            if not isinstance(api_exc.detail, dict | list)
            else api_exc.default_detail
        )
    body = problem_body(
        status_code=status_code, code=code, detail=detail, instance=instance, **extra
    )
    return Response(
        body, status=status_code, headers=headers, content_type=CONTENT_TYPE
    )


def _default_code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    if isinstance(codes, str):
        return codes
    return str(exc.default_code)


def problem_response(
    *, status_code: int, code: str, detail: Any, instance: str = ""
) -> JsonResponse:
    """A problem answered outside DRF (middleware, catch-all, error handlers)."""
    body = problem_body(
        status_code=status_code, code=code, detail=detail, instance=instance
    )
    return JsonResponse(
        body,
        status=status_code,
        content_type=CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


@csrf_exempt  # it changes nothing; without this a POST with a session met CSRF's HTML 403
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Catch-all for unknown ``/api/…`` URLs: a 404 problem instead of an HTML page."""
    return problem_response(
        status_code=status.HTTP_404_NOT_FOUND,
        code="not_found",
        detail=_("There is no API resource at this address."),
        instance=request.get_full_path(),
    )

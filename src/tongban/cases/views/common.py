"""What every case page needs: who may open it, calling a service with its errors put on
the form, a conflict (someone else acted first) turned into a message, and streaming a
stored file."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from tongban.core.api.problems import Problem
from tongban.core.permissions import not_found
from tongban.documents.http import download_response
from tongban.documents.services import document_read

View = TypeVar("View", bound=Callable[..., HttpResponse])
SUBMITTED_KEY = (
    "tongban_submitted_cases"  # case uuid → query code, shown again on reload
)


def _kind_required(attribute: str, login_url: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), login_url)
            if not getattr(request.user, attribute, False):
                raise not_found()
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]  # wraps() keeps the view's signature; its stub says _Wrapped

    return decorator


applicant_required = _kind_required("is_applicant", "accounts:applicant-login")
staff_required = _kind_required("is_staff_member", "accounts:staff-login")


class Conflict(Exception):
    """The case moved on before this action (another clerk acted first)."""


def call_service(form: Any, service: Callable[[], Any]) -> Any:
    """Run ``service``; on a ``ValidationError`` or a refusal put it on ``form`` and return
    ``None``; a forbidden transition (409) raises ``Conflict`` for the view to redirect."""
    try:
        return service()
    except ValidationError as error:
        form.add_service_errors(error)
    except PermissionDenied as error:
        form.add_error(None, str(error) or _("Your role does not allow this."))
    except Problem as error:
        if error.status_code == 409:
            raise Conflict(str(error.detail)) from error
        form.add_error(None, str(error.detail))
    return None


def conflict_redirect(request: HttpRequest, error: Conflict, to: str) -> HttpResponse:
    messages.error(
        request,
        _(
            "The case changed before your action was saved (someone else may have acted "
            "first): {detail} The page now shows its current state."
        ).format(detail=str(error)),
    )
    return redirect(to)


def remember_query_code(request: HttpRequest, case: Any, query_code: str) -> None:
    codes = dict(request.session.get(SUBMITTED_KEY) or {})
    codes[str(case.uuid)] = query_code
    request.session[SUBMITTED_KEY] = codes


def remembered_query_code(request: HttpRequest, case: Any) -> str | None:
    return (request.session.get(SUBMITTED_KEY) or {}).get(str(case.uuid))


def file_response(stored: Any) -> HttpResponse:
    try:
        data = document_read(stored=stored)
    except OSError as error:  # missing or corrupted in storage: say so, do not serve
        raise not_found() from error
    return download_response(
        data, content_type=stored.content_type, filename=stored.name, kind=stored.kind
    )


def posted(request: HttpRequest) -> tuple[Any, Any]:
    """Data and files to bind a form to: bound on every POST, even an empty one (a form
    bound to ``request.POST or None`` stays unbound, and silent, when nothing was sent)."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def online_channel(request: HttpRequest) -> str:
    """申报来源 of an online application made in this browser: ``mobile`` when the browser
    says it runs on a phone (the ``Sec-CH-UA-Mobile`` client hint, else "Mobi" in the
    user agent, the marker browsers use for phones), otherwise ``pc``. Self-service
    terminals submit through the API with ``channel=terminal``."""
    hint = request.headers.get("Sec-CH-UA-Mobile")
    if hint is not None:
        return "mobile" if hint.strip() == "?1" else "pc"
    return "mobile" if "Mobi" in request.headers.get("User-Agent", "") else "pc"

"""Public case pages: the progress query by case number and query code (no login, no
personal data) and the verification of a statutory notice (the QR code's target)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tongban.cases import presentation, selectors
from tongban.cases.forms.applicant import ProgressForm
from tongban.cases.notices import NoticeKind
from tongban.cases.notices.render import TITLES
from tongban.cases.views.common import posted
from tongban.core.api.throttling import AnonThrottle


@require_http_methods(["GET", "POST"])
def progress(request: HttpRequest) -> HttpResponse:
    """POST, so the query code stays out of addresses, history and server logs; guesses
    are rate-limited like the API's anonymous calls (the code has only 8 digits)."""
    if request.method == "POST" and not AnonThrottle().allow_request(request, None):  # type: ignore[arg-type]  # DRF reads only META and user
        return render(
            request,
            "cases/progress.html",
            {"form": ProgressForm(), "throttled": True},
            status=429,
        )
    form = ProgressForm(*posted(request)[:1])
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        case = selectors.case_by_number_and_code(
            number=form.cleaned_data["number"],
            query_code=form.cleaned_data["query_code"],
        )
        if case is None:
            form.add_error(
                None, _("No case matches this number and query code. Check both.")
            )
        else:
            context.update(
                {
                    "case": case,
                    "state": presentation.state_label(case.state),
                    "timeline": presentation.timeline(case, with_reasons=False),
                }
            )
    status = 404 if form.non_field_errors() else 200
    return render(request, "cases/progress.html", context, status=status)


@require_GET
def notice_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Shows whether a notice is genuine: its number, kind, authority, date and case, and
    nothing personal beyond the first character of the applicant's name."""
    notice = selectors.notice_by_verify_code(code=code)
    context: dict[str, Any] = {"notice": notice}
    if notice is not None:
        name = notice.case.applicant.name
        context.update(
            {
                "title": TITLES[NoticeKind(notice.kind)],
                "applicant": name[:1] + "*" * max(len(name) - 1, 1),
            }
        )
    return render(
        request, "cases/notice_verify.html", context, status=200 if notice else 404
    )

"""Public case pages: the progress query by case number and query code (no login, no
personal data), sending a lost query code to the applicant's phone, and the verification of a statutory notice (the QR code's target)."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tongban.cases import selectors
from tongban.cases.forms.applicant import ProgressForm, QueryCodeRecoveryForm
from tongban.cases.notices import NoticeKind
from tongban.cases.notices.render import TITLES
from tongban.cases.progress import ProgressRefused, progress_lookup
from tongban.cases.services.query_code import case_query_code_resend
from tongban.cases.views.common import posted
from tongban.core.api.throttling import ScopedThrottle


@require_http_methods(["GET", "POST"])
def progress(request: HttpRequest) -> HttpResponse:
    """POST, so the query code stays out of addresses, history and server logs; every
    caller is throttled and wrong codes lock the number (``cases.progress``)."""
    form = ProgressForm(*posted(request)[:1])
    context: dict[str, Any] = {"form": form}
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            found = progress_lookup(
                request=request,
                number=form.cleaned_data["number"],
                query_code=form.cleaned_data["query_code"],
            )
        except ProgressRefused as refused:
            context.update({"form": ProgressForm(), "refused": refused})
            return render(request, "cases/progress.html", context, status=429)
        if found is None:
            form.add_error(
                None, _("No case matches this number and query code. Check both.")
            )
            status = 404
        else:
            context["progress"] = found
    return render(request, "cases/progress.html", context, status=status)


@require_http_methods(["GET", "POST"])
def query_code_recover(request: HttpRequest) -> HttpResponse:
    """Sends a lost query code to the phone registered on the case; the answer is the same
    whether or not the case exists and the phone matches (``case_query_code_resend``)."""
    form = QueryCodeRecoveryForm(*posted(request)[:1])
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        if not (
            ScopedThrottle("sms_address").allow(request)
            and ScopedThrottle("sms_phone").allow(request, key=f"phone:{phone}")
        ):
            context = {"form": QueryCodeRecoveryForm(), "throttled": True}
            return render(request, "cases/query_code_recover.html", context, status=429)
        case_query_code_resend(number=form.cleaned_data["number"], phone=phone)
        messages.info(
            request,
            _(
                "If the case number and phone match, the query code has been sent to "
                "that phone."
            ),
        )
        return redirect("cases:progress")
    return render(request, "cases/query_code_recover.html", {"form": form})


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

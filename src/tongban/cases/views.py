"""Case pages: the public verification of a statutory notice (the QR code's target)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tongban.cases import selectors
from tongban.cases.notices import NoticeKind
from tongban.cases.notices.render import TITLES


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

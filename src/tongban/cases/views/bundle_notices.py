"""The combined notice of acceptance of a bundle case on the pages: issued by a POST from
the applicant's bundle page or the counter's (after a bundle intake), served as a PDF, and
checked by anyone on the public verification page its QR code opens.

Staff reading a notice (it names the applicant) is audited with its purpose; the
verification page shows nothing personal beyond the first character of the name.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tongban.cases.selectors_bundles import (
    bundle_case_get_for,
    bundle_notice_by_verify_code,
    bundle_notice_get,
)
from tongban.cases.services.bundle_notice import (
    bundle_notice_issue,
    bundle_notice_pdf,
    bundle_notice_read,
)
from tongban.cases.views.common import applicant_required, staff_required
from tongban.core.api.problems import Problem
from tongban.core.pdf import PdfUnavailable
from tongban.documents.http import download_response


def _issue(request: HttpRequest, uuid: str, pdf_route: str) -> HttpResponse:
    bundle_case = bundle_case_get_for(user=request.user, uuid=uuid)
    notice = bundle_notice_issue(bundle_case=bundle_case, actor=request.user)
    return redirect(pdf_route, uuid=bundle_case.uuid, notice=notice.uuid)


def _pdf(notice: Any) -> HttpResponse:
    try:
        pdf = bundle_notice_pdf(notice=notice)
    except (OSError, PdfUnavailable) as error:  # Pango or fonts missing here
        raise Problem(
            status_code=503,
            code="notice_unavailable",
            detail=_("The notice cannot be printed right now; please try again later."),
        ) from error
    return download_response(
        pdf, content_type="application/pdf", filename=notice.number, kind="pdf"
    )


@applicant_required
@require_POST
def my_bundle_notice_issue(request: HttpRequest, uuid: str) -> HttpResponse:
    return _issue(request, uuid, "cases:my-bundle-notice-pdf")


@applicant_required
@require_GET
def my_bundle_notice_pdf(request: HttpRequest, uuid: str, notice: str) -> HttpResponse:
    bundle_case = bundle_case_get_for(user=request.user, uuid=uuid)
    return _pdf(bundle_notice_get(bundle_case=bundle_case, uuid=notice))


@staff_required
@require_POST
def workbench_bundle_notice_issue(request: HttpRequest, uuid: str) -> HttpResponse:
    return _issue(request, uuid, "cases:workbench-bundle-notice-pdf")


@staff_required
@require_GET
def workbench_bundle_notice_pdf(
    request: HttpRequest, uuid: str, notice: str
) -> HttpResponse:
    bundle_case = bundle_case_get_for(user=request.user, uuid=uuid)
    found = bundle_notice_get(bundle_case=bundle_case, uuid=notice)
    bundle_notice_read(actor=request.user, notice=found)
    return _pdf(found)


@require_GET
def bundle_notice_verify(request: HttpRequest, code: str) -> HttpResponse:
    notice = bundle_notice_by_verify_code(code=code)
    context: dict[str, Any] = {"notice": notice}
    if notice is not None:
        name = notice.bundle_case.applicant.name
        context["applicant"] = name[:1] + "*" * max(len(name) - 1, 1)
    return render(
        request,
        "cases/bundle_notice_verify.html",
        context,
        status=200 if notice else 404,
    )
